//! Mermaid flowchart printer.
//!
//! Ids are generated, labels are always quoted and escaped with Mermaid's `#…;` entity codes
//! (spec §6.2): quotes would end the label, `#` starts an entity, `%%` a directive, a backtick
//! a Markdown string, `|` ends an edge label, and `<`/`>`/`&` are HTML. Our own markup
//! (`<small>`, `<br/>`, `<i>`) is added after escaping. `linkStyle` indexes count every edge
//! statement in text order, so all edges are printed in one list after the nodes.

use super::model::{Block, BlockId, ContainerKind, Diagram, Item};
use super::trace::Outcome;
use super::{Direction, EdgeStyle, NodeClass, NodeView, Run, View};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Escapes label text. Leading and trailing spaces are trimmed by Mermaid anyway.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\\' => out.push_str("#92;"),
            '%' => out.push_str("#37;"),
            '|' => out.push_str("#124;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Prints the diagram.
pub(super) fn write(diagram: &Diagram<'_>, view: &View) -> String {
    let dir = match view.direction {
        Direction::TopBottom => "TB",
        Direction::LeftRight => "LR",
    };
    let mut out = format!("flowchart {dir}\n");
    for n in [diagram.start, diagram.end] {
        if let Some(v) = view.node(n) {
            node(&mut out, v, 1);
        }
    }
    let mut styles = Vec::new();
    block(&mut out, diagram, view, 0, 1, dir, &mut styles);
    let p = &view.palette;
    let mut red = Vec::new();
    let mut taken = Vec::new();
    for (i, e) in view.edges.iter().enumerate() {
        let label: Vec<String> = e.lines.iter().map(|l| escape(l)).collect();
        let mut label = label.join("<br/>");
        if e.style == EdgeStyle::Default && !label.is_empty() {
            label = format!("<i>{label}</i>");
        }
        let _ = match (e.style, label.is_empty()) {
            (EdgeStyle::Catch | EdgeStyle::Fail, true) => {
                writeln!(out, "  {} -.-> {}", e.from, e.to)
            }
            (EdgeStyle::Catch | EdgeStyle::Fail, false) => {
                writeln!(out, "  {} -. \"{label}\" .-> {}", e.from, e.to)
            }
            (_, true) => writeln!(out, "  {} --> {}", e.from, e.to),
            (_, false) => writeln!(out, "  {} -->|\"{label}\"| {}", e.from, e.to),
        };
        if e.taken == Some(true) {
            taken.push(i.to_string());
        } else if matches!(e.style, EdgeStyle::Catch | EdgeStyle::Fail) {
            red.push(i.to_string());
        }
    }
    // Classes: Mermaid's own default fill is lilac, so restyle every node.
    let _ = writeln!(
        out,
        "  classDef default fill:{},stroke:{},color:{}",
        p.task, p.stroke, p.text
    );
    let class_defs: [(NodeClass, &str, String); 8] = [
        (
            NodeClass::Pass,
            "pass",
            format!("fill:{},stroke:{}", p.pass, p.stroke),
        ),
        (
            NodeClass::Choice,
            "choice",
            format!("fill:{},stroke:{}", p.choice, p.stroke),
        ),
        (
            NodeClass::Wait,
            "wait",
            format!("fill:{},stroke:{}", p.wait, p.stroke),
        ),
        (
            NodeClass::Succeed,
            "succeed",
            format!(
                "fill:{},stroke:{},stroke-width:2px",
                p.succeed_fill, p.succeed_stroke
            ),
        ),
        (
            NodeClass::Fail,
            "fail",
            format!(
                "fill:{},stroke:{},stroke-width:2px",
                p.fail_fill, p.fail_stroke
            ),
        ),
        (
            NodeClass::Missing,
            "missing",
            format!(
                "fill:#ffffff,stroke:{},color:{},stroke-dasharray:4 3",
                p.missing, p.missing
            ),
        ),
        (
            NodeClass::Join,
            "join",
            format!("fill:{},stroke:{}", p.anchor_stroke, p.anchor_stroke),
        ),
        (
            NodeClass::Start,
            "anchor",
            format!("fill:{},stroke:{}", p.anchor_fill, p.anchor_stroke),
        ),
    ];
    let mut by_class: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for v in &view.nodes {
        let name = class_defs.iter().find_map(|(c, name, _)| {
            let class = if v.class == NodeClass::End {
                NodeClass::Start
            } else {
                v.class
            };
            (*c == class).then_some(*name)
        });
        if let Some(name) = name {
            by_class.entry(name).or_default().push(&v.id);
        }
    }
    for (_, name, def) in &class_defs {
        if by_class.contains_key(name) {
            let _ = writeln!(out, "  classDef {name} {def}");
            order.push(name);
        }
    }
    for name in order {
        if let Some(ids) = by_class.get(name) {
            let _ = writeln!(out, "  class {} {name}", ids.join(","));
        }
    }
    for s in styles {
        let _ = writeln!(out, "  {s}");
    }
    if !red.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:{},color:{}",
            red.join(","),
            p.catch,
            p.catch
        );
    }
    if view.traced {
        let mut ran: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut ran_order = Vec::new();
        for v in &view.nodes {
            let class = match v.run {
                Run::Unknown => continue,
                Run::Ran(Outcome::Succeeded) => "ranok",
                Run::Ran(Outcome::Failed) => "ranfailed",
                Run::Ran(Outcome::Caught) => "rancaught",
                Run::Skipped => "notrun",
            };
            if !ran.contains_key(class) {
                ran_order.push(class);
            }
            ran.entry(class).or_default().push(&v.id);
        }
        // Border only for nodes that ran, so the type fill stays readable.
        let defs = [
            ("ranok", format!("stroke:{},stroke-width:3px", p.ran_ok)),
            (
                "ranfailed",
                format!("stroke:{},stroke-width:3px", p.ran_failed),
            ),
            (
                "rancaught",
                format!("stroke:{},stroke-width:3px", p.ran_caught),
            ),
            (
                "notrun",
                format!(
                    "fill:#ffffff,stroke:{},color:{},stroke-dasharray:4 3",
                    p.dim_stroke, p.dim_text
                ),
            ),
        ];
        for (name, def) in &defs {
            if let Some(ids) = ran.get(name) {
                let _ = writeln!(out, "  classDef {name} {def}");
                let _ = writeln!(out, "  class {} {name}", ids.join(","));
            }
        }
        if !taken.is_empty() {
            let _ = writeln!(
                out,
                "  linkStyle {} stroke:{},stroke-width:3px",
                taken.join(","),
                p.taken
            );
        }
    }
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Prints a block's nodes and subgraphs. Recursion follows container nesting, which the model
/// caps at `MAX_NESTING`.
fn block(
    out: &mut String,
    diagram: &Diagram<'_>,
    view: &View,
    id: BlockId,
    depth: usize,
    dir: &str,
    styles: &mut Vec<String>,
) {
    let Some(Block { items }) = diagram.blocks.get(id) else {
        return;
    };
    let p = &view.palette;
    for item in items {
        match item {
            Item::Node(n) => {
                if let Some(v) = view.node(*n) {
                    node(out, v, depth);
                }
            }
            Item::Container(c) => {
                let Some(header) = view.node(c.header) else {
                    continue;
                };
                indent(out, depth);
                let _ = writeln!(out, "subgraph sg_{} [\" \"]", header.id);
                indent(out, depth + 1);
                let _ = writeln!(out, "direction {dir}");
                node(out, header, depth + 1);
                let dash = match c.kind {
                    ContainerKind::Parallel => "",
                    ContainerKind::Map { distributed: false } => ",stroke-dasharray:6 4",
                    ContainerKind::Map { distributed: true } => {
                        ",stroke-dasharray:6 4,stroke-width:2px"
                    }
                };
                styles.push(format!(
                    "style sg_{} fill:{},stroke:{}{dash}",
                    header.id, p.cluster_fill, p.cluster_stroke
                ));
                for (i, scope) in c.scopes.iter().enumerate() {
                    if c.kind == ContainerKind::Parallel {
                        indent(out, depth + 1);
                        let _ = writeln!(
                            out,
                            "subgraph sg_{}_b{} [\"Branch {}\"]",
                            header.id,
                            i + 1,
                            i + 1
                        );
                        indent(out, depth + 2);
                        let _ = writeln!(out, "direction {dir}");
                        block(out, diagram, view, *scope, depth + 2, dir, styles);
                        indent(out, depth + 1);
                        out.push_str("end\n");
                        styles.push(format!(
                            "style sg_{}_b{} fill:#ffffff,stroke:{},color:{}",
                            header.id,
                            i + 1,
                            p.branch_stroke,
                            p.muted
                        ));
                    } else {
                        block(out, diagram, view, *scope, depth + 1, dir, styles);
                    }
                }
                if let Some(j) = view.node(c.join) {
                    node(out, j, depth + 1);
                }
                indent(out, depth);
                out.push_str("end\n");
            }
        }
    }
}

