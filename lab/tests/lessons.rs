//! What the lessons promise about themselves: their headers say what to notice and
//! point to where the figures are, but quote none, since a measured figure goes stale on
//! the next run while the header stays.

use std::path::{Path, PathBuf};

/// Every example's `main.rs`, from the workspace's root.
fn lessons() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for group in ["examples-io", "examples-cpu", "examples-mistakes"] {
        let entries = std::fs::read_dir(root.join(group)).expect("the examples' folder");
        for entry in entries {
            let main = entry.expect("an entry").path().join("src/main.rs");
            if main.is_file() {
                found.push(main);
            }
        }
    }
    found.sort();
    found
}

/// The measured figures in `line`: a number with a decimal point followed by a unit of
/// time or memory, or a factor such as `2.04x`. Whole numbers are left alone: they are
/// the lessons' own settings (50 ms, 160 sites, 5 threads).
fn figures(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_matches(|c: char| "([,;:)".contains(c));
        let decimal = |w: &str| w.contains('.') && w.parse::<f64>().is_ok();
        let unit = words
            .get(i + 1)
            .map(|u| u.trim_end_matches([',', '.', ';', ')', ':']));
        let timed = matches!(
            unit,
            Some("s" | "ms" | "seconds" | "KiB" | "MiB" | "GiB" | "%")
        );
        let factor = word.strip_suffix('x').is_some_and(decimal);
        if (decimal(word) && timed) || factor {
            found.push(word.to_owned());
        }
    }
    found
}

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
    assert!(
        quoted.is_empty(),
        "put these in the docs:\n{}",
        quoted.join("\n")
    );
}
