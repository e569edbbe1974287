//! Task: call the mock for the state, in virtual time, with AWS's history events, timeouts and
//! heartbeats.

use aslctl_parser::model::ErrorName;

use super::{NumberKind, number_field};
use crate::cli::Unmocked;
use crate::simulate::compile::{Pattern, Resource, StateProg, TaskProg};
use crate::simulate::context::LazyContext;
use crate::simulate::env::EvalCx;
use crate::simulate::error::{Abort, Failure, StatesError};
use crate::simulate::exec::{Executor, Visit};
use crate::simulate::history::{HistoryEvent, Payload, TaskFamily};
use crate::simulate::io;
use crate::simulate::mocks::{MockFormat, MockLookup, MockOutcome};
use crate::simulate::value::Value;

/// AWS's default task timeout: 99999999 seconds (the TimeoutSeconds maximum).
const DEFAULT_TIMEOUT_SECONDS: f64 = 99_999_999.0;

pub(crate) fn run(
    ex: &mut Executor<'_>,
    st: &StateProg,
    t: &TaskProg,
    raw: &Value,
    visit: Visit,
) -> Result<Value, Failure> {
    let token = (matches!(
        t.resource,
        Resource::Service {
            pattern: Pattern::WaitForTaskToken,
            ..
        }
    ) || t.resource == Resource::Activity)
        .then(|| task_token(ex));
    let lc = LazyContext::new(&ex.info, ex.state_info(st, visit, token, None));
    let cx = EvalCx::for_state(
        &lc,
        &ex.vars,
        &st.name,
        visit.entered_id,
        ex.epoch_ms(visit),
    );
    let eff = io::effective_input(st, raw, &cx, &mut ex.rng)?;
    let cx_in = cx.with_input(raw);
    let timeout = match &t.timeout {
        Some(src) => Some(number_field(
            src,
            "TimeoutSeconds",
            NumberKind::Integer,
            &cx_in,
            &mut ex.rng,
        )?),
        None => None,
    };
    let heartbeat = match &t.heartbeat {
        Some(src) => Some(number_field(
            src,
            "HeartbeatSeconds",
            NumberKind::Integer,
            &cx_in,
            &mut ex.rng,
        )?),
        None => None,
    };
    let family: TaskFamily = t.family.clone();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let as_secs = |v: Option<f64>| v.map(|s| s.max(0.0) as u64);
    let scheduled = HistoryEvent::TaskScheduled {
        family: family.clone(),
        arn: t.arn.clone(),
        parameters: Payload::of(&eff),
        timeout: as_secs(timeout),
        heartbeat: as_secs(heartbeat),
    };
    let lookup = ex.mocks.next(&st.name);
    let format = ex.mocks.format();
    let eff = eff.into_owned();
    ex.event(scheduled);
    ex.event(HistoryEvent::TaskStarted {
        family: family.clone(),
    });
    let response = match lookup {
        MockLookup::Found(r) => r,
        MockLookup::Exhausted(invocation) => {
            return Err(Abort::MockExhausted {
                state: st.name.to_string(),
                invocation,
            }
            .into());
        }
        MockLookup::NoMock => match ex.opts.unmocked {
            Unmocked::Passthrough => crate::simulate::mocks::MockResponse {
                outcome: MockOutcome::Echo,
                duration_seconds: 0.0,
                heartbeat_every_seconds: None,
            },
            Unmocked::Error => {
                return Err(Abort::MissingMock {
                    state: st.name.to_string(),
                    hint: mock_hint(&st.name),
                }
                .into());
            }
        },
    };
    // Timeouts in virtual time: the call takes `duration_seconds`; a timeout or a heartbeat
    // gap shorter than that fires first (AWS "Task state": TimeoutSeconds, HeartbeatSeconds).
    let duration = response.duration_seconds.max(0.0);
    let timeout_s = timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    let heartbeat_gap = match response.heartbeat_every_seconds {
        Some(every) => every.min(duration),
        None => duration,
    };
    let fired = match heartbeat {
        Some(h) if heartbeat_gap > h && h < timeout_s => Some((h, ErrorName::HeartbeatTimeout)),
        _ if duration > timeout_s => Some((timeout_s, ErrorName::Timeout)),
        _ => None,
    };
    if let Some((at, name)) = fired {
        ex.clock.advance_ms(seconds_to_ms(at));
        let cause = String::new();
        ex.event(HistoryEvent::TaskTimedOut {
            family,
            error: name.as_str().to_owned(),
            cause: cause.clone(),
        });
        return Err(StatesError {
            name: Some(name),
            cause: Some(cause),
            location: None,
        }
        .into());
    }
    ex.clock.advance_ms(seconds_to_ms(duration));
    // `.sync` and `.waitForTaskToken` submit first; the mock is the final outcome, success or
    // failure (recorded case `error_handling_sqs_failure_in_wait_for_task_tok`).
    if matches!(
        t.resource,
        Resource::Service {
            pattern: Pattern::Sync | Pattern::WaitForTaskToken,
            ..
        }
    ) {
        ex.event(HistoryEvent::TaskSubmitted {
            family: family.clone(),
            output: Payload::of(&Value::object()),
        });
    }
    let result = match response.outcome {
        MockOutcome::Throw { error, cause } => {
            let cause = cause.unwrap_or_default();
            ex.event(HistoryEvent::TaskFailed {
                family,
                error: error.clone(),
                cause: cause.clone(),
            });
            return Err(StatesError {
                name: Some(ErrorName::parse(&error)),
                cause: Some(cause),
                location: None,
            }
            .into());
        }
        MockOutcome::Echo => eff,
        MockOutcome::Return(v) => {
            if t.resource == Resource::LambdaFunction && format == MockFormat::MockConfigFile {
                lambda_payload(v)
            } else {
                v
            }
        }
    };
    ex.event(HistoryEvent::TaskSucceeded {
        family,
        output: Payload::of(&result),
    });
    Ok(result)
}

/// A Lambda Invoke response's `Payload` (the conformance corpus's convention for a function
/// ARN `Resource`, from LocalStack's mock files).
fn lambda_payload(v: Value) -> Value {
    match v {
        Value::Object(m) if m.contains_key("Payload") => {
            m.get("Payload").cloned().unwrap_or_default()
        }
        other => other,
    }
}

fn seconds_to_ms(s: f64) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    {
        (s * 1000.0).round().clamp(0.0, 1.8e19) as u64
    }
}

/// A task token from the seeded generator (AWS tokens are opaque base64-like strings).
fn task_token(ex: &mut Executor<'_>) -> String {
    let mut bytes = [0u8; 48];
    ex.rng.fill_bytes(&mut bytes);
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn mock_hint(state: &str) -> String {
    let key = serde_json::to_string(state).unwrap_or_default();
    format!(
        "  {{\"Tasks\": {{{key}: {{\"Return\": {{}}}}}}}}\n(or run with --unmocked passthrough)"
    )
}
