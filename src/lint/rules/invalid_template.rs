//! ASL006 `invalid-template`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a state machine of a CloudFormation, SAM, Serverless Framework or CDK template whose definition cannot be read: a malformed `Fn::Sub` or `Fn::Join`, an unknown intrinsic function or YAML tag (`!Sbu`), a `DefinitionUri` or `DefinitionS3Location` file that does not exist, a definition property of the wrong type, an invalid `StateMachineType`. A definition in S3, or one computed by an intrinsic function at deploy time, is a warning: it cannot be checked.
    ///
    /// ## Why is this bad?
    /// CloudFormation rejects the template (an unknown function, a malformed `Fn::Sub`), or
    /// the deployment fails to find the definition; either way nothing else can be checked.
    /// `aslctl lint` exits with code 2 when a state machine cannot be read.
    ///
    /// Reported while the template is read, before any rule hook runs.
    ///
    /// ## Example
    /// ```yaml,invalid
    /// Resources:
    ///   Machine:
    ///     Type: AWS::StepFunctions::StateMachine
    ///     Properties:
    ///       DefinitionString: !Sbu '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'
    /// ```
    ///
    /// Use instead:
    /// ```yaml,valid
    /// Resources:
    ///   Machine:
    ///     Type: AWS::StepFunctions::StateMachine
    ///     Properties:
    ///       DefinitionString: !Sub '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'
    /// ```
    InvalidTemplate { code: "ASL006", name: "invalid-template", severity: Error }
}

impl Rule for InvalidTemplate {}
