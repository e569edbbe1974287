//! ASL110 `invalid-timestamp`.

use crate::lint::prelude::*;
use aslctl_parser::model::operator::OperandKind;

declare_rule! {
    /// ## What it does
    /// Flags a Wait `Timestamp` or a `Timestamp...` Choice operand that is not an RFC 3339
    /// timestamp with an uppercase `T` and `Z` (or a numeric offset).
    ///
    /// ## Why is this bad?
    /// AWS requires "the RFC3339 profile of ISO 8601, with the further restrictions that an
    /// uppercase T must separate the date and time portions, and an uppercase Z must denote
    /// that a numeric time zone offset is not present" (Wait state, AWS developer guide).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2024-01-01 10:00:00", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2024-01-01T10:00:00Z", "End": true}}}
    /// ```
    InvalidTimestamp { code: "ASL110", name: "invalid-timestamp", severity: Error }
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// The RFC 3339 profile AWS accepts: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
#[must_use]
pub fn is_rfc3339(s: &str) -> bool {
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    let d: Vec<&str> = date.split('-').collect();
    let [y, m, dd] = d.as_slice() else {
        return false;
    };
    if !(digits(y, 4) && digits(m, 2) && digits(dd, 2)) {
        return false;
    }
    let (clock, offset_ok) = if let Some(c) = time.strip_suffix('Z') {
        (c, true)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let off = &time[i + 1..];
        let ok = off
            .split_once(':')
            .is_some_and(|(h, mm)| digits(h, 2) && digits(mm, 2));
        (&time[..i], ok)
    } else {
        (time, false)
    };
    if !offset_ok {
        return false;
    }
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
    let t: Vec<&str> = hms.split(':').collect();
    let [h, mi, sec] = t.as_slice() else {
        return false;
    };
    if !(digits(h, 2)
        && digits(mi, 2)
        && digits(sec, 2)
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let normalized = format!("{date}T{hms}Z");
    chrono::DateTime::parse_from_rfc3339(&normalized).is_ok()
}

impl InvalidTimestamp {
    fn check(node: &Node, pointer: &str, cx: &mut LintCx<'_>) {
        let Some(s) = node.as_str() else {
            return;
        };
        if is_dynamic(s) || is_rfc3339(s) {
            return;
        }
        cx.report(
            Self::META
                .at(node.span, pointer, format!("`{s}` is not an RFC 3339 timestamp"))
                .with_help("write it like `2024-01-31T23:59:59Z` (uppercase `T` and `Z`, or an offset such as `+01:00`)"),
        );
    }
}

impl Rule for InvalidTimestamp {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        match &state.kind {
            StateKind::Wait(w) => {
                if let Some(ts) = w.timestamp {
                    Self::check(ts, &pointer_push(&state.pointer, "Timestamp"), cx);
                }
            }
            StateKind::Choice(c) => {
                let mut stack: Vec<&ChoiceRule<'_>> = c.choices.iter().collect();
                while let Some(rule) = stack.pop() {
                    if let RuleKind::Compare {
                        operator, operand, ..
                    } = &rule.kind
                        && operator.value.kind == OperandKind::Timestamp
                        && !operator.value.path
                    {
                        Self::check(
                            operand,
                            &pointer_push(&rule.pointer, &operator.value.name()),
                            cx,
                        );
                    }
                    stack.extend(rule.children());
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_rfc3339;

    #[test]
    fn profile() {
        assert!(is_rfc3339("2016-03-14T01:59:00Z"));
        assert!(is_rfc3339("2016-03-14T01:59:00.123+05:30"));
        assert!(!is_rfc3339("2016-03-14t01:59:00z"));
        assert!(!is_rfc3339("2016-03-14 01:59:00Z"));
        assert!(!is_rfc3339("2016-13-14T01:59:00Z"));
        assert!(!is_rfc3339("2016-03-14T01:59:00"));
    }
}
