//! Fuzz target: load, build, and draw as Graphviz DOT and as Mermaid, with each label mode.
#![no_main]

use aslctl::graph::{ChoiceLabels, Direction, Format, GraphOptions, Theme, render};
use aslctl_parser::load::{LoadOptions, load};
use aslctl_parser::model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = load("fuzz", data.to_vec(), LoadOptions::default());
    let Some(root) = &loaded.root else {
        return;
    };
    let (Some(machine), _) = model::build(root) else {
        return;
    };
    let variants = [
        GraphOptions::default(),
        GraphOptions {
            format: Format::Mermaid,
            ..GraphOptions::default()
        },
        GraphOptions {
            format: Format::Mermaid,
            direction: Direction::LeftRight,
            choice_labels: ChoiceLabels::Comment,
            catch_labels: false,
            theme: Theme::Plain,
            label_max: 1,
        },
        GraphOptions {
            direction: Direction::LeftRight,
            choice_labels: ChoiceLabels::None,
            theme: Theme::Plain,
            label_max: 0,
            ..GraphOptions::default()
        },
    ];
    for opts in &variants {
        let _ = render(&machine, opts, None);
    }
});
