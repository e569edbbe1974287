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

/// The names of the `${Name}` placeholders in a string.
#[must_use]
pub fn placeholders(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let Some(j) = rest[i..].find('}') else {
            break;
        };
        out.push(&rest[i + 2..i + j]);
        rest = &rest[i + j + 1..];
    }
    out
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
    if service == "lambda" && !templated {
        return lambda_problem(resource);
    }
    None
}

fn lambda_name_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 140
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `function:NAME[:QUALIFIER]`: a version, `$LATEST` or an alias (Lambda `Invoke` API).
fn lambda_problem(resource: &str) -> Option<String> {
    let Some(rest) = resource.strip_prefix("function:") else {
        return Some(format!(
            "`{resource}` is not a Lambda function (`function:<name>`)"
        ));
    };
    let (name, qualifier) = match rest.split_once(':') {
        Some((n, q)) => (n, Some(q)),
        None => (rest, None),
    };
    if !lambda_name_ok(name) {
        return Some(format!("`{name}` is not a valid Lambda function name"));
    }
    match qualifier {
        Some("") => Some("the Lambda ARN ends with `:` but has no version or alias".to_string()),
        Some("$LATEST") | None => None,
        Some(q) if lambda_name_ok(q) && q.len() <= 128 => None,
        Some(q) => Some(format!("`{q}` is not a valid Lambda version or alias")),
    }
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
        let ptr = pointer_push(&state.pointer, "Resource");
        if let Some(allowed) = &cx.options.allowed_placeholders {
            // `${Resource.Attribute}` is allowed with its resource.
            let unfilled = placeholders(r).into_iter().find(|p| {
                !p.contains("::")
                    && !allowed.contains(*p)
                    && !p.split_once('.').is_some_and(|(r, _)| allowed.contains(r))
            });
            if let Some(p) = unfilled {
                let help = did_you_mean(p, allowed.iter().map(String::as_str)).unwrap_or_else(|| {
                    "add it to `DefinitionSubstitutions`, or fill it with `--substitute Name=value`"
                        .to_string()
                });
                cx.report(
                    Self::META
                        .at(
                            node.span,
                            &ptr,
                            format!("no substitution is given for `${{{p}}}`"),
                        )
                        .with_help(help),
                );
                return;
            }
        }
        if let Some(msg) = resource_problem(r) {
            cx.report(
                Self::META
                    .at(node.span, &ptr, msg)
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
            "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST",
            "arn:aws:lambda:us-east-1:123456789012:function:f:prod",
        ] {
            assert_eq!(resource_problem(ok), None, "{ok}");
        }
        for bad in [
            "foo:bar",
            "${lambdaArn",
            "arn:aws:states",
            "arn:amazon:lambda:r:a:function:f",
            "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:",
            "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:$*#$7485",
            "arn:aws::::",
        ] {
            assert!(resource_problem(bad).is_some(), "{bad}");
        }
    }
}
