//! `lab claims`: checks the tutorial's claims on this machine and writes the answers down.
//!
//! Runs each example as its own process against a site_server process (one whose new
//! connections are free, one whose new connections pay a handshake), repeats every point
//! (default 3 times) and keeps the median with the fastest and slowest run, and measures
//! wall time, CPU time and peak memory as the OS counted them (`crate::process`). Writes
//! `docs/results.json` (every repeat), one SVG chart per experiment in book/src/figures,
//! and the book's claims page (tables, the machine, the verdict rules and a verdict per
//! claim), rendered from the runs by the templates in lab/templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::bench::Lab;
use super::tutorial::Tutorial;
use serde::Serialize;

use super::twice::{self, Variation};
use super::{ALL, Meta, Plan, Previous, Section};
use crate::examples::Examples;
use crate::layout::{FIGURES_FROM_PAGE, Layout};
use crate::pages::{self, Pages};
use crate::platform;

/// Check the tutorial's claims by running the examples.
#[derive(Debug, clap::Args)]
pub struct ClaimsArgs {
    /// The experiments to run (default: all): threads, tasks, blocking-client, starved,
    /// processes-io, cpu-scaling.
    names: Vec<String>,
    /// A smoke run: small sizes, one run per point, 10 ms latency.
    #[arg(long)]
    quick: bool,
    /// How many times each point runs; the median is kept.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    repeat: u16,
    /// The site server's latency in milliseconds.
    #[arg(long, default_value_t = 50)]
    latency_ms: u64,
    /// What a new connection costs on the second site server, in milliseconds, for the
    /// claims that run with and without it (default: a far server's, as
    /// `site_server::HANDSHAKE`).
    #[arg(long, default_value_t = site_server::HANDSHAKE.as_millis() as u64)]
    handshake_ms: u64,
    /// Your clone of realpython/materials (or set PYTHON_MATERIALS): claim 7 then runs
    /// the tutorial's io_asyncio.py beside the Rust at each size.
    #[arg(long, value_name = "PATH")]
    python_materials: Option<PathBuf>,
    /// The Python to make that virtual environment from (default: python3).
    #[arg(long, value_name = "PYTHON", requires = "python_materials")]
    python: Option<PathBuf>,
    /// Where to write, laid out as the repository is (DIR/docs/results.json,
    /// DIR/book/src/figures, DIR/book/src/appendix/claims.md); default: the repository.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
}

/// Runs the chosen experiments and writes their sections.
pub fn run(examples: &Examples, args: &ClaimsArgs) -> anyhow::Result<()> {
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build, so its timings mislead; build with --release");
    }
    let chosen: Vec<_> = if args.names.is_empty() {
        ALL.iter().collect()
    } else {
        for name in &args.names {
            if !ALL.iter().any(|e| e.name == name) {
                let known: Vec<_> = ALL.iter().map(|e| e.name).collect();
                bail!("no experiment called {name:?}; there are: {}", known.join(", "));
            }
        }
        ALL.iter().filter(|e| args.names.iter().any(|n| n == e.name)).collect()
    };
    let plan = Plan::new(args.quick);
    let (repeat, latency_ms) =
        if args.quick { (1, 10) } else { (usize::from(args.repeat), args.latency_ms) };
    let tutorial = if chosen.iter().any(|e| e.name == "bounded") { tutorial(args)? } else { None };
    // The script and the import at each of claim 7's sizes.
    let python_points = if tutorial.is_some() { plan.bounded_sizes.len() * 2 } else { 0 };
    let runs: usize =
        chosen.iter().map(|e| (e.points)(&plan) * repeat).sum::<usize>() + python_points * repeat;
    let progress = ProgressBar::new(runs as u64);
    progress.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {pos}/{len} runs, ETA {eta}: {msg}",
        )
        .context("the progress bar's template")?,
    );
    let layout = Layout::at(&args.out);
    for dir in [layout.data(), layout.figures()] {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut lab = Lab::start(examples, latency_ms, args.handshake_ms, repeat, progress.clone())?;
    lab.tutorial = tutorial;
    // Sections from earlier runs are kept, so running one experiment again updates
    // its part of the claims page and leaves the others as they were.
    let mut saved = read_saved(&layout.data())?;
    let pages = Pages::load(&pages::templates_dir())?;
    for experiment in chosen {
        let started = Instant::now();
        let mut section = (experiment.run)(&lab, &plan, &layout.figures())
            .with_context(|| format!("experiment {}", experiment.name))?;
        section.meta = Meta {
            repeat,
            latency_ms,
            sites: plan.sites,
            machine: platform::machine(),
            took_s: started.elapsed().as_secs_f64().round() as u64,
            ran_on: Some(today()),
            python: section.meta.python.take(),
        };
        section.runs = lab.take_record();
        let rendered = (experiment.render)(&section, &pages, &layout.data())
            .with_context(|| format!("experiment {}", experiment.name))?;
        let line = format!("{}: {}", experiment.name, rendered.verdict);
        if progress.is_hidden() {
            eprintln!("{line}");
        } else {
            progress.println(line);
        }
        // The session before is kept beside it (its own previous dropped), for the
        // between-session check.
        section.previous = saved
            .remove(experiment.name)
            .map(|old| Box::new(Previous { meta: old.meta, runs: old.runs }));
        saved.insert(experiment.name.to_owned(), section);
    }
    progress.finish_and_clear();
    let saved_path = layout.data().join(SAVED);
    std::fs::write(&saved_path, serde_json::to_string_pretty(&saved)?)
        .with_context(|| format!("cannot write {}", saved_path.display()))?;
    let claims = write_results(&layout, &layout.data(), &saved, &pages)?;
    // The pages that quote the claims beside the Python runs, when those are here.
    let python_runs = layout.data().join("python-vs-rust").join("python-vs-rust.json");
    if python_runs.is_file() {
        let committed = crate::python::Committed::read(&python_runs)?;
        crate::book::write(&layout, &committed, &claims, &pages)?;
    }
    Ok(())
}

