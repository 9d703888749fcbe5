//! `lab claims`: checks the tutorial's claims on this machine and writes the answers down.
//!
//! Runs each example as its own process against a site_server process (one whose new
//! connections are free, one whose new connections pay a handshake), repeats every point
//! (default 3 times) and keeps the median with the fastest and slowest run, and measures
//! wall time, CPU time and peak memory as the OS counted them (`crate::process`). Writes
//! `docs/RESULTS.md` (tables, the machine, the verdict rules and a verdict per claim),
//! `docs/results.json` (every repeat) and one SVG chart per experiment.

use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::bench::Lab;
use super::{ALL, Plan, Section};
use crate::examples::Examples;
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
    /// Where RESULTS.md and the charts go.
    #[arg(long, default_value = "docs")]
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
                bail!(
                    "no experiment called {name:?}; there are: {}",
                    known.join(", ")
                );
            }
        }
        ALL.iter()
            .filter(|e| args.names.iter().any(|n| n == e.name))
            .collect()
    };
    let plan = Plan::new(args.quick);
    let (repeat, latency_ms) = if args.quick {
        (1, 10)
    } else {
        (usize::from(args.repeat), args.latency_ms)
    };
    let runs: usize = chosen.iter().map(|e| (e.points)(&plan) * repeat).sum();
    let progress = ProgressBar::new(runs as u64);
    progress.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {pos}/{len} runs, ETA {eta}: {msg}",
        )
        .context("the progress bar's template")?,
    );
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let lab = Lab::start(
        examples,
        latency_ms,
        args.handshake_ms,
        repeat,
        progress.clone(),
    )?;
    // Sections from earlier runs are kept, so running one experiment again updates
    // its part of RESULTS.md and leaves the others as they were.
    let saved_path = args.out.join("results.json");
    let mut saved: serde_json::Map<String, serde_json::Value> =
        std::fs::read_to_string(&saved_path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
    let settings = format!(
        "Median of {repeat} run(s), [fastest–slowest] in brackets; site latency {latency_ms} ms; {} sites unless the table says otherwise; {}.",
        plan.sites,
        platform::machine()
    );
    for experiment in chosen {
        let started = Instant::now();
        let mut section = (experiment.run)(&lab, &plan, &args.out)
            .with_context(|| format!("experiment {}", experiment.name))?;
        section.settings = format!(
            "{settings} It took {:.0} s.",
            started.elapsed().as_secs_f64()
        );
        section.runs = lab.take_record();
        let line = format!("{}: {}", experiment.name, section.verdict);
        if progress.is_hidden() {
            eprintln!("{line}");
        } else {
            progress.println(line);
        }
        saved.insert(experiment.name.to_owned(), section.to_json());
    }
    progress.finish_and_clear();
    std::fs::write(&saved_path, serde_json::to_string_pretty(&saved)?)
        .with_context(|| format!("cannot write {}", saved_path.display()))?;
    let sections: Vec<Section> = ALL
        .iter()
        .filter_map(|e| saved.get(e.name))
        .filter_map(Section::from_json)
        .collect();
    let results = args.out.join("RESULTS.md");
    std::fs::write(&results, results_md(&sections)?)
        .with_context(|| format!("cannot write {}", results.display()))?;
    println!(
        "Wrote {} with {} of {} experiments",
        results.display(),
        sections.len(),
        ALL.len()
    );
    Ok(())
}

fn results_md(sections: &[Section]) -> anyhow::Result<String> {
    let mut md = String::from("# The tutorial's claims, measured\n\n");
    md.push_str(
        "Written by `lab claims` (lab/src/claims); rerun it to check these figures on your \
         own machine (`lab claims NAME` reruns one experiment and keeps the others). Time is the wall time of the \
         example's process; CPU is its user plus system time, its worker processes' included; memory (peak RSS) is \
         the largest resident set of any one of those processes, not their sum; both as wait4 counted them. Each \
         example ran as its own process against a site_server process. docs/results.json keeps every run of every \
         point (`runs`: wall and CPU seconds, peak RSS, the server's peak and handshakes, the example's own report).\n\n",
    );
    md.push_str(super::RULES);
    md.push_str("\n\n");
    md.push_str("| claim | verdict |\n|---|---|\n");
    for section in sections {
        let short = section.verdict.split([':', ',']).next().unwrap_or("");
        writeln!(md, "| {} | {short} |", section.claim)?;
    }
    for section in sections {
        writeln!(
            md,
            "\n## {}\n\n> {}\n\n{}\n\n{}",
            section.title, section.claim, section.settings, section.body
        )?;
        for chart in &section.charts {
            writeln!(md, "![{}]({chart})\n", section.title)?;
        }
        writeln!(md, "**Verdict.** {}", section.verdict)?;
    }
    Ok(md)
}
