//! Choice-rule comparison operators (`StringEquals`, `NumericLessThanPath`, `IsPresent`, ...).

/// The kind of value an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperandKind {
    /// String comparisons (and `StringMatches`).
    String,
    /// Numeric comparisons.
    Numeric,
    /// Boolean equality.
    Boolean,
    /// RFC 3339 timestamp comparisons.
    Timestamp,
    /// Type tests (`IsNull`, `IsPresent`, ...) whose operand is a boolean.
    Test,
}

/// How two values are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `...Equals`
    Equals,
    /// `...LessThan`
    LessThan,
    /// `...GreaterThan`
    GreaterThan,
    /// `...LessThanEquals`
    LessThanEquals,
    /// `...GreaterThanEquals`
    GreaterThanEquals,
    /// `StringMatches` (`*` wildcard, `\*` and `\\` escapes)
    Matches,
    /// `IsNull`
    IsNull,
    /// `IsPresent`
    IsPresent,
    /// `IsNumeric`
    IsNumeric,
    /// `IsString`
    IsString,
    /// `IsBoolean`
    IsBoolean,
    /// `IsTimestamp`
    IsTimestamp,
}

/// A data-test operator of a JSONPath Choice rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    /// What the operator compares.
    pub kind: OperandKind,
    /// The comparison it makes.
    pub comparison: Comparison,
    /// The `...Path` variant: the operand is a reference path to read from the input.
    pub path: bool,
}

const COMPARE_SUFFIXES: [(&str, Comparison); 5] = [
    ("Equals", Comparison::Equals),
    ("LessThan", Comparison::LessThan),
    ("GreaterThan", Comparison::GreaterThan),
    ("LessThanEquals", Comparison::LessThanEquals),
    ("GreaterThanEquals", Comparison::GreaterThanEquals),
];

impl Operator {
    /// Every operator field name AWS accepts, in a stable order.
    #[must_use]
    pub fn all() -> Vec<Operator> {
        let mut out = Vec::new();
        for kind in [
            OperandKind::String,
            OperandKind::Numeric,
            OperandKind::Timestamp,
        ] {
            for (_, comparison) in COMPARE_SUFFIXES {
                for path in [false, true] {
                    out.push(Operator {
                        kind,
                        comparison,
                        path,
                    });
                }
            }
        }
        for path in [false, true] {
            out.push(Operator {
                kind: OperandKind::Boolean,
                comparison: Comparison::Equals,
                path,
            });
        }
        out.push(Operator {
            kind: OperandKind::String,
            comparison: Comparison::Matches,
            path: false,
        });
        for comparison in [
            Comparison::IsNull,
            Comparison::IsPresent,
            Comparison::IsNumeric,
            Comparison::IsString,
            Comparison::IsBoolean,
            Comparison::IsTimestamp,
        ] {
            out.push(Operator {
                kind: OperandKind::Test,
                comparison,
                path: false,
            });
        }
        out
    }

    /// Parses a Choice-rule field name such as `NumericLessThanEqualsPath`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Operator> {
        let (base, path) = match name.strip_suffix("Path") {
            Some(b) if !b.is_empty() && b != "Is" => (b, true),
            _ => (name, false),
        };
        let test = match base {
            "IsNull" => Some(Comparison::IsNull),
            "IsPresent" => Some(Comparison::IsPresent),
            "IsNumeric" => Some(Comparison::IsNumeric),
            "IsString" => Some(Comparison::IsString),
            "IsBoolean" => Some(Comparison::IsBoolean),
            "IsTimestamp" => Some(Comparison::IsTimestamp),
            _ => None,
        };
        if let Some(comparison) = test {
            return (!path).then_some(Operator {
                kind: OperandKind::Test,
                comparison,
                path,
            });
        }
        if base == "StringMatches" {
            return (!path).then_some(Operator {
                kind: OperandKind::String,
                comparison: Comparison::Matches,
                path,
            });
        }
        if base == "BooleanEquals" {
            return Some(Operator {
                kind: OperandKind::Boolean,
                comparison: Comparison::Equals,
                path,
            });
        }
        let (kind, rest) = if let Some(r) = base.strip_prefix("String") {
            (OperandKind::String, r)
        } else if let Some(r) = base.strip_prefix("Numeric") {
            (OperandKind::Numeric, r)
        } else if let Some(r) = base.strip_prefix("Timestamp") {
            (OperandKind::Timestamp, r)
        } else {
            return None;
        };
        COMPARE_SUFFIXES
            .iter()
            .find(|(s, _)| *s == rest)
            .map(|&(_, comparison)| Operator {
                kind,
                comparison,
                path,
            })
    }

    /// The field name as written in a definition.
    #[must_use]
    pub fn name(self) -> String {
        let kind = match self.kind {
            OperandKind::String => "String",
            OperandKind::Numeric => "Numeric",
            OperandKind::Boolean => "Boolean",
            OperandKind::Timestamp => "Timestamp",
            OperandKind::Test => "",
        };
        let cmp = match self.comparison {
            Comparison::Equals => "Equals",
            Comparison::LessThan => "LessThan",
            Comparison::GreaterThan => "GreaterThan",
            Comparison::LessThanEquals => "LessThanEquals",
            Comparison::GreaterThanEquals => "GreaterThanEquals",
            Comparison::Matches => "Matches",
            Comparison::IsNull => "IsNull",
            Comparison::IsPresent => "IsPresent",
            Comparison::IsNumeric => "IsNumeric",
            Comparison::IsString => "IsString",
            Comparison::IsBoolean => "IsBoolean",
            Comparison::IsTimestamp => "IsTimestamp",
        };
        format!("{kind}{cmp}{}", if self.path { "Path" } else { "" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        let all = Operator::all();
        // 3 kinds x 5 comparisons x 2 + BooleanEquals[Path] + StringMatches + 6 tests.
        assert_eq!(all.len(), 39);
        for op in all {
            assert_eq!(Operator::from_name(&op.name()), Some(op), "{}", op.name());
        }
    }

    #[test]
    fn rejects_non_operators() {
        for bad in [
            "Variable",
            "Next",
            "StringMatchesPath",
            "IsNullPath",
            "Path",
            "Numeric",
            "And",
        ] {
            assert_eq!(Operator::from_name(bad), None, "{bad}");
        }
    }
}