/// One node statement with its shape.
fn node(out: &mut String, v: &NodeView, depth: usize) {
    indent(out, depth);
    let (open, close) = match v.class {
        NodeClass::Start => {
            let _ = writeln!(out, "{}((\"Start\"))", v.id);
            return;
        }
        NodeClass::End => {
            let _ = writeln!(out, "{}(((\"End\")))", v.id);
            return;
        }
        NodeClass::Join => {
            let _ = writeln!(out, "{}(( ))", v.id);
            return;
        }
        NodeClass::Choice => ("{{", "}}"),
        NodeClass::Succeed | NodeClass::Fail => ("([", "])"),
        _ => ("[", "]"),
    };
    let mut parts = Vec::new();
    if let Some(h) = &v.header {
        parts.push(format!("<small>{}</small>", escape(h)));
    }
    // Mermaid wraps long names itself; pre-wrapping would wrap twice (spec M13).
    let name = escape(&v.name);
    parts.push(if name.is_empty() {
        "#32;".to_owned()
    } else {
        name
    });
    for n in &v.notes {
        parts.push(format!("<small>{}</small>", escape(n)));
    }
    let _ = writeln!(out, "{}{open}\"{}\"{close}", v.id, parts.join("<br/>"));
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(escape("Quote \"inside\""), "Quote #quot;inside#quot;");
        assert_eq!(escape("Hash #1; and #quot;"), "Hash #35;1; and #35;quot;");
        assert_eq!(
            escape("%%{init: {'theme':'dark'}}%%"),
            "#37;#37;{init: {'theme':'dark'}}#37;#37;"
        );
        assert_eq!(escape("`markdown` **bold**"), "#96;markdown#96; **bold**");
        assert_eq!(escape("Pipe a|b"), "Pipe a#124;b");
        assert_eq!(escape("  padded  "), "padded");
        assert_eq!(escape("Line\nbreak"), "Line<br/>break");
        assert_eq!(escape("A & B <b>"), "A #amp; B #lt;b#gt;");
    }
}
