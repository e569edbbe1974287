//! Map: inline and distributed. Items come from `ItemsPath` (or JSONata `Items`) or, for a
//! Distributed Map, from `ItemReader` data in the mock file; `ItemSelector` (legacy
//! `Parameters`) shapes each item with `$$.Map.Item.Index/Value`; `ItemBatcher` groups them;
//! iterations run in index order, so mock counters advance deterministically.

use std::rc::Rc;

use aslctl_parser::model::{ErrorName, MapMode, QueryLanguage};

use super::{NumberKind, number_field};
use crate::simulate::compile::{MapProg, StateProg};
use crate::simulate::context::LazyContext;
use crate::simulate::env::EvalCx;
use crate::simulate::error::{Abort, Failure, StatesError};
use crate::simulate::exec::{Executor, Visit, runtime};
use crate::simulate::expr_eval;
use crate::simulate::history::HistoryEvent;
use crate::simulate::io;
use crate::simulate::payload;
use crate::simulate::value::{Map, Value};

/// What the iterations need, computed before any of them runs.
struct Plan {
    inputs: Vec<Value>,
    tolerated_count: Option<f64>,
    tolerated_percentage: Option<f64>,
}

pub(crate) fn run(
    ex: &mut Executor<'_>,
    st: &StateProg,
    m: &MapProg,
    raw: &Value,
    visit: Visit,
) -> Result<Value, Failure> {
    let mut plan = plan(ex, st, m, raw, visit)?;
    ex.event(HistoryEvent::MapStateStarted {
        length: plan.inputs.len(),
    });
    tolerated(ex, st, m, raw, visit, &mut plan)?;
    match m.mode {
        MapMode::Inline => inline(ex, st, m, plan),
        MapMode::Distributed => distributed(ex, st, m, plan),
    }
}

fn plan(
    ex: &mut Executor<'_>,
    st: &StateProg,
    m: &MapProg,
    raw: &Value,
    visit: Visit,
) -> Result<Plan, Failure> {
    let lc = LazyContext::new(&ex.info, ex.state_info(st, visit, None, None));
    let cx = EvalCx::for_state(
        &lc,
        &ex.vars,
        &st.name,
        visit.entered_id,
        ex.epoch_ms(visit),
    );
    let eff = io::input_path(st, raw, &cx)?;
    let cx_in = cx.with_input(&eff);
    if let Some(src) = &m.max_concurrency {
        let n = number_field(
            src,
            "MaxConcurrency",
            NumberKind::Integer,
            &cx_in,
            &mut ex.rng,
        )?;
        if n < 0.0 {
            return Err(runtime(
                &cx_in,
                "MaxConcurrency must be a non-negative integer.",
            ));
        }
    }
    let items: Vec<Value> = if m.item_reader.is_some() {
        let data = ex
            .mocks
            .item_reader(&st.name)
            .ok_or_else(|| Abort::MissingItemReaderData {
                state: st.name.to_string(),
            })?;
        read_items(data, m.item_reader.as_ref())
    } else if let Some(t) = &m.items {
        // `Items` must give an array (AWS "Map state": Items; recorded cases
        // `map_map_state_items_eval_jsonata_fail_*`).
        let v = match t {
            payload::Template::Jsonata(e) => {
                expr_eval::evaluate_typed(e, "array", Value::is_array, &cx_in, &mut ex.rng)?
            }
            other => payload::eval(other, &cx_in, &mut ex.rng)?,
        };
        match v {
            Value::Array(a) => Rc::unwrap_or_clone(a),
            other => {
                return Err(expr_eval::located(
                    &cx_in,
                    "Items",
                    &format!("Map state input must be an array but was: {other}"),
                ));
            }
        }
    } else {
        let selected = match &m.items_path {
            Some((p, text)) => cx_in
                .select(p)
                .map_err(|e| Failure::Error(io::invalid_path(&e, text, &cx_in)))?,
            None => eff.as_ref().clone(),
        };
        match selected {
            Value::Array(a) => Rc::unwrap_or_clone(a),
            other => {
                let detail = format!("Map state input must be an array but was: {other}");
                // A JSONata Map without `Items` reads its input, and fails as an evaluation
                // (recorded cases `map_map_state_items_input_types_*`).
                return Err(if st.query_language == QueryLanguage::Jsonata {
                    expr_eval::located(&cx_in, "Items", &detail)
                } else {
                    runtime(&cx_in, &detail)
                });
            }
        }
    };
    if items.len() > ex.opts.max_map_items {
        return Err(Abort::MapItems {
            state: st.name.to_string(),
            count: items.len(),
            limit: ex.opts.max_map_items,
        }
        .into());
    }
    let mut inputs = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let v = match &m.item_selector {
            Some(t) => {
                let lc =
                    LazyContext::new(&ex.info, ex.state_info(st, visit, None, Some((i, item))));
                let cx_item = EvalCx {
                    input: &eff,
                    context: &lc,
                    vars: &ex.vars,
                    state_name: &st.name,
                    entered_id: visit.entered_id,
                    result: None,
                    error_output: None,
                    now_ms: ex.epoch_ms(visit),
                };
                payload::eval(t, &cx_item, &mut ex.rng)?
            }
            None => item.clone(),
        };
        inputs.push(v);
    }
    if let Some(batcher) = &m.item_batcher {
        inputs = batch(inputs, batcher, &cx_in, &mut ex.rng)?;
    }
    Ok(Plan {
        inputs,
        tolerated_count: None,
        tolerated_percentage: None,
    })
}

