//! What rustc says about a program that must not compile, in the lines a reader needs:
//! the error's code and message, the line it points at with the primary label, and the
//! compiler's help and notes on the program. Read from `--error-format=json`, with
//! paths cut to the file's name and line numbers left out, so that the text is the same
//! wherever the workspace is checked out, and with rustc 1.85 as with 1.95. The book
//! shows these texts; the tests check that the committed ones are still what the
//! compiler says.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Errors that say rustc could not load a crate, rather than judge the code.
const LOADING_ERRORS: [&str; 5] = ["E0460", "E0463", "E0464", "E0514", "E0519"];

/// Runs rustc (edition 2024) on `source`, with `--error-format=json` and with tokio
/// available when the source uses it (the build cargo made for the test calling this);
/// with `link`, an executable is made at `out`, whose path is returned.
pub fn rustc(source: &Path, link: bool, out: &Path) -> (Output, PathBuf) {
    let text = std::fs::read_to_string(source).expect("the source file");
    let base = || {
        let mut command = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
        command
            .args(["--edition", "2024", "--error-format=json", "--emit"])
            .arg(if link { "link" } else { "metadata" })
            .arg("-o")
            .arg(out)
            .arg(source);
        command
    };
    if !text.contains("tokio") {
        return (base().output().expect("rustc runs"), out.to_owned());
    }
    // Beside the test binary: where cargo put its dependencies, tokio among them.
    let deps =
        std::env::current_exe().expect("the test's path").parent().expect("a folder").to_owned();
    // Several builds of tokio may sit in the folder (other feature sets); try each.
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(&deps)
        .expect("the deps folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libtokio-") && n.ends_with(".rlib"))
        })
        .collect();
    candidates.sort();
    for tokio in &candidates {
        let output = base()
            .arg("-L")
            .arg(format!("dependency={}", deps.display()))
            .arg("--extern")
            .arg(format!("tokio={}", tokio.display()))
            .output()
            .expect("rustc runs");
        let codes = error_codes(&output);
        if !LOADING_ERRORS.iter().any(|code| codes.iter().any(|c| c == code)) {
            return (output, out.to_owned());
        }
    }
    panic!("no build of tokio in {} would load", deps.display());
}

/// The diagnostics rustc printed as JSON, one per line.
fn diagnostics(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|d| d["$message_type"] == "diagnostic")
        .collect()
}

/// The error codes rustc gave, one per error (`(no code)` for an error without one).
pub fn error_codes(output: &Output) -> Vec<String> {
    diagnostics(output)
        .iter()
        .filter(|d| d["level"] == "error" && !is_summary(d))
        .map(|d| d["code"]["code"].as_str().unwrap_or("(no code)").to_owned())
        .collect()
}

/// The warnings rustc gave, as their messages and the lints that raised them.
pub fn warnings(output: &Output) -> Vec<String> {
    diagnostics(output)
        .iter()
        .filter(|d| d["level"] == "warning" && !is_summary(d))
        .map(|d| {
            let notes: Vec<&str> = d["children"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["message"].as_str())
                .collect();
            format!(
                "{} [{}] {}",
                text(d, "message"),
                d["code"]["code"].as_str().unwrap_or(""),
                notes.join("; ")
            )
        })
        .collect()
}

/// `aborting due to ...` and `N warnings emitted`: rustc's count, not a diagnostic.
fn is_summary(diagnostic: &Value) -> bool {
    diagnostic["spans"].as_array().is_some_and(Vec::is_empty)
        && diagnostic["children"].as_array().is_some_and(Vec::is_empty)
        && diagnostic["code"].is_null()
}

