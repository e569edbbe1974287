//! Replays the recorded `intrinsic_*` AWS cases whose Pass state calls intrinsics on literals
//! and simple paths. Skips silently when the conformance corpus is absent.

use crate::simulate::value::{Map, Value};
use aslctl_parser::intrinsic_fn::IntrinsicFn;

use super::{Rng, call};
use crate::simulate::conformance_support::{cases, simple_path};

/// A tiny evaluator for `States.F(arg, ...)` text: enough for the recorded cases, not the
/// real expression parser.
struct Eval<'a> {
    src: &'a [char],
    pos: usize,
    input: &'a Value,
}

impl Eval<'_> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn call(&mut self, depth: usize) -> Option<Value> {
        if depth > 10 {
            return None;
        }
        let start = self.pos;
        while self.peek().is_some_and(|c| c != '(') {
            self.pos += 1;
        }
        let name: String = self.src.get(start..self.pos)?.iter().collect();
        let f = IntrinsicFn::from_name(name.trim())?;
        self.pos += 1;
        let mut args = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(')') {
                self.pos += 1;
                break;
            }
            let raw = f == IntrinsicFn::Format && args.is_empty();
            args.push(self.arg(depth, raw)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {}
                _ => return None,
            }
        }
        call(f, &args, &mut Rng::new(0)).ok()
    }

    fn arg(&mut self, depth: usize, raw: bool) -> Option<Value> {
        match self.peek()? {
            '\'' => {
                self.pos += 1;
                let mut s = String::new();
                loop {
                    let c = self.peek()?;
                    self.pos += 1;
                    match c {
                        '\'' => break,
                        '\\' => {
                            let e = self.peek()?;
                            self.pos += 1;
                            if raw {
                                s.push('\\');
                            }
                            s.push(e);
                        }
                        _ => s.push(c),
                    }
                }
                Some(Value::from(s))
            }
            'S' => self.call(depth + 1),
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c != ',' && c != ')') {
                    self.pos += 1;
                }
                let text: String = self.src.get(start..self.pos)?.iter().collect();
                let text = text.trim();
                if text.starts_with('$') {
                    simple_path(text, self.input).cloned()
                } else {
                    serde_json::from_str(text).ok()
                }
            }
        }
    }
}

fn evaluate(expr: &str, input: &Value) -> Option<Value> {
    let chars: Vec<char> = expr.chars().collect();
    let mut e = Eval {
        src: &chars,
        pos: 0,
        input,
    };
    let v = e.call(0)?;
    (e.pos == chars.len()).then_some(v)
}

/// The output of a one-state Pass machine whose `Parameters` call intrinsics, or `None`
/// when the case is outside this harness's reach.
fn replay(definition: &Value, input: &Value) -> Option<Value> {
    let states = definition.get("States")?.as_object()?;
    let [state] = states.values().collect::<Vec<_>>()[..] else {
        return None;
    };
    let params = state.get("Parameters")?.as_object()?;
    let mut out = Map::new();
    for (k, v) in params {
        let key = k.strip_suffix(".$")?;
        out.insert(key, evaluate(v.as_str()?, input)?);
    }
    let out = Value::from(out);
    match state.get("OutputPath").and_then(Value::as_str) {
        // `ResultPath: $.r` then `OutputPath: $.r.key` selects one parameter.
        Some(p) => out.get(p.rsplit('.').next()?).cloned(),
        None => Some(out),
    }
}

#[test]
#[allow(clippy::print_stderr)]
fn recorded_intrinsic_cases() {
    let all = cases("intrinsic_");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for case in &all {
        let Some(expected) = case.expected.get("output") else {
            continue;
        };
        let is_jsonpath = case.definition.to_string().contains("States.");
        if !is_jsonpath {
            continue;
        }
        replayed += 1;
        match replay(&case.definition, &case.input) {
            Some(got) if &got == expected => {}
            got => failures.push(format!("{}: expected {expected}, got {got:?}", case.name)),
        }
    }
    eprintln!(
        "intrinsic conformance: {}/{replayed} replayed cases pass ({} cases in corpus)",
        replayed - failures.len(),
        all.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
