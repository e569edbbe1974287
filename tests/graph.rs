//! `aslctl graph`: DOT and Mermaid snapshots of every fixture in `fixtures/graph`, and the
//! drawing rules the snapshots rely on (ids, escaping, containers, Catch, traces, broken input).

use aslctl::graph::{self, ChoiceLabels, Format, GraphOptions, Rendered, Theme, Trace};
use aslctl_parser::load::{self, LoadOptions};
use aslctl_parser::model;
use std::path::Path;

/// Loads a definition and renders it.
fn render_with(path: &Path, opts: &GraphOptions, trace: Option<&Trace>) -> Rendered {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let name = path
        .file_name()
        .expect("a file")
        .to_string_lossy()
        .into_owned();
    let (doc, _, diags) = load::load(&name, bytes, LoadOptions::default()).into_document();
    assert!(diags.is_empty(), "{name}: {diags:?}");
    let doc = doc.expect("fixture parses");
    let (machine, _) = model::build(&doc.root);
    graph::render(&machine.expect("fixture is a state machine"), opts, trace)
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/graph")
        .join(name)
}

fn opts(format: Format) -> GraphOptions {
    GraphOptions {
        format,
        ..GraphOptions::default()
    }
}

fn render(name: &str, format: Format) -> Rendered {
    render_with(&fixture(name), &opts(format), None)
}

fn trace_for(path: &Path) -> Option<Trace> {
    let name = path.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(".asl.json")
        .or_else(|| name.strip_suffix(".asl.yaml"))?;
    let text = std::fs::read_to_string(path.with_file_name(format!("{stem}.trace.json"))).ok()?;
    Some(Trace::from_json(&text).expect("trace fixture is valid"))
}

/// The snapshot text: warnings first, then the diagram.
fn snapshot(r: &Rendered) -> String {
    let mut out = String::from("# Warnings\n");
    for w in &r.warnings {
        out.push_str(&format!("{} {}\n", w.code, w.message));
    }
    out.push_str("# Output\n");
    out.push_str(&r.text);
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/graph", "*.asl.{json,yaml}", |path| {
        for (format, name) in [(Format::Dot, "dot"), (Format::Mermaid, "mermaid")] {
            let r = render_with(path, &opts(format), None);
            insta::assert_snapshot!(name, snapshot(&r));
            if let Some(trace) = trace_for(path) {
                let r = render_with(path, &opts(format), Some(&trace));
                insta::assert_snapshot!(format!("{name}-trace"), snapshot(&r));
            }
        }
    });
}

#[test]
fn output_is_byte_identical_for_identical_input() {
    for name in ["nested-containers.asl.json", "awkward-names.asl.json"] {
        for format in [Format::Dot, Format::Mermaid] {
            assert_eq!(render(name, format).text, render(name, format).text);
        }
    }
}

/// Node ids of a DOT file: the quoted word opening each node or edge statement.
fn dot_statement_ids(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('"'))
        .flat_map(|l| {
            let mut ids = Vec::new();
            if let Some(id) = l.get(1..).and_then(|r| r.split('"').next()) {
                ids.push(id.to_owned());
            }
            if let Some((_, rest)) = l.split_once("\" -> \"") {
                ids.push(rest.split('"').next().unwrap_or_default().to_owned());
            }
            ids
        })
        .collect()
}

fn is_generated_id(id: &str) -> bool {
    if id == "__start__" || id == "__end__" {
        return true;
    }
    let mut chars = id.chars();
    matches!(chars.next(), Some('s' | 'j' | 'm')) && {
        let rest: String = chars.collect();
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
    }
}

#[test]
fn ids_are_generated_never_state_names() {
    let r = render("awkward-names.asl.json", Format::Dot);
    let ids = dot_statement_ids(&r.text);
    assert!(ids.len() > 60);
    for id in ids {
        assert!(is_generated_id(&id), "{id}");
    }
    // Definition order: the first state is s0, the next one s1.
    assert!(
        r.text
            .contains("\"s0\" [style=\"rounded,filled\", fillcolor=\"#f3f4f6\"")
    );
    assert!(r.text.contains("\"s0\" -> \"s1\""));
}

#[test]
fn mermaid_labels_survive_awkward_names() {
    let r = render("awkward-names.asl.json", Format::Mermaid);
    // `%%` starts a comment or directive, a backtick a Markdown string (spec M8, M9).
    assert!(!r.text.contains("%%"));
    assert!(!r.text.contains('`'));
    for line in r.text.lines().map(str::trim) {
        let Some(open) = line.find('"') else { continue };
        let close = line.rfind('"').unwrap();
        let id = line[..open].trim_end_matches(['[', '(', '{', '|', ' ', '>', '-', '.']);
        let id = id.split_whitespace().next().unwrap_or_default();
        if line.starts_with("subgraph") {
            continue;
        }
        assert!(is_generated_id(id), "{line}");
        let label = &line[open + 1..close];
        // Inside a label, a quote would end it; entities keep every character visible.
        if line.contains("-->") || line.contains(".->") {
            continue;
        }
        assert!(!label.contains('"'), "{line}");
    }
    assert!(
        r.text
            .contains("s5[\"<small>Pass</small><br/>Quote #quot;inside#quot;\"]")
    );
    assert!(r.text.contains("Hash #35;1; and #35;quot;"));
    assert!(r.text.contains("Backslash #92;N and #92;n and #92;"));
    assert!(r.text.contains("Line<br/>break"));
    assert!(r.text.contains("[\"<small>Pass</small><br/>padded\"]"));
}