/// ToleratedFailureCount/Percentage, validated after `MapStateStarted` as AWS does
/// (recorded cases `map_map_state_tolerated_failure_*`).
fn tolerated(
    ex: &mut Executor<'_>,
    st: &StateProg,
    m: &MapProg,
    raw: &Value,
    visit: Visit,
    plan: &mut Plan,
) -> Result<(), Failure> {
    let lc = LazyContext::new(&ex.info, ex.state_info(st, visit, None, None));
    let cx = EvalCx::for_state(
        &lc,
        &ex.vars,
        &st.name,
        visit.entered_id,
        ex.epoch_ms(visit),
    );
    let eff = io::input_path(st, raw, &cx)?;
    let cx_in = cx.with_input(&eff);
    let tolerated_count = match &m.tolerated_failure_count {
        Some(src) => {
            let n = number_field(
                src,
                "ToleratedFailureCount",
                NumberKind::Integer,
                &cx_in,
                &mut ex.rng,
            )?;
            if n < 0.0 {
                return Err(runtime(&cx_in, "ToleratedFailureCount cannot be negative."));
            }
            Some(n)
        }
        None => None,
    };
    let tolerated_percentage = match &m.tolerated_failure_percentage {
        Some(src) => {
            let p = number_field(
                src,
                "ToleratedFailurePercentage",
                NumberKind::Float,
                &cx_in,
                &mut ex.rng,
            )?;
            if !(0.0..=100.0).contains(&p) {
                return Err(runtime(
                    &cx_in,
                    "ToleratedFailurePercentage must be between 0 and 100.",
                ));
            }
            Some(p)
        }
        None => None,
    };
    plan.tolerated_count = tolerated_count;
    plan.tolerated_percentage = tolerated_percentage;
    Ok(())
}

fn inline(
    ex: &mut Executor<'_>,
    st: &StateProg,
    m: &MapProg,
    plan: Plan,
) -> Result<Value, Failure> {
    ex.nest()?;
    let mut outputs = Vec::with_capacity(plan.inputs.len());
    let mut failure = None;
    for (index, input) in plan.inputs.into_iter().enumerate() {
        ex.event(HistoryEvent::MapIterationStarted {
            name: st.name.clone(),
            index,
        });
        if !ex.rec.is_muted() {
            ex.trace.map_iteration(st.id);
        }
        ex.vars.push();
        let r = ex.run_scope(m.processor, input);
        ex.vars.pop();
        match r {
            Ok(v) => {
                ex.event(HistoryEvent::MapIterationSucceeded {
                    name: st.name.clone(),
                    index,
                });
                outputs.push(v);
            }
            Err(f) => {
                if let Failure::Error(_) = f {
                    ex.event(HistoryEvent::MapIterationFailed {
                        name: st.name.clone(),
                        index,
                    });
                }
                failure = Some(f);
                break;
            }
        }
    }
    ex.unnest();
    match failure {
        Some(Failure::Error(e)) => {
            ex.state_started = true;
            Err(e.into())
        }
        Some(abort) => Err(abort),
        None => {
            ex.event(HistoryEvent::MapStateSucceeded);
            Ok(Value::from(outputs))
        }
    }
}

