//! The book (book/) as a reader gets it: every lesson's code included from its crate and
//! never copied, every page in the summary, no measured figure typed into a page, and,
//! once built, no link or picture that leads nowhere.

mod common;

use std::path::{Path, PathBuf};

use common::{figures, files, root};

/// The book's pages, with their text.
fn pages() -> Vec<(PathBuf, String)> {
    files(&root().join("book/src"), ".md")
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p, text)
        })
        .collect()
}

/// The files a page includes with `{{#include PATH}}` (an `:anchor` or line range
/// after the path is dropped), resolved from the page's folder.
fn includes(page: &Path, text: &str) -> Vec<PathBuf> {
    text.match_indices("{{#include ")
        .map(|(at, _)| {
            let rest = &text[at + "{{#include ".len()..];
            let target = rest[..rest.find("}}").expect("a closed include")].trim();
            let path = target.split(':').next().unwrap_or(target);
            page.parent().expect("a folder").join(path)
        })
        .collect()
}

#[test]
fn every_include_exists() {
    for (page, text) in pages() {
        for path in includes(&page, &text) {
            assert!(
                path.is_file(),
                "{} includes {}, which does not exist",
                page.display(),
                path.display()
            );
        }
    }
}

#[test]
fn no_page_holds_a_copy_of_rust_code() {
    let mut copies = Vec::new();
    for (page, text) in pages() {
        let mut in_rust = false;
        for line in text.lines() {
            if line.starts_with("```") {
                in_rust = !in_rust && line.starts_with("```rust");
            } else if in_rust && !line.trim().starts_with("{{#include ") {
                copies.push(format!("{}: {line}", page.display()));
            }
        }
    }
    assert!(copies.is_empty(), "include the code instead:\n{}", copies.join("\n"));
}

#[test]
fn every_page_is_in_the_summary_and_the_summary_names_only_pages() {
    let src = root().join("book/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("a summary");
    let named: Vec<PathBuf> = summary
        .match_indices("](")
        .map(|(at, _)| {
            let rest = &summary[at + 2..];
            src.join(&rest[..rest.find(')').expect("a closed link")])
        })
        .collect();
    for path in &named {
        assert!(path.is_file(), "SUMMARY.md names {}, which is not there", path.display());
    }
    for (page, _) in pages() {
        if page.file_name().is_some_and(|n| n != "SUMMARY.md") {
            assert!(named.contains(&page), "{} is not in SUMMARY.md", page.display());
        }
    }
}

#[test]
fn no_page_types_a_measured_figure() {
    // Outside code blocks: a transcript a page includes is a run's own output.
    let mut typed = Vec::new();
    for (page, text) in pages() {
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            let found = if in_code { Vec::new() } else { figures(line) };
            if !found.is_empty() {
                typed.push(format!("{}: {found:?} in {line:?}", page.display()));
            }
        }
    }
    assert!(
        typed.is_empty(),
        "refer to these in the data ({{{{fig SET POINT MEASURE}}}}):\n{}",
        typed.join("\n")
    );
}

/// Where .ci/run says it built the book (`mdbook build book`); unset, the built book is
/// not checked (a developer without mdbook), and the test says so.
const BUILT: &str = "LAB_BOOK_HTML";

#[test]
fn every_link_and_picture_of_the_built_book_leads_somewhere() {
    let Some(dir) = std::env::var_os(BUILT).map(PathBuf::from) else {
        eprintln!("{BUILT} is not set: the built book is not checked (.ci/run sets it)");
        return;
    };
    let html = files(&dir, ".html");
    assert!(html.len() > 20, "only {} pages in {}", html.len(), dir.display());
    let mut broken = Vec::new();
    for page in &html {
        let text = std::fs::read_to_string(page).expect("readable");
        for attribute in ["href=\"", "src=\""] {
            for (at, _) in text.match_indices(attribute) {
                let rest = &text[at + attribute.len()..];
                let target = &rest[..rest.find('"').unwrap_or(0)];
                let external = ["http:", "https:", "mailto:", "#", "javascript:", "data:"]
                    .iter()
                    .any(|p| target.starts_with(p));
                let path = target.split(['#', '?']).next().unwrap_or_default();
                if external || path.is_empty() {
                    continue;
                }
                // An absolute path (404.html's) is from the book's root.
                let resolved = match path.strip_prefix('/') {
                    Some(from_root) => dir.join(from_root),
                    None => page.parent().expect("a folder").join(path),
                };
                if !(resolved.is_file() || resolved.join("index.html").is_file()) {
                    broken.push(format!("{}: {target}", page.display()));
                    continue;
                }
                // A link to a heading of another page: that heading is there.
                if let Some((_, anchor)) = target.split_once('#') {
                    let linked = std::fs::read_to_string(&resolved).unwrap_or_default();
                    if !linked.contains(&format!("id=\"{anchor}\"")) {
                        broken.push(format!("{}: {target} (no such heading)", page.display()));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "links to nowhere:\n{}", broken.join("\n"));
}
