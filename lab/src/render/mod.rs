//! The render stage: from the committed sets (docs/runs) to what the book shows, when
//! the book builds. `book.toml` names `lab mdbook` as a preprocessor: mdBook hands it the
//! book as JSON, it expands every directive of every page (see [`directives`]) and hands
//! the book back. Nothing here measures.

pub mod data;
pub mod directives;
pub mod svg;

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::Value;

use crate::record::RUNS_DIR;

/// The mdBook preprocessor: `lab mdbook supports RENDERER` answers that every renderer
/// is supported; `lab mdbook` reads `[context, book]` on stdin and writes the book.
pub fn mdbook(args: &[String]) -> anyhow::Result<()> {
    if args.first().is_some_and(|a| a == "supports") {
        return Ok(());
    }
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).context("cannot read the book from mdBook")?;
    let [context, mut book]: [Value; 2] =
        serde_json::from_str(&input).context("not what mdBook sends")?;
    let book_root = PathBuf::from(context["root"].as_str().context("no book root")?);
    let repo = book_root.parent().map_or_else(|| PathBuf::from(".."), Path::to_owned);
    let data = data::Data::load(&repo.join(RUNS_DIR))?;
    data::check(&data)?;
    let mut failures = Vec::new();
    if let Some(items) = book.get_mut("items").and_then(Value::as_array_mut) {
        for item in items {
            expand_chapter(item, &data, &repo, &mut failures);
        }
    }
    if !failures.is_empty() {
        anyhow::bail!(
            "{} reference(s) the data cannot fill:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    serde_json::to_writer(std::io::stdout().lock(), &book)?;
    Ok(())
}

/// Expands a chapter's content and its sub-chapters', collecting every failure.
fn expand_chapter(item: &mut Value, data: &data::Data, repo: &Path, failures: &mut Vec<String>) {
    let Some(chapter) = item.get_mut("Chapter") else { return };
    let page = chapter["path"].as_str().unwrap_or("").to_owned();
    if let Some(content) = chapter.get("content").and_then(Value::as_str) {
        match directives::expand(content, &page, data, repo) {
            Ok(text) => chapter["content"] = Value::String(text),
            Err(error) => failures.push(format!("{error:#}")),
        }
    }
    if let Some(items) = chapter.get_mut("sub_items").and_then(Value::as_array_mut) {
        for item in items {
            expand_chapter(item, data, repo, failures);
        }
    }
}
