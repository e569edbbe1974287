//! ASL206 `no-path-to-terminal`.

use crate::lint::prelude::*;
use petgraph::visit::{Bfs, Reversed};

declare_rule! {
    /// ## What it does
    /// Flags reachable states from which no terminal state can be reached: a loop with no exit.
    ///
    /// ## Why is this bad?
    /// An execution that enters the loop runs until it hits the 25,000-event history quota or
    /// the execution timeout (a year for Standard workflows). AWS only checks that *some*
    /// terminal state exists, so this is accepted at create time.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}], "Default": "Wait"}, "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"}, "Poll": {"Type": "Pass", "Next": "Wait"}, "End": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}], "Default": "Wait"}, "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"}, "Poll": {"Type": "Pass", "Next": "C"}, "End": {"Type": "Succeed"}}}
    /// ```
    NoPathToTerminal { code: "ASL206", name: "no-path-to-terminal", severity: Warning }
}

impl Rule for NoPathToTerminal {
    fn check_scope(&self, scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if !has_terminal(scope) || scope.start_state().is_none() {
            return;
        }
        let g = scope_graph(scope);
        let seen = reachable(scope, &g);
        let mut ends = vec![false; scope.states.len()];
        let rev = Reversed(&g);
        for (i, st) in scope.states.iter().enumerate() {
            // A transition to a missing state (ASL201/ASL202) may be the exit; do not guess.
            let dangling = st
                .transitions()
                .iter()
                .any(|t| scope.index_of(t.target.value).is_none());
            if !(st.is_terminal() || dangling) || ends.get(i).copied().unwrap_or(true) {
                continue;
            }
            let mut bfs = Bfs::new(rev, petgraph::graph::NodeIndex::new(i));
            while let Some(n) = bfs.next(rev) {
                if let Some(e) = ends.get_mut(n.index()) {
                    *e = true;
                }
            }
        }
        let trapped: Vec<&State<'_>> = scope
            .states
            .iter()
            .zip(seen.iter().zip(&ends))
            .filter(|(_, (r, e))| **r && !**e)
            .map(|(s, _)| s)
            .collect();
        let Some(first) = trapped.first() else {
            return;
        };
        let names: Vec<String> = trapped
            .iter()
            .take(5)
            .map(|s| format!("`{}`", s.name))
            .collect();
        let more = if trapped.len() > 5 {
            format!(" and {} more", trapped.len() - 5)
        } else {
            String::new()
        };
        cx.report(
            Self::META
                .at(first.name_span, &first.pointer, format!("no terminal state can be reached from {}{more}", names.join(", ")))
                .with_help("give the loop an exit: a Choice rule or `Catch` that leads to a Succeed, Fail or `End: true` state"),
        );
    }
}
