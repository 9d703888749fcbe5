//! `lab redraw`: renders the pages and draws the pictures again from committed runs,
//! measuring nothing: the book's claims page from `docs/results.json` through the
//! templates in lab/templates, `book/src/figures/python-vs-rust.svg` from the runs `lab
//! python --out` wrote, and one timeline SVG per example, in book/src/figures/timelines,
//! from the traces `lab io|cpu --trace FILE` wrote.

use std::path::PathBuf;

use anyhow::Context;

use crate::book;
use crate::chart;
use crate::claims;
use crate::layout::Layout;
use crate::pages::{self, Pages};
use crate::python::{Committed, Language};
use crate::timeline;

/// The committed Python-beside-Rust runs, from the repository's root.
const PYTHON_RUNS: &str = "docs/python-vs-rust/python-vs-rust.json";

/// The committed traces of the I/O examples, the two warnings and the CPU examples, from
/// the repository's root.
const TRACES: [&str; 3] =
    ["docs/runs/trace-io.json", "docs/runs/trace-io-warnings.json", "docs/runs/trace-cpu.json"];

/// Render the pages and draw the charts and the timelines again from committed runs.
#[derive(Debug, clap::Args)]
pub struct RedrawArgs {
    /// The folder whose results.json (what `lab claims` keeps) the claims page is
    /// rendered from.
    #[arg(long, value_name = "DIR", default_value = "docs")]
    claims_from: PathBuf,
    /// The Python-beside-Rust runs to draw (`lab python --out DIR` writes
    /// DIR/python-vs-rust.json).
    #[arg(long, value_name = "JSON", default_value = PYTHON_RUNS)]
    python_runs: PathBuf,
    /// The traces to draw as timelines (`lab io|cpu --trace FILE` writes them).
    #[arg(long, value_name = "TRACE", num_args = 1.., default_values_t = TRACES.map(String::from))]
    traces: Vec<String>,
    /// Where to write, laid out as the repository is (DIR/book/src/appendix/claims.md,
    /// DIR/book/src/figures); default: the repository.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
}

/// Draws every chart and timeline the arguments name.
pub fn run(args: &RedrawArgs) -> anyhow::Result<()> {
    let out = Layout::at(&args.out);
    let saved = claims::run::read_saved(&args.claims_from)?;
    let pages = Pages::load(&pages::templates_dir())?;
    let claims = claims::run::write_results(&out, &args.claims_from, &saved, &pages)?;
    // Read once: the book's fragments and the Python chart draw from the same runs.
    let committed = Committed::read(&args.python_runs)?;
    book::write(&out, &committed, &claims, &pages)?;
    python_chart(&committed, &out.figures())?;
    let traces: Vec<PathBuf> = args.traces.iter().map(PathBuf::from).collect();
    timelines(&traces, &out.figures().join("timelines"))
}

/// Draws the Python scripts of the current tutorial beside their Rust twins, every run
/// a dot, from the runs `lab python` wrote.
fn python_chart(committed: &Committed, out: &std::path::Path) -> anyhow::Result<()> {
    let pythons = committed.interpreters();
    let mut pairs: Vec<chart::Pair> = Vec::new();
    for run in &committed.runs {
        // The current tutorial's scripts only; the 2019 ones are in the table.
        if run.pair.contains('/') || run.failure.is_some() {
            continue;
        }
        // Short labels: the Python file's stem says which pair it is.
        let name = run.pair.split(".py").next().unwrap_or_default().to_owned();
        let at = match pairs.iter().position(|p| p.name == name) {
            Some(at) => at,
            None => {
                pairs.push(chart::Pair {
                    name,
                    python: vec![Vec::new(); pythons.len()],
                    rust: Vec::new(),
                });
                pairs.len() - 1
            }
        };
        match run.language {
            Language::Python => {
                if let Some(on_it) = pairs[at].python.get_mut(run.interpreter.unwrap_or(0)) {
                    on_it.push(run.wall_s);
                }
            }
            Language::Rust => pairs[at].rust.push(run.wall_s),
        }
    }
    let labels: Vec<String> = pythons.iter().map(|p| p.label()).collect();
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let path = out.join("python-vs-rust.svg");
    chart::pairs(
        &path,
        "The tutorial's Python scripts and their Rust twins, same server, same machine",
        "seconds, whole process (log scale)",
        &labels,
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
                        (name_of("thread_name", pid, Some(&event["tid"])), vec![(start, end)]),
                    )),
                }
            }
            // The terminal's drawing too, as `lab io|cpu` printed it at 80 columns.
            let spans: Vec<timeline::Span> = lanes
                .iter()
                .flat_map(|(tid, (_, spans))| {
                    spans.iter().map(|&(start_ms, end_ms)| timeline::Span {
                        lane: *tid,
                        start_ms,
                        end_ms,
                    })
                })
                .collect();
            let (lane_name, clock) = if example.starts_with("io_") {
                ("connection", timeline::SERVER_CLOCK)
            } else {
                ("worker", timeline::EXAMPLE_CLOCK)
            };
            let options = timeline::Options {
                width: timeline::DEFAULT_WIDTH,
                ascii: true,
                max_lanes: timeline::MAX_LANES,
                lane_name,
            };
            let text = timeline::render(&spans, &options) + clock + "\n";
            let path = dir.join(format!("{example}.txt"));
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
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
