//! ASL117 `invalid-resource`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Task `Resource` that is not an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`).
    /// `${Name}` placeholders (CloudFormation `DefinitionSubstitutions`, SAM, Terraform) and
    /// CloudFormation intrinsic objects such as `{"Fn::GetAtt": [...]}` are accepted.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (`INVALID_RESOURCE`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "lambda:my-function", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-function", "End": true}}}
    /// ```
    InvalidResource { code: "ASL117", name: "invalid-resource", severity: Error }
}

/// Why a resource string is not an ARN, or `None` if it is acceptable.
#[must_use]
pub fn resource_problem(r: &str) -> Option<String> {
    // An unclosed placeholder is a typo, not a template.
    if let Some(i) = r.find("${")
        && !r[i..].contains('}')
    {
        return Some(format!("`{r}` has an unclosed `${{` placeholder"));
    }
    // Replace each `${...}` with a token that is valid in any ARN position.
    let mut s = String::with_capacity(r.len());
    let mut rest = r;
    while let Some(i) = rest.find("${") {
        s.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => {
                s.push('X');
                rest = &rest[i + j + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    s.push_str(rest);
    let templated = s.len() != r.len() || r.contains("${");
    if templated && !s.starts_with("arn:") {
        // `${LambdaArn}` or `${Prefix}:function:x`: the template supplies the ARN.
        return None;
    }
    let Some(parts) = arn_parts(&s) else {
        return Some(format!("`{r}` is not an ARN"));
    };
    let [_, partition, service, _, _, resource] = parts;
    if !(PARTITIONS.contains(&partition) || partition == "X") {
        return Some(format!("`{partition}` is not an AWS partition"));
    }
    if service.is_empty() || resource.is_empty() {
        return Some(format!(
            "`{r}` is not a complete ARN (service and resource are required)"
        ));
    }
    None
}

impl Rule for InvalidResource {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let Some(node) = resource_node(state) else {
            return;
        };
        let Some(r) = node.as_str() else {
            return;
        };
        if is_jsonata(r) {
            return;
        }
        if let Some(msg) = resource_problem(r) {
            cx.report(
                Self::META
                    .at(node.span, &pointer_push(&state.pointer, "Resource"), msg)
                    .with_help("use a Lambda function ARN, an activity ARN, or a service integration such as `arn:aws:states:::lambda:invoke`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resource_problem;

    #[test]
    fn arns_and_placeholders() {
        for ok in [
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws-cn:states:::lambda:invoke",
            "arn:aws:states:::states:startExecution.sync:2",
            "${LambdaArn}",
            "arn:${AWS::Partition}:states:::dynamodb:putItem",
            "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}",
        ] {
            assert_eq!(resource_problem(ok), None, "{ok}");
        }
        for bad in [
            "foo:bar",
            "${lambdaArn",
            "arn:aws:states",
            "arn:amazon:lambda:r:a:function:f",
            "arn:aws::::",
        ] {
            assert!(resource_problem(bad).is_some(), "{bad}");
        }
    }
}
