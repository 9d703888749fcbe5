//! experiments: checks the tutorial's claims on this machine and writes the answers down.
//!
//! Runs each example as its own process against a site_server process (one whose new
//! connections are free, one whose new connections pay a handshake), repeats every point
//! (default 3 times) and keeps the median with the fastest and slowest run, and measures
//! wall time, CPU time and peak memory as the OS counted them (`getrusage`, see
//! `measure.rs`). Writes `docs/RESULTS.md` (tables, the machine, the verdict rules and a
//! verdict per claim), `docs/results.json` (every repeat) and one SVG chart per experiment.
//!
//! ```text
//! cargo build --release --workspace
//! target/release/experiments                      # every experiment, about eleven minutes
//! target/release/experiments starved cpu-scaling  # only these
//! target/release/experiments --quick              # a smoke run of all, in seconds
//! ```

mod chart;
mod claims;
mod lab;
mod measure;
mod platform;

use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use claims::{ALL, Plan, Section};
use lab::Lab;

/// A far server's handshake: two round trips (TCP, then TLS 1.3) of the 50 ms a site
/// takes to answer, as `site_server::HANDSHAKE`.
const HANDSHAKE_MS: u64 = 100;

/// Check the tutorial's claims by running the examples.
#[derive(Debug, Parser)]
struct Args {
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
    /// claims that run with and without it.
    #[arg(long, default_value_t = HANDSHAKE_MS)]
    handshake_ms: u64,
    /// Where RESULTS.md and the charts go.
    #[arg(long, default_value = "docs")]
    out: PathBuf,
    /// Run nothing: draw python-vs-rust.svg in --out from this file, which
    /// `run_examples python --out DIR` wrote (DIR/python-vs-rust.json).
    #[arg(long, value_name = "JSON")]
    python_chart: Option<PathBuf>,
    /// Run nothing: draw one timeline SVG per example in --out/timelines from these
    /// traces, which `run_examples io|cpu --trace FILE` wrote.
    #[arg(long, value_name = "TRACE", num_args = 1..)]
    timelines: Vec<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    if std::env::var_os(measure::MEASURE_ENV).is_some() {
        return measure::helper_main();
    }
    let args = Args::parse();
    if let Some(runs) = &args.python_chart {
        return python_chart(runs, &args.out);
    }
    if !args.timelines.is_empty() {
        return timelines(&args.timelines, &args.out.join("timelines"));
    }
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
    let lab = Lab::start(latency_ms, args.handshake_ms, repeat, progress.clone())?;
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
        "Written by `target/release/experiments` (support/experiments); rerun it to check these figures on your \
         own machine (`experiments NAME` reruns one experiment and keeps the others). Time is the wall time of the \
         example's process; CPU is its user plus system time, its worker processes' included; memory (peak RSS) is \
         the largest resident set of any one of those processes, not their sum; both as getrusage counted them. Each \
         example ran as its own process against a site_server process. docs/results.json keeps every run of every \
         point (`runs`: wall and CPU seconds, peak RSS, the server's peak and handshakes, the example's own report).\n\n",
    );
    md.push_str(claims::RULES);
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

/// Draws the Python scripts of the current tutorial beside their Rust twins, every run
/// a dot, from the runs `run_examples python` wrote.
fn python_chart(runs: &std::path::Path, out: &std::path::Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(runs).with_context(|| format!("cannot read {}", runs.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not the JSON run_examples writes", runs.display()))?;
    let mut pairs: Vec<chart::Pair> = Vec::new();
    for run in json["runs"].as_array().context("no \"runs\" in it")? {
        let pair = run["pair"].as_str().unwrap_or_default();
        // The current tutorial's scripts only; the 2019 ones are in the table.
        if pair.contains('/') || !run["failure"].is_null() {
            continue;
        }
        let wall = run["wall_s"].as_f64().context("a run without wall_s")?;
        let name = format!("{} / {}", pair, run["twin"].as_str().unwrap_or_default());
        let index = match pairs.iter().position(|p| p.name == name) {
            Some(index) => index,
            None => {
                pairs.push(chart::Pair {
                    name,
                    python: Vec::new(),
                    rust: Vec::new(),
                });
                pairs.len() - 1
            }
        };
        match run["language"].as_str() {
            Some("python") => pairs[index].python.push(wall),
            _ => pairs[index].rust.push(wall),
        }
    }
    for pair in &mut pairs {
        // Short labels: the Python file's stem says which pair it is.
        pair.name = pair.name.split(".py").next().unwrap_or_default().to_owned();
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let path = out.join("python-vs-rust.svg");
    chart::pairs(
        &path,
        "The tutorial's Python scripts and their Rust twins, same server, same machine",
        "seconds, whole process (log scale)",
        &pairs,
    )?;
    println!("Wrote {}", path.display());
    Ok(())
}

/// Draws each example of each trace as `DIR/EXAMPLE.svg`: its lanes as the terminal
/// timeline names them, one colour per model of concurrency.
fn timelines(traces: &[PathBuf], dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for trace in traces {
        let text = std::fs::read_to_string(trace)
            .with_context(|| format!("cannot read {}", trace.display()))?;
        let json: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a trace", trace.display()))?;
        let events = json["traceEvents"].as_array().context("no traceEvents")?;
        let name_of = |kind: &str, pid: &serde_json::Value, tid: Option<&serde_json::Value>| {
            events
                .iter()
                .find(|e| {
                    e["ph"] == "M"
                        && e["name"] == kind
                        && &e["pid"] == pid
                        && tid.is_none_or(|t| &e["tid"] == t)
                })
                .and_then(|e| e["args"]["name"].as_str())
                .unwrap_or("?")
                .to_owned()
        };
        let mut pids: Vec<&serde_json::Value> = events
            .iter()
            .filter(|e| e["ph"] == "M" && e["name"] == "process_name")
            .map(|e| &e["pid"])
            .collect();
        pids.dedup();
        for pid in pids {
            let example = name_of("process_name", pid, None);
            let mut lanes: Vec<(u64, chart::Lane)> = Vec::new();
            for event in events.iter().filter(|e| e["ph"] == "X" && &e["pid"] == pid) {
                let tid = event["tid"].as_u64().unwrap_or(0);
                let start = event["ts"].as_f64().unwrap_or(0.0) / 1000.0;
                let end = start + event["dur"].as_f64().unwrap_or(0.0) / 1000.0;
                match lanes.iter_mut().find(|(t, _)| *t == tid) {
                    Some((_, (_, spans))) => spans.push((start, end)),
                    None => lanes.push((
                        tid,
                        (
                            name_of("thread_name", pid, Some(&event["tid"])),
                            vec![(start, end)],
                        ),
                    )),
                }
            }
            lanes.sort_by_key(|(tid, _)| *tid);
            let lanes: Vec<chart::Lane> = lanes.into_iter().map(|(_, lane)| lane).collect();
            let colour = if example.contains("asyncio") {
                chart::colour::TASKS
            } else if example.contains("multiprocessing") {
                chart::colour::PROCESSES
            } else if example.contains("rayon") {
                chart::colour::RAYON
            } else if example.contains("threading") {
                chart::colour::THREADS
            } else {
                chart::colour::SEQUENTIAL
            };
            let path = dir.join(format!("{example}.svg"));
            let what = if lanes.len() == 1 {
                "1 lane".to_owned()
            } else {
                format!("{} lanes", lanes.len())
            };
            chart::timeline(
                &path,
                &format!("{example}: {what}, as recorded in {}", trace.display()),
                &lanes,
                colour,
                None,
            )?;
            println!("Wrote {}", path.display());
        }
    }
    Ok(())
}
