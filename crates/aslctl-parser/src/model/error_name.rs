//! Error names: the predefined `States.*` errors and custom ones.

/// An error name as used in `ErrorEquals`, `Fail.Error` and task failures.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorName {
    /// `States.ALL`: matches any error name (with AWS's exceptions, see the simulator).
    All,
    /// `States.DataLimitExceeded`
    DataLimitExceeded,
    /// `States.ExceedToleratedFailureThreshold`
    ExceedToleratedFailureThreshold,
    /// `States.HeartbeatTimeout`
    HeartbeatTimeout,
    /// `States.Http.Socket`
    HttpSocket,
    /// `States.IntrinsicFailure`
    IntrinsicFailure,
    /// `States.ItemReaderFailed`
    ItemReaderFailed,
    /// `States.NoChoiceMatched`
    NoChoiceMatched,
    /// `States.ParameterPathFailure`
    ParameterPathFailure,
    /// `States.Permissions`
    Permissions,
    /// `States.QueryEvaluationError`
    QueryEvaluationError,
    /// `States.ResultPathMatchFailure`
    ResultPathMatchFailure,
    /// `States.ResultWriterFailed`
    ResultWriterFailed,
    /// `States.Runtime`
    Runtime,
    /// `States.TaskFailed`
    TaskFailed,
    /// `States.Timeout`
    Timeout,
    /// `States.BranchFailed`
    BranchFailed,
    /// Any other name (service errors such as `Lambda.ServiceException`, user errors).
    Custom(String),
}

const PREDEFINED: [(&str, ErrorName); 17] = [
    ("States.ALL", ErrorName::All),
    ("States.DataLimitExceeded", ErrorName::DataLimitExceeded),
    (
        "States.ExceedToleratedFailureThreshold",
        ErrorName::ExceedToleratedFailureThreshold,
    ),
    ("States.HeartbeatTimeout", ErrorName::HeartbeatTimeout),
    ("States.Http.Socket", ErrorName::HttpSocket),
    ("States.IntrinsicFailure", ErrorName::IntrinsicFailure),
    ("States.ItemReaderFailed", ErrorName::ItemReaderFailed),
    ("States.NoChoiceMatched", ErrorName::NoChoiceMatched),
    (
        "States.ParameterPathFailure",
        ErrorName::ParameterPathFailure,
    ),
    ("States.Permissions", ErrorName::Permissions),
    (
        "States.QueryEvaluationError",
        ErrorName::QueryEvaluationError,
    ),
    (
        "States.ResultPathMatchFailure",
        ErrorName::ResultPathMatchFailure,
    ),
    ("States.ResultWriterFailed", ErrorName::ResultWriterFailed),
    ("States.Runtime", ErrorName::Runtime),
    ("States.TaskFailed", ErrorName::TaskFailed),
    ("States.Timeout", ErrorName::Timeout),
    ("States.BranchFailed", ErrorName::BranchFailed),
];

impl ErrorName {
    /// Parses a name; `States.*` names that are not predefined stay [`ErrorName::Custom`].
    #[must_use]
    pub fn parse(s: &str) -> ErrorName {
        PREDEFINED
            .iter()
            .find(|(n, _)| *n == s)
            .map_or_else(|| ErrorName::Custom(s.to_string()), |(_, e)| e.clone())
    }

    /// The name as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ErrorName::Custom(s) => s,
            other => PREDEFINED
                .iter()
                .find(|(_, e)| e == other)
                .map_or("", |(n, _)| n),
        }
    }

    /// The predefined names, for "did you mean" suggestions.
    pub fn predefined_names() -> impl Iterator<Item = &'static str> {
        PREDEFINED.iter().map(|(n, _)| *n)
    }

    /// Whether this is a name in the reserved `States.` namespace that AWS does not define.
    #[must_use]
    pub fn is_unknown_states_name(&self) -> bool {
        matches!(self, ErrorName::Custom(s) if s.starts_with("States."))
    }
}

impl std::fmt::Display for ErrorName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips() {
        for n in ErrorName::predefined_names() {
            assert_eq!(ErrorName::parse(n).as_str(), n);
            assert!(!matches!(ErrorName::parse(n), ErrorName::Custom(_)));
        }
        assert_eq!(
            ErrorName::parse("Lambda.ServiceException"),
            ErrorName::Custom("Lambda.ServiceException".into())
        );
        assert!(ErrorName::parse("States.Timout").is_unknown_states_name());
        // Matching is exact and case-sensitive.
        assert!(ErrorName::parse("states.all").as_str() == "states.all");
    }
}
