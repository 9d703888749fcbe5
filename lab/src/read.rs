//! `lab read`: an example's Python file and its `main.rs` in two columns,
//! function beside function of the same name (`main` beside `main`,
//! `download_all_sites` beside `download_all_sites`), and what has no twin on rows of
//! its own. This is how the project is meant to be read.

use std::path::PathBuf;

use anyhow::Context;

use crate::lessons;
use crate::usage::UsageError;

/// The width when `COLUMNS` does not say: a terminal's default.
const DEFAULT_WIDTH: usize = 80;

/// Below this, two columns of code are not worth reading: one line per character.
const MIN_WIDTH: usize = 40;

/// Between the two columns.
const GUTTER: &str = " | ";

/// The environment variable that names the reader's clone of realpython/materials.
pub const MATERIALS_ENV: &str = "PYTHON_MATERIALS";

/// The flags of `lab read`.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// The lesson: its Rust name (io_threading) or its Python file (io_threads.py).
    lesson: String,
    /// Your clone of realpython/materials (or set PYTHON_MATERIALS).
    #[arg(long, value_name = "PATH")]
    python_materials: Option<PathBuf>,
    /// The 2019 tutorial's file (concurrency-overview/), where the lesson has one.
    #[arg(long)]
    older: bool,
}

/// Prints the two files side by side.
pub fn run(args: &ReadArgs) -> anyhow::Result<()> {
    let materials = materials_path(args.python_materials.clone())?;
    let (lesson, twin) = find_twin(&args.lesson, args.older)?;
    let python_path = materials.join(&twin);
    let rust_path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(lesson_folder(&lesson)?)
        .join("src/main.rs");
    let python = std::fs::read_to_string(&python_path).with_context(|| {
        format!(
            "cannot read {} (is {} the tutorial's checkout?)",
            python_path.display(),
            materials.display()
        )
    })?;
    let rust = std::fs::read_to_string(&rust_path)
        .with_context(|| format!("cannot read {}", rust_path.display()))?;
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH);
    let (python, rust) = (python_blocks(&python), rust_blocks(&rust));
    let rows = align(&python, &rust);
    print!("{}", render(&twin, &format!("{lesson}/src/main.rs"), &rows, width));
    Ok(())
}

/// The folder of a lesson's crate, from the repository's root: whichever of the
/// lessons' folders holds a crate of that name.
pub fn lesson_folder(name: &str) -> anyhow::Result<String> {
    lessons::find(name)?.with_context(|| format!("no lesson called {name} in lessons.toml"))?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    ["examples-io", "examples-cpu", "examples-mistakes"]
        .iter()
        .map(|group| format!("{group}/{name}"))
        .find(|folder| root.join(folder).join("Cargo.toml").is_file())
        .with_context(|| {
            format!("lessons.toml names {name}, but no examples-*/{name} crate is there")
        })
}

/// The lesson `name` names, by its Rust name or a twin's file name or stem, and that
/// twin: the current tutorial's unless `older` asks for the 2019 one.
fn find_twin(name: &str, older: bool) -> anyhow::Result<(String, String)> {
    let stem = name.trim_end_matches(".py");
    let all = lessons::all()?;
    let matches =
        |twin: &String| twin.rsplit('/').next().is_some_and(|f| f.trim_end_matches(".py") == stem);
    for lesson in &all {
        let twins: Vec<&String> =
            lesson.twins.iter().filter(|t| lesson.name == stem || matches(t)).collect();
        let wanted = twins
            .iter()
            .find(|t| t.starts_with("concurrency-overview/") == older)
            .or(twins.first());
        if let Some(twin) = wanted {
            return Ok((lesson.name.clone(), (*twin).clone()));
        }
    }
    let known: Vec<&str> =
        all.iter().filter(|l| !l.twins.is_empty()).map(|l| l.name.as_str()).collect();
    Err(UsageError(format!(
        "no Python twin of {name:?}; the lessons with one: {}",
        known.join(", ")
    ))
    .into())
}

/// The reader's clone of realpython/materials, from the flag or the environment.
pub fn materials_path(named: Option<PathBuf>) -> Result<PathBuf, UsageError> {
    named.or_else(|| std::env::var_os(MATERIALS_ENV).map(PathBuf::from)).ok_or_else(|| {
        UsageError(format!(
            "name your clone of the tutorial's repository with --python-materials PATH or {MATERIALS_ENV}; \
             get it with `git clone --depth 1 https://github.com/realpython/materials`"
        ))
    })
}

/// A run of lines of one file: a function (with its comments and attributes), or what
/// stands between functions. `name` is `None` for the latter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The function's name; `__main__` for Python's `if __name__ == "__main__":`.
    pub name: Option<String>,
    /// Its lines, as in the file.
    pub lines: Vec<String>,
}

