//! The render stage as mdBook runs it: `lab mdbook`, handed a book whose pages refer to
//! a set of runs made here, hands it back with every reference filled from the data,
//! and fails, naming the page and the line, on a reference the data cannot fill.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{RUNNER, root};

/// A repository of one set, `t`: point `slow` took 2.0, 2.1 and 2.2 s, point `fast`
/// 1.0, 1.1 and 1.2 s; `slow` used 100 MiB at its peak.
fn repo(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lab-render-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs/runs")).expect("folder");
    std::fs::create_dir_all(dir.join("book")).expect("folder");
    let repeat = |wall: f64| {
        serde_json::json!({"exit": 0, "wall_s": wall, "cpu_s": wall / 2.0, "peak_rss_kib": 102_400,
        "server": {"peak_in_flight": 5, "requests": 160, "handshakes": 5}, "spans": [{"lane": 0, "start_ms": 0.0, "end_ms": 50.0}]})
    };
    let point = |id: &str, walls: [f64; 3]| {
        serde_json::json!({"id": id, "label": format!("the {id} one"), "program": "p",
        "language": "rust", "repeats": walls.map(repeat)})
    };
    let set = serde_json::json!({"name": "t", "about": "A test.", "command": "none", "machine": "this one", "ran_on": "2026-12-04",
        "repeat": 3, "points": [point("slow", [2.0, 2.1, 2.2]), point("fast", [1.0, 1.1, 1.2])]});
    std::fs::write(dir.join("docs/runs/t.json"), set.to_string()).expect("written");
    dir
}

/// `lab mdbook` on one page, `io/page.md`, holding `content`, in the book of `repo`.
fn preprocess(repo: &Path, content: &str) -> Output {
    let context = serde_json::json!({"root": repo.join("book"), "config": {}, "renderer": "html", "mdbook_version": "0.5.4"});
    let book = serde_json::json!({"items": [{"Chapter": {"name": "A page", "content": content, "number": [1],
        "sub_items": [], "path": "io/page.md", "source_path": "io/page.md", "parent_names": []}}]});
    let mut child = Command::new(RUNNER)
        .arg("mdbook")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lab runs");
    let input = serde_json::json!([context, book]).to_string();
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("written");
    child.wait_with_output().expect("lab ends")
}

/// The page as the preprocessor handed it back.
fn page(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let book: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a book");
    book["items"][0]["Chapter"]["content"].as_str().expect("content").to_owned()
}

#[test]
fn mdbook_is_told_every_renderer_is_supported() {
    let status =
        Command::new(RUNNER).args(["mdbook", "supports", "html"]).status().expect("lab runs");
    assert!(status.success());
}

#[test]
fn figures_are_filled_from_the_data_with_their_spread() {
    let repo = repo("figures");
    let text = page(&preprocess(
        &repo,
        "On {{date t}} it took {{fig t slow wall}}, {{ratio t slow fast}} as long, median {{fig t fast wall}}; {{fig t slow rss}}.{{expect t slow > fast}}\n",
    ));
    assert_eq!(
        text,
        "On 2026-12-04 it took 2.100 s [2.000–2.200], 1.91x [1.67–2.20] as long, median 1.100 s [1.000–1.200]; 100 MiB.\n"
    );
    std::fs::remove_dir_all(&repo).expect("removable");
}

#[test]
fn a_reference_the_data_cannot_fill_fails_the_build_naming_the_page_and_line() {
    let repo = repo("unknown");
    for (reference, says) in [
        ("{{fig nope slow wall}}", "no set called nope"),
        ("{{fig t medium wall}}", "no point medium in set t; it has: slow, fast"),
        ("{{fig t slow beauty}}", "no measure called beauty"),
        ("{{fig t slow own}}", "a repeat has no own"),
        ("{{fig t slow wall median}}", "\"median\" is one word too many"),
        ("{{frobnicate t}}", "no directive called frobnicate"),
        (
            "{{bars t wall \"A title far too long to fit on one line above the figure it names\" slow=slow}}",
            "is too long for the figure",
        ),
        (
            "{{expect t slow < fast}}",
            "the page says slow's wall is less than fast's, but the data says more than",
        ),
        ("{{expect t slow peak = 4}}", "expected slow's peak = 4 in every repeat"),
    ] {
        let output = preprocess(&repo, &format!("Line one.\n{reference}\n"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{reference} did not fail");
        assert!(stderr.contains("io/page.md:2") && stderr.contains(says), "{reference}: {stderr}");
    }
    std::fs::remove_dir_all(&repo).expect("removable");
}

#[test]
fn a_tie_is_a_tie_and_code_is_left_alone() {
    let repo = repo("tie");
    let text = page(&preprocess(
        &repo,
        "{{expect t slow ~ slow}}\n```text\n{{fig not a reference}}\n```\nWrite `{{fig SET P M}}`.\n",
    ));
    assert_eq!(text, "\n```text\n{{fig not a reference}}\n```\nWrite `{{fig SET P M}}`.\n");
    std::fs::remove_dir_all(&repo).expect("removable");
}

#[test]
fn a_table_has_a_row_per_point_as_wide_as_its_header() {
    let repo = repo("table");
    let text = page(&preprocess(
        &repo,
        "{{rows t slow fast=\"quick one\" | wall cpu peak=\"at once\"}}\n",
    ));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "| | time | CPU | at once |");
    assert_eq!(lines[2], "| the slow one | 2.100 s [2.000–2.200] | 1.05 s [1.00–1.10] | 5 |");
    assert!(lines[3].starts_with("| quick one |"));
    assert_eq!(lines.len(), 5, "four table lines and the blank line that ends the table");
    for line in &lines[..4] {
        assert_eq!(line.matches('|').count(), 5, "{line}");
    }
    std::fs::remove_dir_all(&repo).expect("removable");
}

#[test]
fn pictures_are_images_the_page_carries() {
    let repo = repo("pictures");
    let text = page(&preprocess(
        &repo,
        "{{timeline t slow \"One lane\" lane=thread}}\n{{bars t wall \"Both\" slow=slow fast=fast}}\n",
    ));
    assert_eq!(text.matches("<img class=\"figure\" alt=\"").count(), 2, "{text}");
    assert!(text.contains("src=\"data:image/svg+xml;base64,"));
    std::fs::remove_dir_all(&repo).expect("removable");
}

#[test]
fn a_lesson_is_shown_without_its_header() {
    let text = page(&preprocess(&root(), "{{lesson io_threading}}\n"));
    assert!(text.starts_with("```rust,noplayground\nuse std::process::ExitCode;"), "{text}");
    assert!(!text.contains("//!"));
}
