//! `lab io` and `lab cpu`: the lessons of a chapter, one after another, each with a
//! timeline of what ran when, then a table. What the run scripts show; with `--record
//! NAME` the runs are kept as a set, which is how the book's lane diagrams were made.

use std::fmt::Write as _;

use super::{Bench, Plan, PlanPoint};
use crate::lessons::{self, Lesson};
use crate::record::{self, Point, Repeat, Span};
use crate::stats::{self, Spread};

/// `--quick`: enough sites to see every model at work, in seconds.
const QUICK_SITES: usize = 20;
/// `--quick`: a short latency, still far above what a thread or a task costs to start.
const QUICK_LATENCY_MS: u64 = 10;
/// `--quick`: results per CPU lesson.
const QUICK_RESULTS: usize = 4;
/// Lanes a terminal timeline draws one by one; the others are counted.
const MAX_LANES: usize = 8;

/// The flags of `lab io` and `lab cpu`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The lessons to run, in order (default: those the manifest marks `runs`).
    lessons: Vec<String>,
    /// A smoke run: few sites or results, a short latency.
    #[arg(long)]
    quick: bool,
    /// How many sites, or results, each lesson does (default: its own default).
    #[arg(long)]
    count: Option<usize>,
    /// The site server's latency, in milliseconds.
    #[arg(long, default_value_t = 50)]
    latency_ms: u64,
    /// How many times each lesson runs, in turns.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Download the tutorial's real sites instead (needs internet).
    #[arg(long)]
    real: bool,
    /// Keep the runs as the set NAME, in docs/runs (or `--out`).
    #[arg(long, value_name = "NAME")]
    record: Option<String>,
    /// Where `--record` writes.
    #[arg(long, value_name = "DIR", default_value = record::RUNS_DIR)]
    out: std::path::PathBuf,
}

/// Runs the chapter's lessons; returns whether every one succeeded.
pub fn run(bench: &Bench, chapters: &[&str], args: &RunArgs) -> anyhow::Result<bool> {
    let chosen = lessons::chosen(&args.lessons, chapters)?;
    let io = chapters.contains(&"io");
    let count = args.count.or(args.quick.then_some(if io { QUICK_SITES } else { QUICK_RESULTS }));
    let latency_ms = if args.quick { QUICK_LATENCY_MS } else { args.latency_ms };
    let plan = Plan {
        name: args.record.clone().unwrap_or_else(|| format!("run-{}", chapters[0])),
        about: format!("`lab {}`: the lessons of the chapter, in turns.", chapters[0]),
        repeat: args.repeat,
        server: (io && !args.real).then_some(record::Server { latency_ms, connection_cost_ms: 0 }),
        earlier: None,
        spans: true,
        points: chosen.iter().map(|lesson| plan_point(lesson, count, args.real)).collect(),
    };
    match count {
        Some(n) => println!(
            "{} lessons, {n} {} each{}",
            chosen.len(),
            if io { "sites" } else { "results" },
            server_note(io, latency_ms)
        ),
        None => println!("{} lessons{}", chosen.len(), server_note(io, latency_ms)),
    }
    let command = format!(
        "cargo run --release -p lab -- {}",
        std::env::args().skip(1).collect::<Vec<_>>().join(" ")
    );
    let set = super::run(bench, &plan, &command, |point, repeat| match repeat {
        None => println!("== {}", point.program),
        Some(repeat) => show(repeat, io),
    })?;
    if let Some(name) = &args.record {
        let path = set.write(&args.out)?;
        println!("Kept the runs as {name}: {}", path.display());
    }
    println!("\n{}", table(&chosen, &set.points, io));
    Ok(set.points.iter().all(|p| p.repeats.iter().all(Repeat::succeeded)))
}

fn server_note(io: bool, latency_ms: u64) -> String {
    if io {
        format!(", against a site server that answers after {latency_ms} ms")
    } else {
        String::new()
    }
}

/// A lesson's point: `--json` (and `--quiet` for an I/O lesson) and the count asked for.
fn plan_point(lesson: &Lesson, count: Option<usize>, real: bool) -> PlanPoint {
    let mut args: Vec<String> = Vec::new();
    if lesson.chapter != "races" {
        args.push("--json".into());
        if lesson.chapter == "io" {
            args.push("--quiet".into());
        }
        if let Some(n) = count {
            args.extend(["--count".into(), n.to_string()]);
        }
        if real && lesson.chapter == "io" {
            args.push("--real".into());
        }
    }
    PlanPoint {
        id: lesson.name.clone(),
        label: Some(lesson.name.clone()),
        program: lesson.name.clone(),
        args,
        env: Default::default(),
        script: None,
        code: None,
        interpreter: None,
        server: None,
        downloads: Some(lesson.chapter == "io" && !real),
        copies: None,
        each: Vec::new(),
    }
}

