//! The lab's pages: Markdown templates in `lab/templates`, whose figures minijinja fills
//! in from the committed runs. Every sentence a reader reads lives in a template, and
//! every number in it comes from the data: rewording a paragraph is an edit of a `.md`
//! file and `lab redraw`, seconds, not a rerun.
//!
//! A template that names a field the data lacks fails to render (minijinja's strict
//! undefined), so a page is never written with a hole where a figure should be.

use std::path::{Path, PathBuf};

use anyhow::Context;
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// Where the templates are: beside this crate's sources, so that an edit to one shows
/// at the next render without a rebuild.
pub fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// Every template of a folder, ready to render.
pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    /// Loads every `.md` file under `dir`, each named by its path from `dir` with `/`
    /// between folders (`claims/starved.md`).
    pub fn load(dir: &Path) -> anyhow::Result<Pages> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // A `{% ... %}` line leaves no blank line behind, so a template reads as the
        // Markdown it makes.
        env.set_syntax(
            SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .context("the templates' syntax")?,
        );
        // `{{ seconds | fixed(3) }}`: a figure with exactly so many decimals, as the
        // tables print them (`round` would drop a trailing zero).
        env.add_filter("fixed", |value: f64, decimals: usize| format!("{value:.decimals$}"));
        let mut files = Vec::new();
        markdown_files(dir, &mut files)
            .with_context(|| format!("cannot read the templates in {}", dir.display()))?;
        if files.is_empty() {
            anyhow::bail!("no templates in {}", dir.display());
        }
        for file in files {
            let name = file
                .strip_prefix(dir)
                .context("a template outside its folder")?
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let source = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            env.add_template_owned(name.clone(), source)
                .with_context(|| format!("template {name}"))?;
        }
        Ok(Pages { env })
    }

    /// Renders template `name` with `context`; fails on a field the context lacks.
    pub fn render(&self, name: &str, context: impl Serialize) -> anyhow::Result<String> {
        let template =
            self.env.get_template(name).with_context(|| format!("no template {name}"))?;
        template
            .render(minijinja::value::Serde(&context))
            .map_err(|error| anyhow::anyhow!("{}", explain(&error)))
            .with_context(|| format!("cannot render {name}"))
    }
}

/// A render error with every cause in its chain and where each is in its template.
fn explain(error: &minijinja::Error) -> String {
    let mut text = format!("{error:#}");
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        match inner.downcast_ref::<minijinja::Error>() {
            Some(inner) => text.push_str(&format!("\ncaused by: {inner:#}")),
            None => text.push_str(&format!("\ncaused by: {inner}")),
        }
        cause = inner.source();
    }
    text
}

/// The `.md` files under `dir`, folders first searched in name order.
fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir)?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of templates made for one test.
    fn folder(name: &str, templates: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lab-pages-{name}-{}", std::process::id()));
        for (file, source) in templates {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, source).unwrap();
        }
        dir
    }

    #[test]
    fn a_template_fills_in_its_figures_and_includes_by_path() {
        let dir = folder(
            "fills",
            &[
                ("page.md", "# {{ title }}\n{% include \"parts/row.md\" %}"),
                ("parts/row.md", "{% for n in numbers %}\n| {{ n }} |\n{% endfor %}\n"),
            ],
        );
        let pages = Pages::load(&dir).unwrap();
        let text = pages
            .render("page.md", serde_json::json!({ "title": "T", "numbers": [1, 2] }))
            .unwrap();
        assert_eq!(text, "# T\n| 1 |\n| 2 |\n");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_field_the_data_lacks_fails_the_render_and_names_the_template() {
        let dir = folder("missing", &[("page.md", "took {{ meta.took_s }} s\n")]);
        let pages = Pages::load(&dir).unwrap();
        let error =
            pages.render("page.md", serde_json::json!({ "meta": { "repeat": 3 } })).unwrap_err();
        assert!(format!("{error:#}").contains("page.md"), "{error:#}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
