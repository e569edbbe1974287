//! Per-execution environment: the variables scope stack, and the evaluation context one
//! state's expressions see (`$`, `$$`, `$name`).

use serde_json::{Map, Value};

use super::context::LazyContext;
use super::path::{self, PathError, Value as V};
use aslctl_parser::expr::{Path, Root};

/// Workflow variables: one frame for the execution and one per Map iteration or Parallel
/// branch, since variables assigned inside those are scoped to them (AWS "Passing data between
/// states with variables").
#[derive(Debug, Clone)]
pub struct Vars {
    frames: Vec<Map<String, Value>>,
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
    pub fn set(&mut self, name: String, value: Value) {
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
}

impl<'a> EvalCx<'a> {
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
        }
    }

    /// Evaluates a path.
    ///
    /// # Errors
    /// As [`path::select`].
    pub fn select(&self, p: &Path) -> Result<V, PathError> {
        let context = if p.root == Root::Context {
            self.context.get()
        } else {
            &Value::Null
        };
        path::select(p, self.input, context, |name| self.vars.get(name))
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
