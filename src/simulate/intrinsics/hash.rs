//! `States.Hash`: MD5, SHA-1, SHA-256, SHA-384 and SHA-512 as lowercase hex.

use crate::simulate::value::Value;
use aslctl_parser::intrinsic_fn::IntrinsicFn;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::{IntrinsicError, Rng, arg, string_arg};

/// AWS doc: "The data you provide must be an object string containing 10,000 characters or
/// less."
const MAX_CHARS: usize = 10_000;

/// The algorithms AWS accepts, spelled as AWS spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    /// `MD5`
    Md5,
    /// `SHA-1`
    Sha1,
    /// `SHA-256`
    Sha256,
    /// `SHA-384`
    Sha384,
    /// `SHA-512`
    Sha512,
}

impl Algorithm {
    fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            "MD5" => Some(Algorithm::Md5),
            "SHA-1" => Some(Algorithm::Sha1),
            "SHA-256" => Some(Algorithm::Sha256),
            "SHA-384" => Some(Algorithm::Sha384),
            "SHA-512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Md5 => Md5::digest(data).to_vec(),
            Algorithm::Sha1 => Sha1::digest(data).to_vec(),
            Algorithm::Sha256 => Sha256::digest(data).to_vec(),
            Algorithm::Sha384 => Sha384::digest(data).to_vec(),
            Algorithm::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

/// `States.Hash(data, algorithm)`. A string is hashed as its UTF-8 bytes; any other value
/// as its compact JSON text.
pub(super) fn hash(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::Hash;
    let name = string_arg(f, args, 1)?;
    let algorithm = Algorithm::from_name(name).ok_or_else(|| {
        IntrinsicError::new(
            f,
            format!("unknown algorithm {name:?}; expected MD5, SHA-1, SHA-256, SHA-384 or SHA-512"),
        )
    })?;
    let text;
    let data: &str = match arg(args, 0) {
        Value::String(s) => s,
        other => {
            text = serde_json::to_string(other).map_err(|e| IntrinsicError::new(f, e))?;
            &text
        }
    };
    let n = data.chars().count();
    if n > MAX_CHARS {
        return Err(IntrinsicError::new(
            f,
            format!("the input has {n} characters, more than the limit of {MAX_CHARS}"),
        ));
    }
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digest = algorithm.digest(data.as_bytes());
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    Ok(Value::from(hex))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    fn h(data: &str, alg: &str) -> Result<Value, IntrinsicError> {
        hash(&[json!(data), json!(alg)], &mut Rng::new(0))
    }

    #[test]
    fn recorded_digests() {
        // intrinsic_hash_01..03 (the AWS doc's SHA-1 example drops one digit).
        assert_eq!(
            h("input data", "SHA-1").unwrap(),
            json!("aaff4a450a104cd177d28d18d74485e8cae074b7")
        );
        assert_eq!(
            h("input data", "SHA-256").unwrap(),
            json!("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")
        );
        assert_eq!(
            h("input data", "SHA-384").unwrap(),
            json!(
                "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"
            )
        );
        // RFC 1321 and FIPS 180 test vectors for the empty string.
        assert_eq!(
            h("", "MD5").unwrap(),
            json!("d41d8cd98f00b204e9800998ecf8427e")
        );
        assert_eq!(
            h("", "SHA-512").unwrap().as_str().map(|s| &s[..16]),
            Some("cf83e1357eefb8bd")
        );
    }

    #[test]
    fn rejects_unknown_algorithms() {
        assert!(h("x", "SHA256").is_err());
        assert!(h("x", "md5").is_err());
        assert!(h(&"x".repeat(MAX_CHARS + 1), "MD5").is_err());
    }
}
