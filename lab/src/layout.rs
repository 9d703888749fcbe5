//! Where the lab reads its runs and writes its pages and pictures: the repository's own
//! layout, under a root (the repository itself, or a scratch folder for `--quick`).

use std::path::{Path, PathBuf};

/// The repository's folders, under one root.
#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
}

/// How the claims page links to the pictures: from book/src/appendix to
/// book/src/figures.
pub const FIGURES_FROM_PAGE: &str = "../figures/";

impl Layout {
    /// The layout under `root`; `.` is kept out of the paths, so that what the lab
    /// prints and writes into its pictures reads `docs/runs/trace-io.json`.
    pub fn at(root: &Path) -> Layout {
        let root = if root == Path::new(".") { PathBuf::new() } else { root.to_owned() };
        Layout { root }
    }

    /// The committed runs: results.json, python-vs-rust/, runs/.
    pub fn data(&self) -> PathBuf {
        self.root.join("docs")
    }

    /// The book's sources: its pages, and what they include.
    pub fn book_src(&self) -> PathBuf {
        self.root.join("book").join("src")
    }

    /// The pictures the book shows: the claims' charts, the Python chart, timelines/.
    pub fn figures(&self) -> PathBuf {
        self.book_src().join("figures")
    }

    /// The claims page, rendered from results.json.
    pub fn claims_page(&self) -> PathBuf {
        self.book_src().join("appendix").join("claims.md")
    }
}
