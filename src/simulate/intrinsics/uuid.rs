//! `States.UUID`: a version 4 UUID drawn from the run's seeded generator.

use crate::simulate::value::Value;

use super::{IntrinsicError, Rng};

/// `States.UUID()`: lowercase hyphenated v4 UUID (AWS doc example
/// `ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8`).
pub(super) fn uuid(_: &[Value], rng: &mut Rng) -> Result<Value, IntrinsicError> {
    let mut bytes = [0_u8; 16];
    rng.fill_bytes(&mut bytes);
    let id = ::uuid::Builder::from_random_bytes(bytes).into_uuid();
    Ok(Value::from(id.hyphenated().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v4_shape_and_determinism() {
        let a = uuid(&[], &mut Rng::new(9)).unwrap();
        let b = uuid(&[], &mut Rng::new(9)).unwrap();
        assert_eq!(a, b);
        let s = a.as_str().unwrap_or_default();
        assert_eq!(s.len(), 36);
        assert_eq!(s.as_bytes()[14], b'4');
        assert!(matches!(s.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(s, s.to_lowercase());
    }
}