/// A Distributed Map: child executions do not appear in the parent history (spec/simulate.md
/// §3), failures up to the tolerated threshold are accepted, and `ResultWriter` replaces the
/// output with a description of the written results.
fn distributed(
    ex: &mut Executor<'_>,
    st: &StateProg,
    m: &MapProg,
    plan: Plan,
) -> Result<Value, Failure> {
    let label = m.label.clone().unwrap_or_else(|| st.name.to_string());
    let run_id = uuid_like(ex);
    let map_run_arn = format!(
        "arn:aws:states:us-east-1:123456789012:mapRun:{}/{}:{}",
        ex.info.state_machine_name, label, run_id
    );
    ex.event(HistoryEvent::MapRunStarted {
        map_run_arn: map_run_arn.clone(),
    });
    let total = plan.inputs.len();
    let mut outputs = Vec::with_capacity(total);
    let mut failed = 0usize;
    let mut last_error: Option<StatesError> = None;
    ex.nest()?;
    ex.rec.mute();
    for input in plan.inputs {
        if ex.rec.muted_depth() == 1 {
            ex.trace.map_iteration(st.id);
        }
        ex.vars.push();
        let r = ex.run_scope(m.processor, input);
        ex.vars.pop();
        match r {
            Ok(v) => outputs.push(v),
            Err(Failure::Error(e)) => {
                failed += 1;
                outputs.push(e.to_output());
                last_error = Some(e);
            }
            Err(abort) => {
                ex.rec.unmute();
                ex.unnest();
                return Err(abort);
            }
        }
    }
    ex.rec.unmute();
    ex.unnest();
    // AWS: the run fails when failures exceed ToleratedFailureCount or the percentage; with
    // neither set, any failure fails it.
    #[allow(clippy::cast_precision_loss)]
    let exceeded = failed > 0 && {
        let by_count = plan.tolerated_count.is_none_or(|c| failed as f64 > c);
        let by_pct = plan
            .tolerated_percentage
            .is_none_or(|p| (failed as f64) * 100.0 / (total.max(1) as f64) > p);
        if plan.tolerated_count.is_none() && plan.tolerated_percentage.is_none() {
            true
        } else {
            by_count && by_pct
        }
    };
    if exceeded {
        let has_threshold = plan.tolerated_count.is_some() || plan.tolerated_percentage.is_some();
        let err = if has_threshold {
            StatesError::new(
                ErrorName::ExceedToleratedFailureThreshold,
                "The specified tolerated failure threshold was exceeded",
            )
        } else {
            last_error.unwrap_or_else(|| StatesError::new(ErrorName::TaskFailed, ""))
        };
        ex.event(HistoryEvent::MapRunFailed {
            error: err.name_str().unwrap_or_default().to_owned(),
            cause: err.cause.clone().unwrap_or_default(),
        });
        ex.state_started = true;
        return Err(err.into());
    }
    ex.event(HistoryEvent::MapRunSucceeded);
    ex.event(HistoryEvent::MapStateSucceeded);
    if let Some(writer) = &m.result_writer {
        let config = writer.get("WriterConfig").or(Some(writer));
        let bucket = config
            .and_then(|c| c.get("Arguments").or_else(|| c.get("Parameters")))
            .and_then(|a| a.get("Bucket"))
            .map_or(Value::Null, Value::from);
        let prefix = writer
            .get("Arguments")
            .or_else(|| writer.get("Parameters"))
            .and_then(|a| a.get("Prefix"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        let run_id = map_run_arn
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_owned();
        let key = if prefix.is_empty() {
            format!("{run_id}/manifest.json")
        } else {
            format!("{prefix}/{run_id}/manifest.json")
        };
        let mut details = Map::with_capacity(2);
        details.insert("Bucket", bucket);
        details.insert("Key", Value::from(key));
        let mut out = Map::with_capacity(2);
        out.insert("MapRunArn", Value::from(map_run_arn));
        out.insert("ResultWriterDetails", Value::from(details));
        return Ok(Value::from(out));
    }
    Ok(Value::from(outputs))
}

/// Items from ItemReader mock data: an array as given, or text parsed as CSV or JSON Lines
/// by `ReaderConfig` (CSV headers from the first row unless `CSVHeaders` are given).
/// `ReaderConfig.MaxItems` limits the count.
fn read_items(data: &Value, reader: Option<&serde_json::Value>) -> Vec<Value> {
    let config = reader.and_then(|r| r.get("ReaderConfig"));
    let input_type = config
        .and_then(|c| c.get("InputType"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("JSON");
    let mut items = match data {
        Value::Array(a) => a.to_vec(),
        Value::String(text) => match input_type {
            "CSV" => csv_items(text, config),
            _ => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap_or_else(|_| Value::string(l)))
                .collect(),
        },
        other => vec![other.clone()],
    };
    if let Some(max) = config
        .and_then(|c| c.get("MaxItems"))
        .and_then(serde_json::Value::as_u64)
        .and_then(|m| usize::try_from(m).ok())
    {
        items.truncate(max);
    }
    items
}

fn csv_items(text: &str, config: Option<&serde_json::Value>) -> Vec<Value> {
    let mut lines = text.lines().filter(|l| !l.is_empty());
    let given: Option<Vec<String>> = config
        .and_then(|c| c.get("CSVHeaders"))
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|h| h.as_str().map(str::to_owned))
                .collect()
        });
    let headers = match given {
        Some(h) => h,
        None => lines
            .next()
            .map(|l| l.split(',').map(|s| s.trim().to_owned()).collect())
            .unwrap_or_default(),
    };
    lines
        .map(|l| {
            let mut m = Map::new();
            for (h, v) in headers.iter().zip(l.split(',')) {
                m.insert(h.as_str(), Value::string(v));
            }
            Value::from(m)
        })
        .collect()
}