/// Splits Python source at its top-level statements: a `def` (with the comments and
/// decorators just above it) or the `if __name__` block starts a named block.
pub fn python_blocks(source: &str) -> Vec<Block> {
    split(source, |line| {
        let line = line.strip_prefix("async ").unwrap_or(line);
        if let Some(rest) = line.strip_prefix("def ") {
            return Some(Some(identifier(rest)));
        }
        if line.starts_with("if __name__") {
            return Some(Some("__main__".to_owned()));
        }
        // Another top-level statement (an import, a global) starts an unnamed block;
        // indented lines, closing brackets and decorators belong to what is around them.
        let top = !line.starts_with([' ', '\t', ')', ']', '}', '@', '#']);
        top.then_some(None)
    })
}

/// Splits Rust source at its top-level items: an `fn` (with the doc comments and
/// attributes just above it) starts a named block.
pub fn rust_blocks(source: &str) -> Vec<Block> {
    split(source, |line| {
        let mut rest = line;
        for prefix in ["pub(crate) ", "pub ", "async "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        if let Some(rest) = rest.strip_prefix("fn ") {
            return Some(Some(identifier(rest)));
        }
        let top = !line.starts_with([' ', '\t', '}', ')', ']', '#', '/']);
        top.then_some(None)
    })
}

/// The identifier at the start of `text`.
fn identifier(text: &str) -> String {
    text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Splits `source` where `starts` says a top-level line begins a block (`Some(name)`).
/// The comment, attribute and decorator lines right above such a line move down into
/// its block; blank lines stay with the block above.
fn split(source: &str, starts: impl Fn(&str) -> Option<Option<String>>) -> Vec<Block> {
    let mut blocks: Vec<Block> = vec![Block { name: None, lines: Vec::new() }];
    for line in source.lines() {
        let line = line.replace('\t', "    ");
        let Some(name) = (!line.trim().is_empty()).then(|| starts(&line)).flatten() else {
            if let Some(block) = blocks.last_mut() {
                block.lines.push(line);
            }
            continue;
        };
        // A new unnamed block right after another unnamed one is the same block.
        let last = blocks.last_mut().expect("never empty");
        if name.is_none() && last.name.is_none() {
            last.lines.push(line);
            continue;
        }
        let mut lead = Vec::new();
        while last.lines.last().is_some_and(|l| is_lead(l)) {
            lead.insert(0, last.lines.pop().unwrap_or_default());
        }
        lead.push(line);
        blocks.push(Block { name, lines: lead });
    }
    blocks.retain(|b| b.lines.iter().any(|l| !l.trim().is_empty()));
    blocks
}

/// A line that introduces what follows it: a comment, a doc comment, an attribute, a
/// decorator, at the top level.
fn is_lead(line: &str) -> bool {
    ["#", "//", "@"].iter().any(|p| line.starts_with(p))
}

/// One row of the reading: a Python block, a Rust block, or both with the same name.
pub type Row<'a> = (Option<&'a Block>, Option<&'a Block>);

/// Pairs the blocks of the two files by name, keeping each file's order (the longest
/// common sequence of names); the two headers (imports, constants) face each other, and
/// `__main__` faces `main` when the Python file has no `main`.
pub fn align<'a>(python: &'a [Block], rust: &'a [Block]) -> Vec<Row<'a>> {
    let has_main = python.iter().any(|b| b.name.as_deref() == Some("main"));
    let key = |b: &Block| match b.name.as_deref() {
        Some("__main__") if !has_main => Some("main".to_owned()),
        _ => b.name.clone(),
    };
    let py: Vec<Option<String>> = python.iter().map(key).collect();
    let rs: Vec<Option<String>> = rust.iter().map(|b| b.name.clone()).collect();
    // Unnamed blocks match only as the two files' first blocks.
    let same = |i: usize, j: usize| match (&py[i], &rs[j]) {
        (Some(a), Some(b)) => a == b,
        (None, None) => i == 0 && j == 0,
        _ => false,
    };
    // lcs[i][j]: the longest common sequence of python[i..] and rust[j..].
    let (n, m) = (python.len(), rust.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] =
                if same(i, j) { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut rows = Vec::new();
    while i < n || j < m {
        if i < n && j < m && same(i, j) {
            rows.push((Some(&python[i]), Some(&rust[j])));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            rows.push((None, Some(&rust[j])));
            j += 1;
        } else {
            rows.push((Some(&python[i]), None));
            i += 1;
        }
    }
    rows
}

/// The two columns, `width` characters wide in all.
pub fn render(python_title: &str, rust_title: &str, rows: &[Row<'_>], width: usize) -> String {
    let column = (width.saturating_sub(GUTTER.len()) / 2).max(1);
    let mut out = String::new();
    let mut line = |left: &str, right: &str| {
        let padded = format!("{left:<column$}{GUTTER}{right}");
        out.push_str(padded.trim_end());
        out.push('\n');
    };
    line(python_title, rust_title);
    line(&"=".repeat(column), &"=".repeat(column));
    for (python, rust) in rows {
        let title = |b: &Option<&Block>| match b {
            Some(Block { name: Some(name), .. }) => format!("-- {name} "),
            Some(_) => "-- top of the file ".to_owned(),
            None => String::new(),
        };
        line(&rule(&title(python), column), &rule(&title(rust), column));
        let left = wrap(python.map_or(&[][..], |b| &b.lines), column);
        let right = wrap(rust.map_or(&[][..], |b| &b.lines), column);
        for k in 0..left.len().max(right.len()) {
            line(left.get(k).map_or("", String::as_str), right.get(k).map_or("", String::as_str));
        }
    }
    out
}

/// `title` followed by dashes to `width`; blank without a title.
fn rule(title: &str, width: usize) -> String {
    if title.is_empty() {
        return String::new();
    }
    let mut rule: String = title.chars().take(width).collect();
    while rule.chars().count() < width {
        rule.push('-');
    }
    rule
}

/// `lines` cut to `width` characters, a long line going on in the next rows after two
/// spaces: nothing is cut off.
fn wrap(lines: &[String], width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let chars: Vec<char> = line.trim_end().chars().collect();
        if chars.len() <= width {
            out.push(chars.into_iter().collect());
            continue;
        }
        out.push(chars[..width].iter().collect());
        let rest = &chars[width..];
        let step = width.saturating_sub(2).max(1);
        for piece in rest.chunks(step) {
            out.push(format!("  {}", piece.iter().collect::<String>()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Python file shaped like the tutorial's scripts.
    const PYTHON: &str = include_str!("../tests/fixtures/read/twin.py");

    /// Its Rust twin, shaped like the examples' main.rs.
    const RUST: &str = include_str!("../tests/fixtures/read/main.rs.txt");

    fn names(blocks: &[Block]) -> Vec<Option<&str>> {
        blocks.iter().map(|b| b.name.as_deref()).collect()
    }

    #[test]
    fn python_splits_at_defs_and_the_main_guard() {
        let blocks = python_blocks(PYTHON);
        assert_eq!(
            names(&blocks),
            [
                None,
                Some("main"),
                Some("download_all_sites"),
                Some("download_site"),
                Some("get_session"),
                Some("__main__")
            ]
        );
        // The comment above a def belongs to it; blank lines stay above.
        assert_eq!(blocks[4].lines[0], "# Only the Python has this.");
        assert_eq!(blocks[5].lines, ["if __name__ == \"__main__\":", "    main()"]);
    }

    #[test]
    fn rust_splits_at_fns_with_their_doc_comments_and_attributes() {
        let blocks = rust_blocks(RUST);
        assert_eq!(
            names(&blocks),
            [None, Some("main"), Some("helper"), Some("download_all_sites"), Some("download_site")]
        );
        assert!(blocks[0].lines.iter().any(|l| l.starts_with("const COUNT")));
        assert_eq!(blocks[2].lines[0], "/// Only the Rust has this.");
        assert_eq!(blocks[4].lines[0], "#[inline]");
    }

    #[test]
    fn functions_face_their_namesakes_and_the_rest_stand_alone() {
        let python = python_blocks(PYTHON);
        let rust = rust_blocks(RUST);
        let rows = align(&python, &rust);
        let pairs: Vec<(Option<&str>, Option<&str>)> = rows
            .iter()
            .map(|(p, r)| {
                (
                    p.map(|b| b.name.as_deref().unwrap_or("(top)")),
                    r.map(|b| b.name.as_deref().unwrap_or("(top)")),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                (Some("(top)"), Some("(top)")),
                (Some("main"), Some("main")),
                (None, Some("helper")),
                (Some("download_all_sites"), Some("download_all_sites")),
                (Some("download_site"), Some("download_site")),
                (Some("get_session"), None),
                (Some("__main__"), None),
            ]
        );
    }

    #[test]
    fn the_main_guard_faces_main_when_python_has_no_main() {
        let python = python_blocks("import x\n\nif __name__ == \"__main__\":\n    run()\n");
        let rust = rust_blocks("use x;\n\nfn main() {}\n");
        let rows = align(&python, &rust);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0.and_then(|b| b.name.as_deref()), Some("__main__"));
        assert_eq!(rows[1].1.and_then(|b| b.name.as_deref()), Some("main"));
    }

    #[test]
    fn the_columns_fit_the_width_and_nothing_is_cut() {
        let python = python_blocks(PYTHON);
        let rust = rust_blocks(RUST);
        let text = render("a.py", "a/src/main.rs", &align(&python, &rust), 50);
        for line in text.lines() {
            assert!(line.chars().count() <= 50, "{line:?}");
        }
        let main_row = text.lines().find(|l| l.starts_with("-- main ")).expect("a main row");
        assert!(main_row.contains(" | -- main "), "{main_row}");
    }

    #[test]
    fn a_long_line_goes_on_in_the_next_rows() {
        let wrapped = wrap(&["abcdefghij".to_owned(), "ab".to_owned()], 4);
        assert_eq!(wrapped, ["abcd", "  ef", "  gh", "  ij", "ab"]);
        let rejoined: String = wrapped[..4].iter().map(|l| l.trim()).collect();
        assert_eq!(rejoined, "abcdefghij");
    }
}
