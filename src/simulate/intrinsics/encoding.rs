//! `States.Base64Encode` and `States.Base64Decode`.

use crate::simulate::value::Value;
use aslctl_parser::intrinsic_fn::IntrinsicFn;
use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};

use super::{IntrinsicError, Rng, string_arg};

/// AWS doc: both functions take "a data string of up to 10,000 characters".
const MAX_CHARS: usize = 10_000;

/// Decoding as lenient as Java's MIME decoder: padding optional, trailing bits ignored.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

fn limited(f: IntrinsicFn, args: &[Value]) -> Result<&str, IntrinsicError> {
    let s = string_arg(f, args, 0)?;
    let n = s.chars().count();
    if n > MAX_CHARS {
        return Err(IntrinsicError::new(
            f,
            format!("the input has {n} characters, more than the limit of {MAX_CHARS}"),
        ));
    }
    Ok(s)
}

/// `States.Base64Encode(string)`: standard alphabet with padding over the UTF-8 bytes.
pub(super) fn base64_encode(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let s = limited(IntrinsicFn::Base64Encode, args)?;
    Ok(Value::from(STANDARD.encode(s.as_bytes())))
}

/// `States.Base64Decode(string)`: the decoded bytes read as UTF-8.
///
/// MIME decoding skips characters outside the alphabet (line breaks in wrapped input);
/// invalid UTF-8 is replaced by U+FFFD, as Java's `new String(bytes, UTF_8)` does.
pub(super) fn base64_decode(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::Base64Decode;
    let s = limited(f, args)?;
    let cleaned: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    let bytes = LENIENT
        .decode(cleaned.trim_end_matches('='))
        .map_err(|e| IntrinsicError::new(f, format!("the input is not valid Base64: {e}")))?;
    Ok(Value::from(String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    #[test]
    fn doc_example_round_trips() {
        // AWS intrinsic functions doc: "Data to encode" ↔ "RGF0YSB0byBlbmNvZGU=".
        let mut rng = Rng::new(0);
        let enc = base64_encode(&[json!("Data to encode")], &mut rng).unwrap();
        assert_eq!(enc, json!("RGF0YSB0byBlbmNvZGU="));
        let dec = base64_decode(&[enc], &mut rng).unwrap();
        assert_eq!(dec, json!("Data to encode"));
        // intrinsic_base_64_{encode,decode}_00: empty in, empty out.
        assert_eq!(base64_encode(&[json!("")], &mut rng).unwrap(), json!(""));
        assert_eq!(base64_decode(&[json!("")], &mut rng).unwrap(), json!(""));
    }

    #[test]
    fn decode_is_lenient_but_not_blind() {
        let mut rng = Rng::new(0);
        assert_eq!(
            base64_decode(&[json!("RGF0YSB0\r\nbyBlbmNvZGU")], &mut rng).unwrap(),
            json!("Data to encode")
        );
        assert!(base64_decode(&[json!("A")], &mut rng).is_err());
        assert!(base64_decode(&[json!("QQ==QQ")], &mut rng).is_err());
    }

    #[test]
    fn size_limit() {
        let mut rng = Rng::new(0);
        assert!(base64_encode(&[json!("x".repeat(MAX_CHARS))], &mut rng).is_ok());
        assert!(base64_encode(&[json!("x".repeat(MAX_CHARS + 1))], &mut rng).is_err());
        assert!(base64_encode(&[json!(1)], &mut rng).is_err());
    }
}
