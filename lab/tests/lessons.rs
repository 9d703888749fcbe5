//! What the lessons promise about themselves: their headers say what to notice and
//! point to where the figures are, but quote none, since a measured figure goes stale on
//! the next run while the header stays.

mod common;

use common::{figures, lessons};

#[test]
fn the_figure_check_finds_figures_and_leaves_settings_alone() {
    assert_eq!(figures("took 1.55 s, 1.46 s of it CPU"), ["1.55", "1.46"]);
    assert_eq!(figures("a speed-up of 2.04x [2.04–2.04]"), ["2.04x"]);
    assert!(figures("160 sites at 50 ms, 5 threads, fib(35)").is_empty());
}

#[test]
fn no_lesson_header_quotes_a_measured_figure() {
    let lessons = lessons();
    assert!(lessons.len() >= 12, "found only {lessons:?}");
    let mut quoted = Vec::new();
    for path in &lessons {
        let text = std::fs::read_to_string(path).expect("readable");
        for line in text.lines().take_while(|l| l.starts_with("//!")) {
            let found = figures(line);
            if !found.is_empty() {
                quoted.push(format!("{}: {found:?} in {line:?}", path.display()));
            }
        }
    }
    assert!(quoted.is_empty(), "put these in the docs:\n{}", quoted.join("\n"));
}