/// The tutorial's io_asyncio.py for claim 7, if the user named a checkout (with the
/// flag, or in the environment as `lab python` reads it).
fn tutorial(args: &ClaimsArgs) -> anyhow::Result<Option<Tutorial>> {
    let named = args
        .python_materials
        .clone()
        .or_else(|| std::env::var_os(crate::materials::MATERIALS_ENV).map(PathBuf::from));
    let Some(path) = named else {
        eprintln!(
            "note: claim 7 runs without the tutorial's io_asyncio.py: name your clone of \
             realpython/materials with --python-materials to measure it too"
        );
        return Ok(None);
    };
    Tutorial::find(&path, args.python.as_deref()).map(Some)
}

/// Today's date in UTC, `YYYY-MM-DD`, from the system clock (the civil-from-days
/// conversion of the proleptic Gregorian calendar).
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The year, month and day of the day `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The file in the output folder that keeps every section, runs and all.
pub const SAVED: &str = "results.json";

/// Every section kept in `out`, by experiment name: none if there is no file yet. A
/// file that does not read is an error, never overwritten.
pub fn read_saved(out: &Path) -> anyhow::Result<BTreeMap<String, Section>> {
    let path = out.join(SAVED);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    serde_json::from_str(&text).with_context(|| {
        format!("{} is not what `lab claims` writes; move it away to start afresh", path.display())
    })
}

/// Renders the claims page of `out` from the saved sections, in the tutorial's order,
/// with the other committed runs it quotes read from `docs`, and each section again as
/// a fragment of its own (book/src/figures/claims/NAME.md) for the example pages that
/// show it. Returns each claim's figures, by name, for the pages that quote them.
pub fn write_results(
    out: &Layout,
    docs: &Path,
    saved: &BTreeMap<String, Section>,
    pages: &Pages,
) -> anyhow::Result<BTreeMap<String, serde_json::Value>> {
    let (sections, variation) = rendered_sections(saved, pages, docs)?;
    let text = pages.render(
        "results.md",
        serde_json::json!({
            "sections": sections,
            "variation": variation,
            "figures_dir": FIGURES_FROM_PAGE,
        }),
    )?;
    let results = out.claims_page();
    let fragments = out.figures().join("claims");
    for dir in [results.parent().unwrap_or(Path::new(".")), &fragments] {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&results, text)
        .with_context(|| format!("cannot write {}", results.display()))?;
    let mut figures = BTreeMap::new();
    for section in sections {
        let path = fragments.join(format!("{}.md", section.name));
        let text = pages.render(
            "claim-fragment.md",
            serde_json::json!({ "s": &section, "figures_dir": FIGURES_FROM_PAGE }),
        )?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        figures.insert(section.name.to_owned(), section.figures);
    }
    println!(
        "Wrote {} with {} of {} experiments",
        results.display(),
        ALL.iter().filter(|e| saved.contains_key(e.name)).count(),
        ALL.len()
    );
    Ok(figures)
}

/// One section as the page template reads it.
#[derive(Debug, Serialize)]
struct PageSection<'a> {
    /// The experiment's name: `blocking-client`.
    name: &'static str,
    title: &'a str,
    claim: &'a str,
    meta: &'a Meta,
    /// The verdict's first words: holds, holds in part, does not hold.
    short: String,
    /// The section's Markdown below its settings line.
    text: String,
    /// What it was rendered from.
    figures: serde_json::Value,
    /// The margin its comparisons were held to (see `twice`).
    margin: f64,
}

/// Every saved section, rendered by its experiment in the tutorial's order, each held
/// to the margin its points measured twice give it; and those points.
fn rendered_sections<'a>(
    saved: &'a BTreeMap<String, Section>,
    pages: &Pages,
    docs: &Path,
) -> anyhow::Result<(Vec<PageSection<'a>>, Variation)> {
    let ordered: Vec<&Section> = ALL.iter().filter_map(|e| saved.get(e.name)).collect();
    let variation = twice::variation(&ordered);
    let mut sections = Vec::new();
    for experiment in &ALL {
        let Some(section) = saved.get(experiment.name) else {
            continue;
        };
        let mut held = section.clone();
        held.margin = variation.margins.get(&section.title).copied().unwrap_or(0.0);
        let rendered = (experiment.render)(&held, pages, docs)
            .with_context(|| format!("experiment {}", experiment.name))?;
        sections.push(PageSection {
            name: experiment.name,
            title: &section.title,
            claim: &section.claim,
            meta: &section.meta,
            short: rendered.verdict.split([':', ',']).next().unwrap_or_default().to_owned(),
            text: rendered.text,
            figures: rendered.figures,
            margin: held.margin,
        });
    }
    Ok((sections, variation))
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn days_since_1970_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(59), (1970, 3, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_789), (2026, 12, 2));
    }
}
