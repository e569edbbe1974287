//! Execution limits: payload size (`States.DataLimitExceeded`), nesting depth, and bounded
//! JSON text for history events.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

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

/// Deepest nesting of a state's output. Every serialisation, conversion and drop of a value
/// recurses, so a loop that wraps its input once per iteration (`"Parameters": {"x.$": "$"}`)
/// would otherwise overflow the stack. 512 is the nesting limit of definitions too; a template
/// applied to such an output stays near 1,000 levels, which every pass handles even in a debug
/// build. Reaching it stops the run (`aslctl.PayloadTooDeep`).
pub const MAX_PAYLOAD_DEPTH: usize = 512;

/// Levels of each checked output whose containers are remembered with their nesting.
const REMEMBERED_LEVELS: usize = 2;
/// How many containers are remembered at most.
const REMEMBERED_MAX: usize = 64;

/// What the last check on this thread learnt.
#[derive(Default)]
struct Checked {
    /// Nesting of containers near the top of the last checked value, keyed by address. The
    /// values are held in `held`, so an address cannot be reused while it is a key, and a
    /// shared value cannot change. A state's output mostly shares its input's subtrees (the
    /// previous output), so only what the state built is walked again.
    known: HashMap<usize, usize, foldhash::fast::FixedState>,
    held: Vec<Value>,
    /// Scratch for the current check (kept to reuse its allocation).
    fresh: Vec<(Value, usize)>,
}

thread_local! {
    static CHECKED: RefCell<Checked> = RefCell::new(Checked::default());
}

/// The address of a container, its identity while it is alive.
fn address(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(Rc::as_ptr(a).cast::<()>() as usize),
        Value::Object(m) => Some(Rc::as_ptr(m).cast::<()>() as usize),
        _ => None,
    }
}

/// Whether `value` nests arrays and objects more than `max` levels deep (a scalar is 0, `[]`
/// is 1, `[[1]]` is 2). The walk recurses at most `max + 1` levels, whatever the value, so
/// `max` must stay small ([`MAX_PAYLOAD_DEPTH`]); containers near the top of the value
/// checked last on this thread are not walked again.
#[must_use]
pub fn deeper_than(value: &Value, max: usize) -> bool {
    CHECKED.with_borrow_mut(|c| {
        // An output that is its input unchanged: known, and what is known below it stays.
        if let Some(n) = address(value).and_then(|a| c.known.get(&a)) {
            return *n > max;
        }
        c.fresh.clear();
        if measure(value, 0, max, &c.known, &mut c.fresh).is_none() {
            return true;
        }
        if !c.fresh.is_empty() {
            c.known.clear();
            c.held.clear();
            for (v, n) in c.fresh.drain(..) {
                if let Some(a) = address(&v) {
                    c.known.insert(a, n);
                    c.held.push(v);
                }
            }
        }
        false
    })
}

/// The nesting of `v`, found at `level` of the value being checked, or `None` when the value
/// nests more than `max` levels. Containers of the top [`REMEMBERED_LEVELS`] levels go to
/// `fresh` with their nesting.
fn measure(
    v: &Value,
    level: usize,
    max: usize,
    known: &HashMap<usize, usize, foldhash::fast::FixedState>,
    fresh: &mut Vec<(Value, usize)>,
) -> Option<usize> {
    let Some(addr) = address(v) else {
        return Some(0);
    };
    let n = match known.get(&addr) {
        Some(&n) => n,
        // This container alone puts the value one level deeper than `level`.
        None if level + 1 > max => return None,
        None => {
            let mut deepest = 0;
            match v {
                Value::Array(items) => {
                    for c in items.iter() {
                        deepest = deepest.max(measure(c, level + 1, max, known, fresh)?);
                    }
                }
                Value::Object(map) => {
                    for c in map.values() {
                        deepest = deepest.max(measure(c, level + 1, max, known, fresh)?);
                    }
                }
                _ => {}
            }
            deepest + 1
        }
    };
    if level + n > max {
        return None;
    }
    if level <= REMEMBERED_LEVELS && fresh.len() < REMEMBERED_MAX {
        fresh.push((v.clone(), n));
    }
    Some(n)
}

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
    fn measures_depth_without_recursion() {
        assert!(!deeper_than(&json!(1), 0));
        assert!(!deeper_than(&json!({"a": [1]}), 2));
        assert!(deeper_than(&json!({"a": [1]}), 1));
        assert!(deeper_than(&json!([[], {"a": {"b": {}}}]), 2));
        let mut v = json!([]);
        for _ in 0..599 {
            v = Value::from(vec![v]);
        }
        assert!(deeper_than(&v, MAX_PAYLOAD_DEPTH));
        assert!(!deeper_than(&v, 600));
        // Measured again from what the last call remembered, with a new top level.
        let wrapped = json!({"a": v.clone(), "b": [1]});
        assert!(!deeper_than(&wrapped, 601));
        assert!(deeper_than(&wrapped, 600));
        // Far deeper than any stack allows for a recursive walk.
        let mut v = json!([]);
        for _ in 0..200_000 {
            v = Value::from(vec![v]);
        }
        assert!(deeper_than(&v, MAX_PAYLOAD_DEPTH));
        // Dropping it recursively would overflow; unwrap it level by level instead.
        while let Value::Array(items) = v {
            v = std::rc::Rc::unwrap_or_clone(items)
                .pop()
                .unwrap_or_default();
        }
    }

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
