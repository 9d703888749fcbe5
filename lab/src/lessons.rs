//! The lessons, as `lessons.toml` at the repository's root lists them: the only list.
//! It is read into the lab when the lab is built, so the lab and the manifest never
//! disagree.

use serde::Deserialize;

use crate::usage::UsageError;

/// The manifest, as the lab was built with it.
const MANIFEST: &str = include_str!("../../lessons.toml");

/// One lesson.
#[derive(Debug, Clone, Deserialize)]
pub struct Lesson {
    /// Its crate.
    pub name: String,
    /// `io`, `cpu` or `races`.
    pub chapter: String,
    /// Its page, under book/src.
    pub page: String,
    /// Its Python twins in realpython/materials, the current tutorial's first.
    #[serde(default)]
    pub twins: Vec<String>,
    /// Whether the runner runs it when no lesson is named.
    #[serde(default)]
    pub runs: bool,
    /// Whether the other lessons of its chapter are measured against it.
    #[serde(default)]
    pub baseline: bool,
    /// Its arguments for a smoke run.
    #[serde(default)]
    pub quick: Vec<String>,
    /// What the last line of a smoke run must match.
    #[serde(default)]
    pub ends: String,
}

#[derive(Deserialize)]
struct Manifest {
    lesson: Vec<Lesson>,
}

/// Every lesson, in the book's order.
pub fn all() -> anyhow::Result<Vec<Lesson>> {
    Ok(toml::from_str::<Manifest>(MANIFEST)
        .map_err(|e| anyhow::anyhow!("lessons.toml: {e}"))?
        .lesson)
}

/// The lessons of `chapters` the command line named, in the manifest's order, or those
/// the runner runs by default; a name not among them is the user's mistake.
pub fn chosen(named: &[String], chapters: &[&str]) -> anyhow::Result<Vec<Lesson>> {
    let of_chapter: Vec<Lesson> =
        all()?.into_iter().filter(|l| chapters.contains(&l.chapter.as_str())).collect();
    if named.is_empty() {
        return Ok(of_chapter.into_iter().filter(|l| l.runs).collect());
    }
    named
        .iter()
        .map(|name| {
            of_chapter.iter().find(|l| &l.name == name).cloned().ok_or_else(|| {
                let known: Vec<&str> = of_chapter.iter().map(|l| l.name.as_str()).collect();
                UsageError(format!("no lesson called {name} here; there are: {}", known.join(", ")))
                    .into()
            })
        })
        .collect()
}

/// The lesson of that name.
pub fn find(name: &str) -> anyhow::Result<Option<Lesson>> {
    Ok(all()?.into_iter().find(|l| l.name == name))
}

/// The baseline of `chapter`.
pub fn baseline(chapter: &str) -> anyhow::Result<Option<Lesson>> {
    Ok(all()?.into_iter().find(|l| l.chapter == chapter && l.baseline))
}
