//! Graphviz DOT printer.
//!
//! Every id is quoted and generated; every label is escaped for the context it sits in: HTML-like
//! labels for nodes (small grey header lines), quoted strings for edge labels and tooltips.
//! Escaping rules are those of the Graphviz "DOT language" and "Node, Edge and Graph Attributes"
//! (escString) pages; spec §6.1 lists the pitfalls each rule avoids.

use super::labels::wrap;
use super::model::{Block, BlockId, ContainerKind, Diagram, Item};
use super::trace::Outcome;
use super::{Direction, EdgeStyle, NodeClass, NodeView, Palette, Run, View};
use std::fmt::Write;

/// Names are wrapped at this width in DOT (Graphviz never wraps on its own).
const NAME_WRAP: usize = 32;

/// Escapes text for a quoted DOT string (an escString): backslash first, since `\N`, `\G`,
/// `\l` and friends are expanded; `&` because Graphviz decodes entities even in plain labels.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for an HTML-like label. escString processing still applies inside `<…>`
/// (a `\N` printed the node id in testing), so backslashes are doubled too.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Prints the diagram.
pub(super) fn write(diagram: &Diagram<'_>, view: &View) -> String {
    let p = &view.palette;
    let mut out = String::new();
    let rankdir = match view.direction {
        Direction::TopBottom => "TB",
        Direction::LeftRight => "LR",
    };
    out.push_str("digraph \"state machine\" {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir={rankdir}, compound=true, newrank=true, nodesep=0.3, ranksep=0.4, fontname=\"Helvetica\", fontsize=10, labeljust=l];"
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", fontname=\"Helvetica\", fontsize=11, margin=\"0.12,0.05\"];",
        p.task, p.stroke, p.text
    );
    let _ = writeln!(
        out,
        "  edge [color=\"{}\", fontcolor=\"{}\", fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];",
        p.stroke, p.text
    );
    for n in [diagram.start, diagram.end] {
        if let Some(v) = view.node(n) {
            node(&mut out, v, view, 1);
        }
    }
    block(&mut out, diagram, view, 0, 1);
    for e in &view.edges {
        let mut attrs: Vec<String> = Vec::new();
        match e.style {
            EdgeStyle::Plain => {}
            EdgeStyle::Default => {
                attrs.push(format!("fontcolor=\"{}\"", p.muted));
            }
            EdgeStyle::Catch => {
                attrs.push("style=dashed".into());
                attrs.push(format!("color=\"{}\"", p.catch));
                attrs.push(format!("fontcolor=\"{}\"", p.catch));
            }
            EdgeStyle::Fail => {
                attrs.push("style=dotted".into());
                attrs.push(format!("color=\"{}\"", p.fail_stroke));
            }
        }
        if !e.lines.is_empty() {
            if e.style == EdgeStyle::Default {
                let text: Vec<String> = e.lines.iter().map(|l| html(l)).collect();
                attrs.push(format!("label=<<i>{}</i>>", text.join("<br/>")));
            } else {
                attrs.push(format!("label=\"{}\"", quoted(&e.lines.join("\n"))));
            }
        }
        if let Some(t) = &e.tooltip {
            attrs.push(format!("tooltip=\"{}\"", quoted(t)));
        }
        if let Some(h) = &e.leaves {
            attrs.push(format!("ltail=\"cluster_{h}\""));
        }
        match e.taken {
            Some(true) => {
                // Replace any colour set above: the taken path is what matters.
                attrs.retain(|a| !a.starts_with("color="));
                attrs.push(format!("color=\"{}\"", p.taken));
                attrs.push("penwidth=2.5".into());
            }
            Some(false) => {
                attrs.retain(|a| !a.starts_with("color="));
                attrs.push(format!("color=\"{}\"", p.dim_stroke));
            }
            None => {}
        }
        let _ = write!(out, "  \"{}\" -> \"{}\"", e.from, e.to);
        if !attrs.is_empty() {
            let _ = write!(out, " [{}]", attrs.join(", "));
        }
        out.push_str(";\n");
    }
    out.push_str("}\n");
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Prints a block's nodes and containers. Recursion follows container nesting, which the
/// model caps at `MAX_NESTING`.
fn block(out: &mut String, diagram: &Diagram<'_>, view: &View, id: BlockId, depth: usize) {
    let Some(Block { items }) = diagram.blocks.get(id) else {
        return;
    };
    let p = &view.palette;
    for item in items {
        match item {
            Item::Node(n) => {
                if let Some(v) = view.node(*n) {
                    node(out, v, view, depth);
                }
            }
            Item::Container(c) => {
                let Some(header) = view.node(c.header) else {
                    continue;
                };
                indent(out, depth);
                let _ = writeln!(out, "subgraph \"cluster_{}\" {{", header.id);
                indent(out, depth + 1);
                let (style, penwidth) = match c.kind {
                    ContainerKind::Parallel => ("rounded", 1),
                    ContainerKind::Map { distributed } => {
                        ("rounded,dashed", if distributed { 2 } else { 1 })
                    }
                };
                let color = match header.run {
                    Run::Skipped => p.dim_stroke,
                    _ => p.cluster_stroke,
                };
                let _ = writeln!(
                    out,
                    "label=\"\"; style=\"{style}\"; color=\"{color}\"; penwidth={penwidth};"
                );
                node(out, header, view, depth + 1);
                for (i, scope) in c.scopes.iter().enumerate() {
                    if c.kind == ContainerKind::Parallel {
                        indent(out, depth + 1);
                        let _ = writeln!(out, "subgraph \"cluster_{}_b{}\" {{", header.id, i + 1);
                        indent(out, depth + 2);
                        let _ = writeln!(
                            out,
                            "label=\"Branch {}\"; fontsize=9; fontcolor=\"{}\"; style=\"rounded\"; color=\"{}\"; penwidth=1;",
                            i + 1,
                            p.muted,
                            p.branch_stroke
                        );
                        block(out, diagram, view, *scope, depth + 2);
                        indent(out, depth + 1);
                        out.push_str("}\n");
                    } else {
                        block(out, diagram, view, *scope, depth + 1);
                    }
                }
                if let Some(j) = view.node(c.join) {
                    node(out, j, view, depth + 1);
                }
                indent(out, depth);
                out.push_str("}\n");
            }
        }
    }
}

/// One node statement. Lines always start indented, so a name can never put `#` in column 0.
fn node(out: &mut String, v: &NodeView, view: &View, depth: usize) {
    let p = &view.palette;
    indent(out, depth);
    let _ = write!(out, "\"{}\" [", v.id);
    let mut attrs: Vec<String> = Vec::new();
    match v.class {
        NodeClass::Start => {
            attrs.push("shape=circle".into());
            attrs.push("label=\"Start\"".into());
            attrs.push("width=0.55, fixedsize=true, fontsize=9".into());
            attrs.push(format!(
                "fillcolor=\"{}\", color=\"{}\"",
                p.anchor_fill, p.anchor_stroke
            ));
        }
        NodeClass::End => {
            attrs.push("shape=doublecircle".into());
            attrs.push("label=\"End\"".into());
            attrs.push("width=0.45, fixedsize=true, fontsize=9".into());
            attrs.push(format!(
                "fillcolor=\"{}\", color=\"{}\"",
                p.anchor_fill, p.anchor_stroke
            ));
        }
        NodeClass::Join => {
            attrs.push("shape=circle, label=\"\", width=0.12, fixedsize=true, style=filled".into());
            attrs.push(format!(
                "fillcolor=\"{}\", color=\"{}\"",
                p.anchor_stroke, p.anchor_stroke
            ));
        }
        NodeClass::Missing => {
            attrs.push("style=\"rounded,dashed\"".into());
            attrs.push(format!(
                "color=\"{}\", fontcolor=\"{}\"",
                p.missing, p.missing
            ));
        }
        class => {
            let (shape, fill, stroke, style) = match class {
                NodeClass::Choice => ("hexagon", p.choice, p.stroke, "filled"),
                NodeClass::Pass => ("box", p.pass, p.stroke, "rounded,filled"),
                NodeClass::Wait => ("box", p.wait, p.stroke, "rounded,filled"),
                NodeClass::Succeed => ("box", p.succeed_fill, p.succeed_stroke, "rounded,filled"),
                NodeClass::Fail => ("box", p.fail_fill, p.fail_stroke, "rounded,filled,bold"),
                _ => ("box", p.task, p.stroke, "rounded,filled"),
            };
            if shape != "box" {
                attrs.push(format!("shape={shape}"));
            }
            match v.run {
                Run::Unknown => {
                    attrs.push(format!(
                        "style=\"{style}\", fillcolor=\"{fill}\", color=\"{stroke}\""
                    ));
                }
                Run::Ran(outcome) => {
                    let color = match outcome {
                        Outcome::Succeeded => p.ran_ok,
                        Outcome::Failed => p.ran_failed,
                        Outcome::Caught => p.ran_caught,
                    };
                    // Colour only the border, so the type fill stays readable (spec §7).
                    attrs.push(format!(
                        "style=\"{style}\", fillcolor=\"{fill}\", color=\"{color}\", penwidth=2.5"
                    ));
                }
                Run::Skipped => {
                    let dashed = style
                        .replace("filled", "filled,dashed")
                        .replace(",bold", "");
                    attrs.push(format!(
                        "style=\"{dashed}\", fillcolor=\"#ffffff\", color=\"{}\", fontcolor=\"{}\"",
                        p.dim_stroke, p.dim_text
                    ));
                }
            }
        }
    }
    if !matches!(v.class, NodeClass::Start | NodeClass::End | NodeClass::Join) {
        attrs.push(format!("label=<{}>", html_label(v, p)));
        attrs.push(format!("tooltip=\"{}\"", quoted(&v.tooltip)));
    }
    out.push_str(&attrs.join(", "));
    out.push_str("];\n");
}

fn html_label(v: &NodeView, p: &Palette) -> String {
    let small = |s: &str| {
        format!(
            "<font point-size=\"8\" color=\"{}\">{}</font>",
            p.muted,
            html(s)
        )
    };
    let mut parts = Vec::new();
    if let Some(h) = &v.header {
        parts.push(small(h));
    }
    let name_lines = wrap(&v.name, NAME_WRAP);
    let name: Vec<String> = name_lines.iter().map(|l| html(l)).collect();
    let name = name.join("<br/>");
    // An empty HTML label line would collapse; keep the node visibly named.
    parts.push(if name.is_empty() {
        "&nbsp;".to_owned()
    } else {
        name
    });
    for n in &v.notes {
        parts.push(small(n));
    }
    parts.join("<br/>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quoted_strings() {
        // Graphviz escString: a trailing backslash would escape the closing quote (spec D4).
        assert_eq!(quoted(r#"a "b" \N &amp;"#), r#"a \"b\" \\N &amp;amp;"#);
        assert_eq!(quoted("Line\nbreak"), "Line\\nbreak");
        assert_eq!(quoted("end\\"), "end\\\\");
    }

    #[test]
    fn escapes_html_labels() {
        assert_eq!(
            html("<b>&\"x\"</b>"),
            "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
        );
        assert_eq!(html("\\N"), "\\\\N");
        assert_eq!(html("a\nb"), "a<br/>b");
    }
}