#[test]
fn dot_labels_survive_awkward_names() {
    let r = render("awkward-names.asl.json", Format::Dot);
    // `\N` in a label expands to the node id, even in HTML labels (spec D4, D7).
    assert!(r.text.contains("Backslash \\\\N and \\\\n and \\\\"));
    assert!(r.text.contains("Angle &lt;b&gt;bold&lt;/b&gt;"));
    assert!(r.text.contains("Entity &amp;amp; &amp;lt;x&amp;gt;"));
    assert!(r.text.contains("tooltip=\"Quote \\\"inside\\\"\""));
    // A line starting with `#` would be taken for preprocessor output (spec D11).
    assert!(r.text.lines().all(|l| !l.starts_with('#')));
    // Long names wrap at 32 characters in DOT only.
    assert!(r.text.contains(
        "A very long state name that goes<br/>on and on until it reaches<br/>eighty characters!!!"
    ));
}

#[test]
fn fail_inside_a_branch_has_no_edge_to_the_end() {
    // "If any branch fails, because of an unhandled error or by transitioning to a Fail state,
    // the entire Parallel state fails" (AWS developer guide, Parallel workflow state).
    let r = render("catch-retry.asl.json", Format::Dot);
    let receipt_failed = "\"s5\"";
    assert!(r.text.contains("\"s5\" [style=\"rounded,filled,bold\""));
    assert!(
        !r.text
            .lines()
            .any(|l| l.trim_start().starts_with(receipt_failed) && l.contains("->"))
    );
    // The top-level Fail reaches the end, dotted.
    assert!(r.text.contains("\"s8\" -> \"__end__\" [style=dotted"));
}

#[test]
fn catch_edges_leave_containers_and_merge_per_target() {
    let r = render("catch-retry.asl.json", Format::Dot);
    // Two catchers of `Charge card` lead to `Notify customer`: one edge with every error name.
    let to_notify: Vec<&str> = r
        .text
        .lines()
        .filter(|l| l.contains("\"s0\" -> \"s7\""))
        .collect();
    assert_eq!(to_notify.len(), 1);
    assert!(to_notify[0].contains("label=\"CardDeclined +2\""));
    // The Parallel's Catch leaves from its join and the cluster border.
    assert!(r.text.contains(
        "\"j1\" -> \"s8\" [style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\", label=\"States.ALL\", ltail=\"cluster_s1\"]"
    ));
    // A Catch back into the same Parallel cannot use the cluster as tail.
    assert!(r.text.contains("\"j1\" -> \"s1\" [style=dashed"));
    assert!(!r.text.contains("\"j1\" -> \"s1\" [style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\", label=\"ReceiptFailed\", ltail"));
    assert!(r.text.contains("↻ retry ≤6× · 3 rules"));
}

#[test]
fn choice_rules_are_compact_and_keep_their_values() {
    let r = render("choice-logic.asl.json", Format::Dot);
    assert!(r.text.contains(
        "label=\"…customerSince is present\\nand …score.value >= 700\\nand not (…flags.fraudSuspected == true)\""
    ));
    // Four operands: two lines, then a count (spec §5.4).
    assert!(r.text.contains("label=\"$.loan.amount > …manualReviewThreshold\\nor $.loan.purpose =~ \\\"business*\\\"\\nor … +2 more"));
    // Two rules with one target share an edge, their labels stacked; the label line is cut at
    // `label_max`, the tooltip keeps the whole value.
    assert!(
        r.text
            .contains(r#"\n$.applicant.residency == \"non-resident …", tooltip"#)
    );
    assert!(
        r.text.contains(
            "\\n$.applicant.residency == \\\"non-resident \\\\\\\"temporary\\\\\\\"\\\"\""
        )
    );
    assert!(r.text.contains("…score.value is null"));
    // `Report usable?` has no Default: only its two rules leave it.
    let from_report: Vec<&str> = r.text.lines().filter(|l| l.contains("\"s2\" ->")).collect();
    assert_eq!(from_report.len(), 2, "{from_report:?}");
    assert!(from_report.iter().all(|l| !l.contains("Default")));

    let comments = render_with(
        &fixture("choice-logic.asl.json"),
        &GraphOptions {
            choice_labels: ChoiceLabels::Comment,
            ..GraphOptions::default()
        },
        None,
    );
    assert!(
        comments
            .text
            .contains("label=\"Existing customers with a good score\"")
    );
}

#[test]
fn containers_nest_as_clusters() {
    let r = render("nested-containers.asl.json", Format::Dot);
    for cluster in [
        "cluster_s0",
        "cluster_s0_b1",
        "cluster_s1",
        "cluster_s2",
        "cluster_s2_b1",
        "cluster_s3",
    ] {
        assert!(
            r.text.contains(&format!("subgraph \"{cluster}\"")),
            "{cluster}"
        );
    }
    // The innermost Map's End reaches its join; the catch leaves the Map as a whole.
    assert!(r.text.contains("\"s4\" -> \"j3\";"));
    assert!(r.text.contains("\"j3\" -> \"s5\" [style=dashed"));
    assert!(r.text.contains("ltail=\"cluster_s3\""));
    let m = render("distributed-map.asl.json", Format::Dot);
    assert!(
        m.text
            .contains("Distributed Map · max 100<br/>items: s3:listObjectsV2")
    );
    assert!(
        m.text
            .contains("style=\"rounded,dashed\"; color=\"#8a94a3\"; penwidth=2;")
    );
}

#[test]
fn dangling_targets_are_drawn_as_missing_nodes_with_warnings() {
    let r = render("broken-targets.asl.json", Format::Mermaid);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["ASL201", "ASL201", "ASL200", "ASL202"]);
    assert!(
        r.text
            .contains("m0[\"<small>missing state</small><br/>Handle error\"]")
    );
    assert!(r.text.contains("s0 -. \"States.ALL\" .-> m0"));
    assert!(r.text.contains("class m0,m1,m2,m3 missing"));
}

