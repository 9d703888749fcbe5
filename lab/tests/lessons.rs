//! The lessons' manifest, lessons.toml, is the only list of them: every lesson crate is
//! in it and it names no other; no code lists them again (the lab, .ci); the run
//! scripts' visible lists follow it; every lesson's page shows its code. And the lessons'
//! headers quote no measured figure, which would go stale on the next run.

mod common;

use std::path::Path;
use std::process::Command;

use common::{RUNNER, figures, files, lessons, root};

/// The manifest as `lab lessons` prints it: name, chapter, page, last line, quick args.
fn manifest() -> Vec<Vec<String>> {
    let output = Command::new(RUNNER).arg("lessons").output().expect("lab runs");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn names() -> Vec<String> {
    manifest().into_iter().map(|row| row[0].clone()).collect()
}

#[test]
fn every_lesson_crate_is_in_the_manifest_and_the_manifest_names_only_lessons() {
    let mut crates: Vec<String> = lessons()
        .iter()
        .map(|main| {
            main.parent()
                .and_then(Path::parent)
                .and_then(Path::file_name)
                .expect("a crate")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    crates.sort();
    let mut listed = names();
    listed.sort();
    assert_eq!(crates, listed, "examples-*/ and lessons.toml disagree");
}

#[test]
fn no_code_lists_the_lessons_again() {
    // A lesson's name as a string literal in the lab's code, or a word of .ci's scripts,
    // is a second list: it would drift from the manifest.
    let names = names();
    let mut found = Vec::new();
    let mut sources = files(&root().join("lab/src"), ".rs");
    sources.extend([root().join(".ci/run"), root().join(".ci/platforms")]);
    for path in sources {
        let text = std::fs::read_to_string(&path).expect("readable");
        // A file's own tests may name lessons; the code above them may not.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for name in &names {
            let quoted = format!("\"{name}\"");
            let as_word = |line: &str| {
                line.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == name)
            };
            let in_ci = path.starts_with(root().join(".ci"))
                && text.lines().filter(|l| !l.trim_start().starts_with('#')).any(as_word);
            if text.contains(&quoted) || in_ci {
                found.push(format!("{}: {name}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "read lessons.toml instead:\n{}", found.join("\n"));
}

#[test]
fn the_run_scripts_list_their_lessons_in_the_manifests_order() {
    let all = manifest();
    for (script, chapters) in
        [("run-examples-io.sh", &["io"][..]), ("run-examples-cpu.sh", &["cpu", "races"][..])]
    {
        let text = std::fs::read_to_string(root().join(script)).expect("the script");
        let listed: Vec<&str> = text
            .lines()
            .map(|l| l.trim().trim_end_matches('\\').trim())
            .filter(|w| all.iter().any(|row| row[0] == *w))
            .collect();
        let by_manifest: Vec<&str> = all
            .iter()
            .filter(|row| chapters.contains(&row[1].as_str()))
            .map(|row| row[0].as_str())
            .filter(|n| listed.contains(n))
            .collect();
        assert!(!listed.is_empty(), "{script} lists no lesson");
        assert_eq!(listed, by_manifest, "{script} lists them out of the manifest's order");
    }
}

#[test]
fn every_lessons_page_exists_and_shows_its_code() {
    for row in manifest() {
        let page = root().join("book/src").join(&row[2]);
        let text = std::fs::read_to_string(&page)
            .unwrap_or_else(|_| panic!("{}'s page {} is missing", row[0], row[2]));
        assert!(
            text.contains(&format!("{{{{lesson {}}}}}", row[0])),
            "{} does not show {{{{lesson {}}}}}",
            row[2],
            row[0]
        );
    }
}

#[test]
fn the_figure_check_finds_figures_and_leaves_settings_alone() {
    assert_eq!(figures("took 1.55 s, 1.46 s of it CPU"), ["1.55", "1.46"]);
    assert_eq!(figures("a speed-up of 2.04x [2.04–2.04]"), ["2.04x"]);
    assert_eq!(figures("about eleven minutes"), ["eleven"]);
    assert_eq!(figures("it opened 1001 connections"), ["1001"]);
    assert_eq!(figures("in 52 s"), ["52"]);
    assert_eq!(figures("the server sees five connections"), ["five"]);
    assert_eq!(figures("a margin of 39.5%, 2x as long"), ["39.5%", "2x"]);
    assert_eq!(figures("it takes about a minute"), ["a"]);
    assert!(figures("a second thread, 100,000 requests kept").is_empty());
    assert!(figures("160 sites at 50 ms, 5 threads, fib(35), a 100 ms handshake").is_empty());
}

#[test]
fn no_lesson_header_quotes_a_measured_figure() {
    let lessons = lessons();
    assert!(lessons.len() >= 15, "found only {lessons:?}");
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
    assert!(quoted.is_empty(), "put these in the book, by reference:\n{}", quoted.join("\n"));
}
