//! Messages for JSON Schema violations in mock and suite files.

/// Longest quoted value in a message; a violation in a long list should not print the list.
const MAX_QUOTED: usize = 80;

/// The validator's message, with the offending value cut to [`MAX_QUOTED`] characters
/// (its location is given beside the message anyway).
#[must_use]
pub fn message(e: &jsonschema::ValidationError<'_>) -> String {
    let text = e.to_string();
    let quoted = e.instance().to_string();
    if quoted.chars().count() <= MAX_QUOTED {
        return text;
    }
    let short: String = quoted.chars().take(MAX_QUOTED).collect();
    text.replacen(&quoted, &format!("{short}…"), 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_values_are_cut() {
        let schema = serde_json::json!({"type": "string"});
        let v = jsonschema::validator_for(&schema).unwrap();
        let long = serde_json::json!(vec![1; 500]);
        let e = v.iter_errors(&long).next().unwrap();
        let m = super::message(&e);
        assert!(m.len() < 200, "{m}");
        assert!(m.starts_with("[1,1,1"), "{m}");
        assert!(m.contains("…"), "{m}");
        let short = serde_json::json!(3);
        let e = v.iter_errors(&short).next().unwrap();
        assert_eq!(super::message(&e), e.to_string());
    }
}
