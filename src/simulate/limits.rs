//! Execution limits: payload size (`States.DataLimitExceeded`), nesting depth, and bounded
//! JSON text for history events.

use std::io::Write;

use super::value::Value;

/// AWS's payload quota: 256 KiB of UTF-8 JSON (AWS "Step Functions service quotas").
pub const PAYLOAD_LIMIT_BYTES: usize = 262_144;

/// Default of `--max-map-items`. AWS has no item limit for an inline Map, but a Standard
/// execution's 25,000-event history fills after a few thousand items, and a 256 KiB payload
/// holds at most 131,072 items (`[0,0,…]`); a distributed Map reads up to 100 million from S3.
/// One million is past anything an inline Map can receive, and keeps the item and result
/// arrays of a simulated run in the tens of MB.
pub const MAX_MAP_ITEMS: usize = 1_000_000;

/// How deep Map and Parallel states may nest at run time.
pub const MAX_NESTING: usize = 64;

/// A writer that counts bytes and stops once past a limit, so measuring a 10 MB value costs
/// no more than writing the limit.
struct Bounded {
    buf: Vec<u8>,
    limit: usize,
    keep: bool,
    len: usize,
}

impl Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.len += bytes.len();
        if self.keep {
            let room = self.limit.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&bytes[..bytes.len().min(room)]);
        }
        if self.len > self.limit {
            return Err(std::io::Error::other("limit"));
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether the compact JSON text of `value` is longer than `limit` bytes.
#[must_use]
pub fn exceeds(value: &Value, limit: usize) -> bool {
    let mut w = Bounded {
        buf: Vec::new(),
        limit,
        keep: false,
        len: 0,
    };
    serde_json::to_writer(&mut w, value).is_err()
}

/// Compact JSON text of `value`, cut at `limit` bytes (on a character boundary); the flag says
/// whether it was cut, as AWS's `*Details.truncated` does.
#[must_use]
pub fn bounded_text(value: &Value, limit: usize) -> (String, bool) {
    let mut buf = Vec::new();
    let truncated = bounded_into(&mut buf, value, limit);
    // `bounded_into` leaves valid UTF-8.
    (String::from_utf8(buf).unwrap_or_default(), truncated)
}

/// [`bounded_text`] into a reused buffer (cleared first); returns whether the text was cut.
pub fn bounded_into(buf: &mut Vec<u8>, value: &Value, limit: usize) -> bool {
    buf.clear();
    let mut w = Bounded {
        buf: std::mem::take(buf),
        limit,
        keep: true,
        len: 0,
    };
    let truncated = serde_json::to_writer(&mut w, value).is_err();
    *buf = w.buf;
    if truncated {
        let valid = match std::str::from_utf8(buf) {
            Ok(_) => buf.len(),
            Err(e) => e.valid_up_to(),
        };
        buf.truncate(valid);
    }
    truncated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    #[test]
    fn measures_compact_text() {
        let v = json!({"a": "é"});
        // {"a":"é"} is 10 bytes of UTF-8.
        assert!(!exceeds(&v, 10));
        assert!(exceeds(&v, 9));
        assert_eq!(bounded_text(&v, 100), ("{\"a\":\"é\"}".to_owned(), false));
        let (cut, truncated) = bounded_text(&v, 7);
        assert!(truncated);
        assert_eq!(cut, "{\"a\":\"");
    }
}
