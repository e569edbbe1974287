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

thread_local! {
    /// Containers near the top of the last checked output, each with its nesting, keyed by
    /// address. The values are held, so an address cannot be reused while it is a key, and a
    /// shared value cannot change. A state's output mostly shares its input's subtrees (the
    /// previous output), so only what the state built is walked again.
    static CHECKED: RefCell<(HashMap<usize, usize>, Vec<Value>)> =
        RefCell::new((HashMap::new(), Vec::new()));
}

/// The address of a container, its identity while it is alive.
fn address(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(Rc::as_ptr(a).cast::<()>() as usize),
        Value::Object(m) => Some(Rc::as_ptr(m).cast::<()>() as usize),
        _ => None,
    }
}

/// A container being walked: its children still to visit and the deepest nesting among those
/// visited.
struct Frame<'a> {
    node: &'a Value,
    children: Box<dyn Iterator<Item = &'a Value> + 'a>,
    deepest: usize,
}

fn frame(node: &Value) -> Frame<'_> {
    let children: Box<dyn Iterator<Item = &Value>> = match node {
        Value::Array(items) => Box::new(items.iter()),
        Value::Object(map) => Box::new(map.values()),
        _ => Box::new(std::iter::empty()),
    };
    Frame {
        node,
        children,
        deepest: 0,
    }
}

/// Whether `value` nests arrays and objects more than `max` levels deep (a scalar is 0, `[]`
/// is 1, `[[1]]` is 2). Iterative, so safe on any value; containers near the top of the value
/// checked last on this thread are not walked again.
#[must_use]
pub fn deeper_than(value: &Value, max: usize) -> bool {
    CHECKED.with_borrow_mut(|(known, held)| {
        let mut remembered = Vec::new();
        let Some(nesting) = nesting(value, max, known, &mut remembered) else {
            return true;
        };
        // An output that is its input unchanged teaches nothing new.
        if !remembered.is_empty() {
            known.clear();
            held.clear();
            for (v, n) in remembered {
                if let Some(a) = address(&v) {
                    known.insert(a, n);
                    held.push(v);
                }
            }
        }
        nesting > max
    })
}

/// The nesting of `value`, or `None` past `max`, walking each container once with an explicit
/// stack; the containers of the top [`REMEMBERED_LEVELS`] levels go to `remembered`.
fn nesting(
    value: &Value,
    max: usize,
    known: &HashMap<usize, usize>,
    remembered: &mut Vec<(Value, usize)>,
) -> Option<usize> {
    let lookup = |v: &Value| match v {
        Value::Array(_) | Value::Object(_) => address(v).and_then(|a| known.get(&a).copied()),
        _ => Some(0),
    };
    let mut remember = |v: &Value, level: usize, n: usize| {
        if level <= REMEMBERED_LEVELS && remembered.len() < REMEMBERED_MAX && address(v).is_some() {
            remembered.push((v.clone(), n));
        }
    };
    if let Some(n) = lookup(value) {
        return (n <= max).then_some(n);
    }
    let mut stack = vec![frame(value)];
    loop {
        let level = stack.len();
        let top = stack.last_mut()?;
        if let Some(child) = top.children.next() {
            match lookup(child) {
                Some(n) => {
                    top.deepest = top.deepest.max(n);
                    remember(child, level, n);
                }
                None if level + 1 > max => return None,
                None => stack.push(frame(child)),
            }
            continue;
        }
        let done = stack.pop()?;
        let n = done.deepest + 1;
        remember(done.node, level - 1, n);
        match stack.last_mut() {
            Some(parent) => parent.deepest = parent.deepest.max(n),
            None => return (n <= max).then_some(n),
        }
    }
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
