//! ASL007 `limit-exceeded`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags input that goes past one of aslctl's own limits: nesting deeper than 512 levels (JSON)
    /// or 255 flow levels (YAML), a file larger than `ASLCTL_MAX_FILE_SIZE` (64 MiB by default),
    /// more than 100,000 states in one definition, a simulation input nested deeper than 127
    /// levels. `aslctl simulate` stops a run with an `aslctl.*` error (`MaxTransitionsExceeded`,
    /// `MapItemsExceeded`, `TooDeep`, `PayloadTooDeep`, `JsonataLimitExceeded`) when it reaches
    /// `--max-transitions`, `--max-map-items` or a fixed nesting or JSONata budget.
    ///
    /// ## Why is this bad?
    /// These limits keep aslctl's memory and running time bounded; they are not AWS rules, and
    /// the message names the limit and how to raise it where it can be raised. Every command
    /// exits with code 3 when a limit stopped it, so scripts can tell "too big for aslctl" from
    /// findings (1) and unusable input (2).
    ///
    /// Reported while the file is read, before any rule hook runs; it cannot be turned off.
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
    /// ```
    LimitExceeded { code: "ASL007", name: "limit-exceeded", severity: Error }
}

impl Rule for LimitExceeded {}