/// `ItemBatcher`: `{"Items": [...], ...BatchInput}` per batch of at most `MaxItemsPerBatch`
/// items (and `MaxInputBytesPerBatch` bytes).
fn batch(
    inputs: Vec<Value>,
    batcher: &serde_json::Value,
    cx: &EvalCx<'_>,
    rng: &mut crate::simulate::intrinsics::Rng,
) -> Result<Vec<Value>, Failure> {
    let max_items = batcher
        .get("MaxItemsPerBatch")
        .and_then(serde_json::Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(usize::MAX);
    let max_bytes = batcher
        .get("MaxInputBytesPerBatch")
        .and_then(serde_json::Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(256 * 1024);
    let batch_input = match batcher.get("BatchInput") {
        Some(b) => {
            let t = payload::compile(b, payload::Mode::JsonPath, "ItemBatcher/BatchInput")
                .map_err(|m| StatesError::runtime(cx.prefixed(&m)))?;
            payload::eval(&t, cx, rng)?
        }
        None => Value::object(),
    };
    let mut batches = Vec::new();
    let mut current: Vec<Value> = Vec::new();
    let mut bytes = 0;
    for item in inputs {
        let size = crate::simulate::limits::bounded_text(&item, max_bytes)
            .0
            .len();
        if !current.is_empty() && (current.len() >= max_items || bytes + size > max_bytes) {
            batches.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.push(item);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    Ok(batches
        .into_iter()
        .map(|items| {
            let mut m = Map::new();
            if batch_input.is_object() {
                m.insert("BatchInput", batch_input.clone());
            }
            m.insert("Items", Value::from(items));
            Value::from(m)
        })
        .collect())
}

fn uuid_like(ex: &mut Executor<'_>) -> String {
    let mut b = [0u8; 16];
    ex.rng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}