/// The errors, as a reader sees them: for each, `error[CODE]: message`, the source line
/// of its primary span with the span underlined and labelled, then each help and note
/// (`= ...`) but those about another crate.
pub fn explain(output: &Output) -> String {
    let mut said = String::new();
    for error in diagnostics(output).iter().filter(|d| d["level"] == "error" && !is_summary(d)) {
        let code = error["code"]["code"].as_str().map(|c| format!("[{c}]")).unwrap_or_default();
        let _ = writeln!(said, "error{code}: {}", text(error, "message"));
        for span in
            error["spans"].as_array().into_iter().flatten().filter(|s| s["is_primary"] == true)
        {
            let file = file_name(span["file_name"].as_str().unwrap_or_default());
            let _ = writeln!(said, "  --> {file}");
            for line in span["text"].as_array().into_iter().flatten().take(1) {
                let source = line["text"].as_str().unwrap_or_default();
                let from = line["highlight_start"].as_u64().unwrap_or(1).max(1) as usize;
                let to = line["highlight_end"].as_u64().unwrap_or(1).max(from as u64) as usize;
                let marks = " ".repeat(from - 1) + &"^".repeat((to - from).max(1));
                let _ = writeln!(said, "   | {}", source.trim_end());
                let _ = writeln!(
                    said,
                    "{}",
                    format!("   | {marks} {}", text(span, "label")).trim_end()
                );
            }
        }
        // The labels of the other spans are left out: they differ between releases
        // (rustc 1.95 labels a recursive async fn's call, 1.85 does not), and what a
        // reader needs is the primary line, the help and the notes.
        // A note that points only into another crate's source (the standard library's,
        // say) says something of that crate, in words that change from one compiler
        // release to the next: rustc 1.95 notes where std's `scope` requires `'1`, 1.85
        // does not. Those are left out; notes on the program itself stay.
        let home = error["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["is_primary"] == true)
            .map(|s| s["file_name"].clone());
        let about_the_program = |child: &&Value| {
            let spans = child["spans"].as_array().map(Vec::as_slice).unwrap_or_default();
            spans.is_empty() || spans.iter().any(|s| Some(&s["file_name"]) == home.as_ref())
        };
        for child in error["children"].as_array().into_iter().flatten().filter(about_the_program) {
            let _ = writeln!(
                said,
                "   = {}: {}",
                child["level"].as_str().unwrap_or("note"),
                text(child, "message")
            );
        }
    }
    said
}

/// A diagnostic's text field, with every path in it cut to its file's name.
fn text(value: &Value, field: &str) -> String {
    without_paths(value[field].as_str().unwrap_or_default())
}

/// `/work/x/cases/rc_to_thread.rs:11:32: 11:39` becomes `rc_to_thread.rs`: paths and
/// line numbers differ from one checkout, machine and compiler build to another.
pub fn without_paths(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(".rs") {
        let (before, after) = rest.split_at(at);
        // The path starts after the last character that cannot be in one here.
        let start = before.rfind([' ', '`', '{', '@', '(', '\'', '"']).map_or(0, |i| i + 1);
        let path = &before[start..];
        out.push_str(&before[..start]);
        out.push_str(&file_name(&format!("{path}.rs")));
        rest = skip_line_numbers(&after[3..]);
    }
    out.push_str(rest);
    out
}

/// The text after `:12:5`, `:12:5: 12:9` or nothing of the kind.
fn skip_line_numbers(text: &str) -> &str {
    let mut rest = text;
    for separator in [":", ":", ": ", ":"] {
        match rest.strip_prefix(separator) {
            Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => {
                rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
            }
            _ => break,
        }
    }
    rest
}

fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned()
}

/// Checks that what rustc said, [`explain`]ed, is the text committed at `committed`;
/// with `BLESS=1` in the environment, writes it there instead (and passes).
pub fn assert_says(committed: &Path, said: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(committed, said).expect("the committed text can be written");
        return;
    }
    let expected = std::fs::read_to_string(committed)
        .unwrap_or_else(|e| panic!("{}: {e} (BLESS=1 writes it)", committed.display()));
    assert!(
        expected == said,
        "the compiler no longer says what {} has (BLESS=1 cargo test rewrites it):\n\
         --- committed\n{expected}\n--- rustc now\n{said}",
        committed.display()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_line_numbers_go_and_nothing_else() {
        assert_eq!(
            without_paths(
                "within `{closure@/work/x/cases/rc_to_thread.rs:11:32: 11:39}`, the trait"
            ),
            "within `{closure@rc_to_thread.rs}`, the trait"
        );
        assert_eq!(without_paths("C:\\src\\a.rs:3:4 and b.rs"), "a.rs and b.rs");
        assert_eq!(without_paths("no path here: 12"), "no path here: 12");
    }
}
