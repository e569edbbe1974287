//! Per-execution environment: the variables scope stack, and the evaluation context one
//! state's expressions see (`$`, `$$`, `$name`).

use super::context::LazyContext;
use super::path::{self, PathError};
use super::value::{Map, Value};
use aslctl_parser::expr::{Path, Root};

/// Workflow variables: one frame for the execution and one per Map iteration or Parallel
/// branch, since variables assigned inside those are scoped to them (AWS "Passing data between
/// states with variables").
#[derive(Debug, Clone)]
pub struct Vars {
    frames: Vec<Map>,
}

impl Default for Vars {
    fn default() -> Vars {
        Vars {
            frames: vec![Map::new()],
        }
    }
}

impl Vars {
    /// The innermost binding of `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.frames.iter().rev().find_map(|f| f.get(name))
    }

    /// Binds `name` in the innermost frame.
    pub fn set(&mut self, name: impl Into<super::value::Str>, value: Value) {
        if let Some(frame) = self.frames.last_mut() {
            frame.insert(name, value);
        }
    }

    /// Opens a frame (entering a Map iteration or Parallel branch).
    pub fn push(&mut self) {
        self.frames.push(Map::new());
    }

    /// Closes the innermost frame; the execution frame is never closed.
    pub fn pop(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }
}

/// What a state's expressions can read.
pub struct EvalCx<'a> {
    /// `$`: the document paths start from.
    pub input: &'a Value,
    /// `$$`
    pub context: &'a LazyContext<'a>,
    /// `$name`
    pub vars: &'a Vars,
    /// The state, for error causes.
    pub state_name: &'a str,
    /// Id of the state's `…StateEntered` event, for error causes.
    pub entered_id: u64,
    /// JSONata `$states.result`: the Task, Map or Parallel result (in `Output`/`Assign`).
    pub result: Option<&'a Value>,
    /// JSONata `$states.errorOutput` (in a catcher's `Output`/`Assign`).
    pub error_output: Option<&'a Value>,
    /// JSONata `$now()`/`$millis()`: when the state was entered, in virtual time (ms since
    /// the Unix epoch).
    pub now_ms: i64,
}

impl<'a> EvalCx<'a> {
    /// The context a state's own fields are evaluated in: no input document yet (callers set it
    /// with [`EvalCx::with_input`]), no result and no error output.
    #[must_use]
    pub fn for_state(
        context: &'a LazyContext<'a>,
        vars: &'a Vars,
        state_name: &'a str,
        entered_id: u64,
        now_ms: i64,
    ) -> EvalCx<'a> {
        EvalCx {
            input: &Value::Null,
            context,
            vars,
            state_name,
            entered_id,
            result: None,
            error_output: None,
            now_ms,
        }
    }

    /// The same context over another input document.
    #[must_use]
    pub fn with_input<'b>(&'b self, input: &'b Value) -> EvalCx<'b>
    where
        'a: 'b,
    {
        EvalCx {
            input,
            context: self.context,
            vars: self.vars,
            state_name: self.state_name,
            entered_id: self.entered_id,
            result: self.result,
            error_output: self.error_output,
            now_ms: self.now_ms,
        }
    }

    /// The same context with `$states.result` bound.
    #[must_use]
    pub fn with_result<'b>(&'b self, result: &'b Value) -> EvalCx<'b>
    where
        'a: 'b,
    {
        let mut cx = self.with_input(self.input);
        cx.result = Some(result);
        cx
    }

    /// The same context with `$states.errorOutput` bound.
    #[must_use]
    pub fn with_error_output<'b>(&'b self, error_output: &'b Value) -> EvalCx<'b>
    where
        'a: 'b,
    {
        let mut cx = self.with_input(self.input);
        cx.error_output = Some(error_output);
        cx
    }

    /// Evaluates a path.
    ///
    /// # Errors
    /// As [`path::select`].
    pub fn select(&self, p: &Path) -> Result<Value, PathError> {
        use aslctl_parser::expr::Segment;
        if p.root != Root::Context {
            return path::select(p, self.input, &Value::Null, |name| self.vars.get(name));
        }
        // `$$.Member…` with plain steps reads just that member of the context object (for
        // `$$.Map.Item.Value`, no `Execution` object is built).
        if let [Segment::Member(first), rest @ ..] = p.segments.as_slice()
            && rest
                .iter()
                .all(|s| matches!(s, Segment::Member(_) | Segment::Index(_)))
        {
            let child = self.context.child(first);
            return child
                .as_ref()
                .and_then(|c| path::walk(c, rest))
                .cloned()
                .ok_or_else(|| PathError::NotFound {
                    path: path::normalized(p),
                });
        }
        path::select(p, self.input, self.context.get(), |name| {
            self.vars.get(name)
        })
    }

    /// AWS's prefix for errors raised while a state runs.
    #[must_use]
    pub fn prefixed(&self, detail: &str) -> String {
        format!(
            "An error occurred while executing the state '{}' (entered at the event id #{}). {detail}",
            self.state_name, self.entered_id
        )
    }

    /// The input as compact JSON, for causes (cut at 256 KiB).
    #[must_use]
    pub fn input_text(&self) -> String {
        super::limits::bounded_text(self.input, super::limits::PAYLOAD_LIMIT_BYTES).0
    }
}