/// What one run did: the lesson's own lines for race_condition, else its timeline.
fn show(repeat: &Repeat, io: bool) {
    if !repeat.succeeded() {
        println!(
            "FAILED ({}): {}",
            repeat.exit.map_or("killed".to_owned(), |c| format!("exit {c}")),
            repeat.last_error
        );
    }
    if repeat.spans.is_empty() {
        // race_condition's acts: its own lines are the lesson.
        print!("{}", repeat.stdout);
        return;
    }
    let lane = if io { "connection" } else { "worker" };
    print!("{}", timeline(&repeat.spans, lane, terminal_width()));
    println!(
        "{}",
        if io {
            "(the server's clock: from reading each request to sending its last byte)"
        } else {
            "(the lesson's clock: each result from its start to its end, on its thread or process)"
        }
    );
}

/// The terminal's width: `COLUMNS`, or 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(80)
}

/// Lanes as text, `width` wide: `#` where a span ran (`=` for the span after it, so
/// that back-to-back spans stay apart); lanes beyond [`MAX_LANES`] are counted.
pub fn timeline(spans: &[Span], lane_name: &str, width: usize) -> String {
    let end = spans.iter().map(|s| s.end_ms).fold(0.0, f64::max).max(1e-9);
    let lanes = spans.iter().map(|s| s.lane).max().map_or(0, |m| m as usize + 1);
    let label_width = format!("{lane_name} {lanes}").len();
    let columns = width.saturating_sub(label_width + 3).max(10);
    let mut out = String::new();
    let _ =
        writeln!(out, "{:label_width$} |0 ms{:>w$}|", "", format!("{end:.0} ms"), w = columns - 4);
    for lane in 0..lanes.min(MAX_LANES) {
        let mut row = vec![b'.'; columns];
        for (n, span) in spans.iter().filter(|s| s.lane as usize == lane).enumerate() {
            let from = ((span.start_ms / end) * columns as f64) as usize;
            let to =
                (((span.end_ms / end) * columns as f64).ceil() as usize).clamp(from + 1, columns);
            for cell in row.iter_mut().take(to).skip(from.min(columns - 1)) {
                *cell = if n % 2 == 0 { b'#' } else { b'=' };
            }
        }
        let _ = writeln!(
            out,
            "{:label_width$} |{}|",
            format!("{lane_name} {}", lane + 1),
            String::from_utf8_lossy(&row)
        );
    }
    if lanes > MAX_LANES {
        let _ = writeln!(out, "(and {} more {lane_name}s like these)", lanes - MAX_LANES);
    }
    out
}

/// The chapter's table: time, CPU, speed-up over the baseline, and the server's peak.
fn table(chosen: &[Lesson], points: &[Point], io: bool) -> String {
    let spread = |p: &Point| Spread::of(&p.repeats.iter().map(|r| r.wall_s).collect::<Vec<_>>());
    let baseline = lessons::baseline(if io { "io" } else { "cpu" }).ok().flatten();
    let base = baseline.and_then(|b| points.iter().find(|p| p.program == b.name)).and_then(spread);
    let mut rows = vec![
        [
            "lesson",
            "seconds",
            "CPU s",
            "speed-up",
            if io { "at once" } else { "workers" },
            "result",
        ]
        .map(String::from),
    ];
    for (lesson, point) in chosen.iter().zip(points) {
        if lesson.chapter == "races" {
            continue;
        }
        let (Some(wall), Some(last)) = (spread(point), point.repeats.last()) else { continue };
        let speedup = base.map_or("-".into(), |b| format!("{:.2}x", stats::ratio(&b, &wall).x));
        let at_once = if io {
            last.server.map_or("-".into(), |s| s.peak_in_flight.to_string())
        } else {
            last.report
                .as_ref()
                .and_then(|r| r.get("workers_used"))
                .map_or("-".into(), ToString::to_string)
        };
        let result = if point.repeats.iter().all(Repeat::succeeded) {
            "ok".to_owned()
        } else {
            format!("FAILED: {}", last.last_error)
        };
        rows.push([
            point.program.clone(),
            format!("{:.3}", wall.median),
            format!("{:.2}", last.cpu_s),
            speedup,
            at_once,
            result,
        ]);
    }
    let widths: Vec<usize> =
        (0..6).map(|c| rows.iter().map(|r| r[c].len()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c == 0 || c == 5 {
                    format!("{cell:<w$}", w = widths[c])
                } else {
                    format!("{cell:>w$}", w = widths[c])
                }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    out += if io {
        "CPU s = user + system time of the process and its workers; at once = the most downloads\nthe server saw at a time; speed-up is against the chapter's baseline."
    } else {
        "CPU s = user + system time of the process and its workers; workers = distinct threads\nor processes that computed results; speed-up is against the chapter's baseline."
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeline_draws_each_lane_and_counts_the_rest() {
        let spans: Vec<Span> = (0..10)
            .map(|i| Span { lane: i, start_ms: 0.0, end_ms: 50.0 + i as f64, what: None })
            .collect();
        let text = timeline(&spans, "connection", 60);
        assert_eq!(text.lines().filter(|l| l.starts_with("connection")).count(), MAX_LANES);
        assert!(text.contains("(and 2 more connections like these)"), "{text}");
        assert!(text.lines().all(|l| l.len() <= 60), "{text}");
    }
}
