//! ASL402 `query-language-on-processor`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `QueryLanguage` written on a Map state's `ItemProcessor` (or legacy `Iterator`) or
    /// on a Parallel branch, instead of on the state machine or on individual states.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition ("Field 'QueryLanguage' is not supported"): the field exists
    /// only at the top level and on states.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`), in place of ASL101.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}}}}
    /// ```
    QueryLanguageOnProcessor { code: "ASL402", name: "query-language-on-processor", severity: Error }
}

impl Rule for QueryLanguageOnProcessor {}