#[test]
fn trace_overlay_colours_what_ran() {
    let path = fixture("polling-job.asl.json");
    let trace = trace_for(&path).unwrap();
    let r = render_with(&path, &opts(Format::Dot), Some(&trace));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Caught error: orange border (AWS console "Caught error"); not run: dashed grey.
    assert!(r.text.contains("color=\"#ffa500\", penwidth=2.5"));
    assert!(
        r.text
            .contains("style=\"rounded,filled,dashed\", fillcolor=\"#ffffff\", color=\"#b8bec7\"")
    );
    assert!(r.text.contains("12 iterations"));
    assert!(r.text.contains("ran ×3"));
    assert!(r.text.contains("\"s2\" -> \"s3\" [fontcolor=\"#6b7280\", label=<<i>Default</i>>, color=\"#1f77b4\", penwidth=2.5]"));

    let m = render_with(&path, &opts(Format::Mermaid), Some(&trace));
    assert!(m.text.contains("classDef rancaught stroke:#ffa500"));
    assert!(m.text.contains("class s7 rancaught"));
    // Every edge but Notify team's Next (its error was caught), the FAILED rule and the Fail.
    assert!(
        m.text
            .contains("linkStyle 0,1,2,3,5,6,8,9,10,12,13,14 stroke:#1f77b4")
    );
}

#[test]
fn trace_entries_naming_no_state_are_warnings() {
    let trace = Trace::from_json(
        r#"{"version": 1, "states": [{"state": "/States/Nope", "outcome": "failed"}],
            "edges": [{"from": "/States/Submit job", "to": "/States/Done", "kind": "next"}]}"#,
    )
    .unwrap();
    let r = render_with(
        &fixture("polling-job.asl.json"),
        &opts(Format::Dot),
        Some(&trace),
    );
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["GRAPH002", "GRAPH002"]);
    assert!(Trace::from_json(r#"{"version": 2}"#).is_err());
}

#[test]
fn plain_theme_has_no_colours() {
    let r = render_with(
        &fixture("catch-retry.asl.json"),
        &GraphOptions {
            theme: Theme::Plain,
            ..GraphOptions::default()
        },
        None,
    );
    for colour in ["#c0392b", "#fdecec", "#fff3c4", "#e8f8ec"] {
        assert!(!r.text.contains(colour), "{colour}");
    }
}

#[test]
fn cli_draws_broken_definitions_with_exit_code_zero() {
    let out = assert_cmd::Command::cargo_bin("aslctl")
        .unwrap()
        .args(["graph", "--format", "mermaid"])
        .arg(fixture("broken-targets.asl.json"))
        .assert()
        .success();
    let o = out.get_output();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("flowchart TB\n"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("`Default` names `Create customr`"), "{err}");
}

#[test]
fn cli_writes_the_file_and_reads_the_trace() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.dot");
    assert_cmd::Command::cargo_bin("aslctl")
        .unwrap()
        .arg("graph")
        .arg(fixture("polling-job.asl.json"))
        .arg("--trace")
        .arg(fixture("polling-job.trace.json"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("digraph \"state machine\" {"));
    assert!(text.contains("penwidth=2.5"));
}

#[test]
fn trace_fixture_and_serialised_traces_match_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/trace.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let text = std::fs::read_to_string(fixture("polling-job.trace.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(validator.is_valid(&value));
    // What the simulator will write (serde) is valid too, and reads back the same.
    let trace = Trace::from_json(&text).unwrap();
    let written = serde_json::to_value(&trace).unwrap();
    assert!(validator.is_valid(&written));
    assert_eq!(Trace::from_json(&written.to_string()).unwrap(), trace);
    let bad =
        serde_json::json!({"version": 1, "states": [{"state": "/States/A", "outcome": "maybe"}]});
    assert!(!validator.is_valid(&bad));
}
