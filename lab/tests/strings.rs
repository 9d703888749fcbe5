//! No sentence a reader reads lives in a Rust string: every `.rs` file of the workspace
//! holds string literals of at most 200 characters. Prose goes in Markdown (the book),
//! where it is edited as prose.

mod common;

use common::{files, root};

/// The longest string literal a `.rs` file may hold, in characters of source.
const LONGEST: usize = 200;

/// The string literals of Rust source `text` (their source, quotes excluded), skipping
/// comments and character literals. Raw strings (`r"..."`, `r#"..."#`) count too.
fn literals(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            // A character literal such as '"' or '\'' (not a lifetime: those have no
            // closing quote right after one character or escape).
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
            '\'' if chars.get(i + 1) == Some(&'\\') && chars.get(i + 3) == Some(&'\'') => i += 4,
            'r' if matches!(chars.get(i + 1), Some('"' | '#'))
                && (i == 0 || !chars[i - 1].is_alphanumeric() && chars[i - 1] != '_') =>
            {
                let mut hashes = 0;
                let mut j = i + 1;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let start = j + 1;
                let mut k = start;
                while k < chars.len() {
                    if chars[k] == '"' && (0..hashes).all(|h| chars.get(k + 1 + h) == Some(&'#')) {
                        break;
                    }
                    k += 1;
                }
                found.push(chars[start..k.min(chars.len())].iter().collect());
                i = k + 1 + hashes;
            }
            '"' => {
                let start = i + 1;
                let mut k = start;
                while k < chars.len() && chars[k] != '"' {
                    k += if chars[k] == '\\' { 2 } else { 1 };
                }
                found.push(chars[start..k.min(chars.len())].iter().collect());
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    found
}

#[test]
fn the_scanner_finds_literals_and_skips_comments_and_characters() {
    let source =
        "let a = \"one \\\" two\"; // \"not this\"\nlet c = '\"'; let r = r#\"raw \"x\"\"#;";
    assert_eq!(literals(source), ["one \\\" two", "raw \"x\""]);
}

#[test]
fn no_rust_file_holds_a_string_literal_longer_than_200_characters() {
    let files = files(&root(), ".rs");
    assert!(files.len() > 50, "found only {} .rs files", files.len());
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for literal in literals(&text) {
            let length = literal.chars().count();
            if length > LONGEST {
                let start: String = literal.chars().take(60).collect();
                long.push(format!("{}: {length} characters: {start}...", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "move these to Markdown:\n{}", long.join("\n"));
}
