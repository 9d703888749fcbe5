//! Every Markdown table the project commits has as many cells in each row as in its
//! header: a shifted column prints the wrong figure under a heading without a word
//! (the claims page's claim 2 once showed the tasks' peak under "thread per site: time").

use std::path::Path;

/// The committed documents with tables, written by hand or by a program.
const DOCUMENTS: [&str; 3] =
    ["README.md", "book/src/appendix/claims.md", "docs/python-vs-rust/python-vs-rust.md"];

/// The cells of a table row: split on `|` that is not escaped, without the outer ones.
fn cells(line: &str) -> usize {
    let unescaped = line.replace("\\|", "");
    unescaped.trim().trim_matches('|').split('|').count()
}

/// Checks every table of `text`; returns the rows that do not fit their header.
fn misshapen(text: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut header: Option<usize> = None;
    let mut in_code = false;
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code || !line.trim_start().starts_with('|') {
            header = None;
            continue;
        }
        match header {
            None => header = Some(cells(line)),
            Some(width) if cells(line) != width => {
                wrong.push(format!(
                    "line {}: {} cells, header {width}: {line}",
                    number + 1,
                    cells(line)
                ));
            }
            Some(_) => {}
        }
    }
    wrong
}

#[test]
fn every_committed_table_has_rows_as_wide_as_its_header() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for document in DOCUMENTS {
        let text = std::fs::read_to_string(root.join(document)).expect("the document");
        let wrong = misshapen(&text);
        assert!(wrong.is_empty(), "{document}:\n{}", wrong.join("\n"));
    }
}

#[test]
fn a_row_wider_than_its_header_is_caught() {
    let table = "| a | b |\n|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 |\n";
    assert_eq!(misshapen(table).len(), 1);
    assert!(misshapen("| a \\| b | c |\n|---|---|\n| 1 | 2 |\n").is_empty());
}
