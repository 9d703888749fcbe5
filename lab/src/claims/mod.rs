//! The tutorial's claims, each as an experiment: what to run, the table, the chart, and
//! a verdict computed from the numbers.

use std::cmp::Ordering;
use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use plotters::style::RGBColor;

mod bench;
pub mod run;

use crate::chart::{self, Axes, Marker, Series, colour};
use bench::{Connections, Job, Lab, Point, args};

/// The sizes of one whole run: the full one, or `--quick`.
pub struct Plan {
    /// Site counts for the scaling experiments (160 to 10,000).
    pub sizes: Vec<usize>,
    /// Site count for the single-size experiments (the tutorial's 160).
    pub sites: usize,
    /// Process counts for processes-io.
    pub processes: Vec<usize>,
    /// Worker counts for cpu-scaling.
    pub workers: Vec<usize>,
    /// Results per CPU run (the tutorial's 20).
    pub cpu_count: usize,
}

impl Plan {
    /// The sizes claim 1 runs again with a handshake per new connection: all but the
    /// largest when there are several, since five threads at 10,000 sites take 100 s
    /// and open five connections, so five handshakes cannot change that figure.
    pub fn handshake_sizes(&self) -> &[usize] {
        match self.sizes.len() {
            0 | 1 => &self.sizes,
            n => &self.sizes[..n - 1],
        }
    }

    /// The full plan, or a smoke run of every experiment in seconds.
    pub fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                sizes: vec![20, 60],
                sites: 20,
                processes: vec![1, 2],
                workers: vec![1, 2],
                cpu_count: 2,
            }
        } else {
            Plan {
                sizes: vec![160, 1_000, 10_000],
                sites: 160,
                processes: vec![1, 2, 4, 8, 16, 32],
                workers: vec![1, 2, 4, 8],
                cpu_count: 20,
            }
        }
    }
}

/// One experiment's part of RESULTS.md.
pub struct Section {
    /// Its heading.
    pub title: String,
    /// The tutorial's words.
    pub claim: String,
    /// How it was measured, and on what machine.
    pub settings: String,
    /// Tables and notes, in Markdown.
    pub body: String,
    /// SVG files written, relative to docs/.
    pub charts: Vec<String>,
    /// Holds, holds in part or does not hold, by the rules in [`RULES`], with the
    /// figures and their spreads.
    pub verdict: String,
    /// Every point the experiment ran, with every repeat: the raw numbers.
    pub runs: Vec<serde_json::Value>,
}

impl Section {
    /// A section with a title, the claim, a body, charts and a verdict; the settings
    /// and the runs are filled in by whoever ran it.
    fn new(
        title: &str,
        claim: &str,
        body: String,
        charts: Vec<String>,
        verdict: String,
    ) -> Section {
        Section {
            title: title.into(),
            claim: claim.into(),
            settings: String::new(),
            body,
            charts,
            verdict,
            runs: Vec::new(),
        }
    }

    /// The section as JSON, to keep between runs.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "title": self.title, "claim": self.claim, "settings": self.settings,
            "body": self.body, "charts": self.charts, "verdict": self.verdict,
            "runs": self.runs,
        })
    }

    /// A section kept by an earlier run.
    pub fn from_json(value: &serde_json::Value) -> Option<Section> {
        let text = |key: &str| value[key].as_str().map(str::to_owned);
        Some(Section {
            title: text("title")?,
            claim: text("claim")?,
            settings: text("settings")?,
            body: text("body")?,
            charts: value["charts"]
                .as_array()?
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect(),
            verdict: text("verdict")?,
            runs: value["runs"].as_array().cloned().unwrap_or_default(),
        })
    }
}

/// How the verdicts are reached, as RESULTS.md states it.
pub const RULES: &str = "**How a verdict is reached.** Each claim is checked by comparisons \
between two measured points (say, a thread per site against five threads at 1,000 sites). \
Each point ran several times; the table shows its median and, in brackets, its fastest and \
slowest run. A comparison goes *as claimed* when the difference the claim states is there and \
the two points' brackets do not overlap (and, where the claim says \"much\", by the factor its \
section names); it is a *tie* when the brackets overlap, since then the machine's own variation \
could account for it; otherwise it goes *against*. A claim **holds** when every comparison went \
as claimed, **holds in part** when some did and the others were ties or went against (the \
verdict names which), and **does not hold** when none did. A claim that something does *not* \
help (claim 5, and claim 6 past the cores) goes as claimed on a tie. Each verdict quotes the \
figures it rests on with their brackets. Claims 1, 2 and 5 ran twice: against the local server \
as it is, where a new connection is free, and against one where each new connection first \
pays a far server's handshake. Claim 6's points, and claim 2's at each size, ran their repeats \
in turns (one run of each point, then the next round), so that a slow stretch of the shared machine \
falls on all of them alike rather than on every run of one.";

/// How one comparison a claim makes came out, by [`RULES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The difference the claim states, beyond both points' brackets.
    AsClaimed,
    /// The brackets overlap.
    Tie,
    /// The other way, beyond the brackets.
    Against,
}

/// The verdict for a claim's comparisons.
fn judged(outcomes: &[Outcome]) -> &'static str {
    if !outcomes.is_empty() && outcomes.iter().all(|o| *o == Outcome::AsClaimed) {
        "Holds"
    } else if outcomes.contains(&Outcome::AsClaimed) {
        "Holds in part"
    } else {
        "Does not hold"
    }
}

/// Whether `a` was faster than `b` (`Less`), slower (`Greater`), or a tie (`Equal`):
/// their repeats overlap.
fn faster(a: &Point, b: &Point) -> Ordering {
    if a.ties(b) {
        Ordering::Equal
    } else {
        a.seconds().total_cmp(&b.seconds())
    }
}

/// The outcome of a claim that `slow` is slower than `fast`.
fn slower_as_claimed(slow: &Point, fast: &Point) -> Outcome {
    match faster(slow, fast) {
        Ordering::Greater => Outcome::AsClaimed,
        Ordering::Equal => Outcome::Tie,
        Ordering::Less => Outcome::Against,
    }
}

/// The outcome of a claim that `more` is no faster than `fewer` (a tie goes as claimed).
fn no_faster_as_claimed(more: &Point, fewer: &Point) -> Outcome {
    match faster(more, fewer) {
        Ordering::Less => Outcome::Against,
        _ => Outcome::AsClaimed,
    }
}

/// "0.118 s [0.115–0.121]": a point's median and its bracket, for a verdict.
fn bracketed(point: &Point) -> String {
    let (lo, hi) = point.spread();
    if point.repeats.len() > 1 {
        format!("{:.3} s [{lo:.3}–{hi:.3}]", point.seconds())
    } else {
        format!("{:.3} s", point.seconds())
    }
}

/// How a claim fared with free connections and with a handshake per new connection,
/// as one verdict: the overall word first, then each case with its evidence.
fn with_and_without(
    lab: &Lab,
    free: (Vec<Outcome>, String),
    handshake: (Vec<Outcome>, String),
) -> String {
    let all: Vec<Outcome> = free.0.iter().chain(&handshake.0).copied().collect();
    let (free_word, handshake_word) = (judged(&free.0), judged(&handshake.0));
    let change = if free_word == handshake_word {
        "The handshake leaves the verdict as it is."
    } else {
        "The verdict differs with the handshake: the comparisons above show which went as claimed and which \
         were ties."
    };
    format!(
        "{}: with free connections, as on 127.0.0.1, it {}: {}. With a {} ms handshake per new connection it {}: {}. {change}",
        judged(&all),
        free_word.to_lowercase(),
        free.1,
        lab.handshake_ms,
        handshake_word.to_lowercase(),
        handshake.1,
    )
}

/// The line of a series through the medians, its repeats as dots.
fn series(name: &str, colour: RGBColor, marker: Marker, dashed: bool) -> Series {
    Series {
        name: name.into(),
        colour,
        dashed,
        marker,
        points: vec![],
        repeats: vec![],
    }
}

impl Series {
    /// Adds a measured point at `x`: its median and each repeat's wall time.
    fn add(&mut self, x: f64, point: &Point) {
        self.points.push((x, point.seconds()));
        self.repeats
            .extend(point.repeats.iter().map(|r| (x, r.wall_s)));
    }
}

/// An experiment: its name on the command line, how many runs it makes, and how.
pub struct Experiment {
    /// The name to ask for it by.
    pub name: &'static str,
    /// How many points (each run `--repeat` times) it measures under a plan.
    pub points: fn(&Plan) -> usize,
    /// Runs it and writes its charts into the folder given.
    pub run: fn(&Lab, &Plan, &Path) -> anyhow::Result<Section>,
}

/// Every experiment, in the order of the tutorial's claims.
pub const ALL: [Experiment; 6] = [
    Experiment {
        name: "threads",
        points: |p| (p.sizes.len() + p.handshake_sizes().len()) * 3,
        run: threads,
    },
    Experiment {
        name: "tasks",
        points: |p| p.sizes.len() * 3 * 2,
        run: tasks,
    },
    Experiment {
        name: "blocking-client",
        points: |_| 3,
        run: blocking_client,
    },
    Experiment {
        name: "starved",
        points: |_| 2,
        run: starved,
    },
    Experiment {
        name: "processes-io",
        points: |p| 2 * p.processes.len() + 3,
        run: processes_io,
    },
    Experiment {
        name: "cpu-scaling",
        points: |p| 2 + 3 * p.workers.len(),
        run: cpu_scaling,
    },
];

fn count_args(sites: usize, extra: &[&str]) -> Vec<String> {
    let mut list = args(&["--quiet", "--json", "--count", &sites.to_string()]);
    list.extend(extra.iter().map(|s| s.to_string()));
    list
}

/// Claim 1: a thread per site is slower than a handful of threads.
fn threads(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let configs: [(&str, Option<usize>); 3] = [
        ("5 threads", Some(5)),
        ("50 threads", Some(50)),
        ("a thread per site", None),
    ];
    // One colour (threads), so the three lines differ by shade and by marker.
    let looks = [
        (0.55, Marker::Triangle),
        (0.8, Marker::Cross),
        (1.0, Marker::Circle),
    ];
    let mut lines: Vec<Series> = configs
        .iter()
        .zip(looks)
        .map(|((name, _), (shade, marker))| {
            series(name, shaded(colour::THREADS, shade), marker, false)
        })
        .collect();
    let mut body = String::new();
    let mut cases = Vec::new();
    let mut largest_per_site = String::new();
    let mut cpu_note = String::new();
    for connections in [Connections::Free, Connections::Handshake] {
        let sizes = match connections {
            Connections::Free => &plan.sizes[..],
            Connections::Handshake => plan.handshake_sizes(),
        };
        body.push_str(&connections_heading(lab, connections));
        body.push_str(
            "| sites | 5 threads | 50 threads | a thread per site |\n|---:|---|---|---|\n",
        );
        let mut outcomes = Vec::new();
        let mut evidence = Vec::new();
        for &sites in sizes {
            let mut cells = Vec::new();
            let mut points = Vec::new();
            for (i, &(_, workers)) in configs.iter().enumerate() {
                let n = workers.unwrap_or(sites).min(u16::MAX as usize).to_string();
                let point = lab.point_on(
                    connections,
                    "io_threading",
                    &count_args(sites, &["--workers", &n]),
                    &[],
                )?;
                cells.push(format!("{} (peak {})", point.describe(), point.peak));
                if connections == Connections::Free && point.ok() {
                    lines[i].add(sites as f64, &point);
                }
                points.push(point);
            }
            writeln!(body, "| {sites} | {} |", cells.join(" | "))?;
            let per_site = &points[2];
            if connections == Connections::Free {
                largest_per_site = format!(
                    "At {sites} sites a thread per site {}: {} of {sites} downloaded, {} failed.",
                    if per_site.ok() { "completed" } else { "failed" },
                    per_site.run.io().map_or(0, |r| r.ok),
                    per_site.run.io().map_or(0, |r| r.failed),
                );
                if !per_site.ok() {
                    write!(largest_per_site, " The reason: {}", per_site.run.last_error)?;
                }
                let sooner = if faster(per_site, &points[0]) == Ordering::Less {
                    ", and still finished sooner, beyond the brackets: starting a thread cost less than the wait it \
                     overlapped"
                } else {
                    ""
                };
                cpu_note = format!(
                    "There a thread per site used {:.2} s of CPU, against {:.2} s for five threads{sooner}.",
                    per_site.cpu(),
                    points[0].cpu()
                );
            }
            if points.iter().all(Point::ok) {
                // The best handful: whichever of 5 and 50 threads was faster.
                let (best_name, best) = if points[0].seconds() <= points[1].seconds() {
                    ("5 threads'", &points[0])
                } else {
                    ("50 threads'", &points[1])
                };
                outcomes.push(slower_as_claimed(per_site, best));
                evidence.push(format!(
                    "at {sites} sites a thread per site took {} against {best_name} {}",
                    bracketed(per_site),
                    bracketed(best)
                ));
            }
        }
        cases.push((outcomes, evidence.join(", ")));
    }
    body.push_str("\n(peak = the most downloads the site server saw at once)\n");
    let file = "threads.svg".to_owned();
    let axes = Axes {
        title: "io_threading: time against sites (free connections)",
        x: "sites (log)",
        y: "seconds (log)",
        log_x: true,
        log_y: true,
    };
    chart::lines(&docs.join(&file), &axes, &lines)?;
    let handshake = cases.pop().unwrap_or_default();
    let free = cases.pop().unwrap_or_default();
    let verdict = format!(
        "{} {largest_per_site} {cpu_note} This compares Rust threads only: the tutorial's Python was measured with its 5 threads \
         (python-vs-rust/); a CPython thread is an OS thread too, so how a thread per site fares in Python is not \
         measured here.",
        with_and_without(lab, free, handshake)
    );
    Ok(Section::new(
        "1. A thread per site",
        "A thread for each site is noticeably slower than a handful of threads.",
        body,
        vec![file],
        verdict,
    ))
}

/// The line above a table that says which server it ran against.
fn connections_heading(lab: &Lab, connections: Connections) -> String {
    match connections {
        Connections::Free => "\nWith free connections (the local server as it is):\n\n".to_owned(),
        Connections::Handshake => format!(
            "\nWith a {} ms handshake per new connection (`site_server --connection-cost-ms {}`: a far \
             server's TCP and TLS handshakes, paid before a connection's first answer):\n\n",
            lab.handshake_ms, lab.handshake_ms
        ),
    }
}

/// The tutorial's own setting for claim 5, one process per CPU, in both languages: from
/// the run `lab python --out docs/python-vs-rust` left, if there is one.
fn tutorial_setting(docs: &Path) -> String {
    let path = docs.join("python-vs-rust").join("python-vs-rust.json");
    let Some(json) = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
    else {
        return "The tutorial's Python is not measured here: `lab python --out docs/python-vs-rust` \
                does it."
            .to_owned();
    };
    let median = |language: &str, key: &str| {
        let values: Vec<f64> = json["runs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| {
                r["pair"] == "io_processes.py"
                    && r["language"] == language
                    && r["failure"].is_null()
            })
            .filter_map(|r| r[key].as_f64())
            .collect();
        reports::median_range(&values).map(|(median, _, _)| median)
    };
    match (
        median("python", "wall_s"),
        median("rust", "wall_s"),
        median("python", "cpu_s"),
        median("rust", "cpu_s"),
    ) {
        (Some(py), Some(rs), Some(py_cpu), Some(rs_cpu)) => format!(
            "In the tutorial's own setting, one process per CPU ({} here), the tutorial's io_processes.py took {py:.2} s \
             (CPU {py_cpu:.2} s) and io_multiprocessing {rs:.2} s (CPU {rs_cpu:.2} s), against the same kind of server \
             (python-vs-rust/, {} {}): the same waits overlap in both; the difference is what each process costs.",
            json["cores"],
            json["interpreter"]["implementation"]
                .as_str()
                .unwrap_or("Python"),
            json["interpreter"]["version"].as_str().unwrap_or("")
        ),
        _ => format!(
            "{} holds no successful run of io_processes.py.",
            path.display()
        ),
    }
}

/// Claim 2: hundreds of tasks do not slow asyncio down; tasks against threads.
fn tasks(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime_threads = cores.max(2).to_string();
    let mut body = format!(
        "The comparison: the tasks (io_asyncio, one runtime thread, as asyncio has one event loop) against a \
         thread per site, the other way to keep every download in flight at once. The column \"tasks on \
         {runtime_threads} threads\" is the same tasks on a multi-thread runtime of {runtime_threads} threads (the lab's variant \
         io_asyncio_threads --threads {runtime_threads}), to show what one thread costs. reqwest opens as many connections as \
         there are downloads; aiohttp, in the tutorial's Python, stops at 100 per session.\n"
    );
    let mut lines = [
        series(
            "async tasks (io_asyncio)",
            colour::TASKS,
            Marker::Circle,
            false,
        ),
        series(
            &format!("tasks on {runtime_threads} runtime threads"),
            colour::TASKS,
            Marker::Triangle,
            true,
        ),
        series("a thread per site", colour::THREADS, Marker::Circle, false),
    ];
    let mut memory = [
        series(
            "async tasks (io_asyncio)",
            colour::TASKS,
            Marker::Circle,
            false,
        ),
        series("a thread per site", colour::THREADS, Marker::Circle, false),
    ];
    let mut cases = Vec::new();
    let mut free_points: Vec<(usize, [Point; 3])> = Vec::new();
    for connections in [Connections::Free, Connections::Handshake] {
        body.push_str(&connections_heading(lab, connections));
        body.push_str(&format!(
            "| sites | tasks: time | tasks on {runtime_threads} threads: time | thread per site: time | \
             tasks: peak RSS | thread per site: peak RSS | tasks: peak | thread per site: peak |\n\
             |---:|---|---|---|---:|---:|---:|---:|\n"
        ));
        let (mut outcomes, mut evidence) = (Vec::new(), Vec::new());
        for &sites in &plan.sizes {
            let workers = sites.min(u16::MAX as usize).to_string();
            let threads = ["--threads", &runtime_threads];
            // The three in one batch, taking turns: at 10,000 sites they are busy enough
            // for the machine's slow stretches to matter.
            let jobs = [
                Job::new("io_asyncio", &count_args(sites, &[])),
                Job::new("io_asyncio_threads", &count_args(sites, &threads)),
                Job::new("io_threading", &count_args(sites, &["--workers", &workers])),
            ];
            let points: [Point; 3] = lab
                .batch(connections, &jobs)?
                .try_into()
                .map_err(|_| anyhow::anyhow!("the batch returns a point per job"))?;
            let [task, multi, thread] = &points;
            writeln!(
                body,
                "| {sites} | {} | {} | {} | {:.1} MiB | {:.1} MiB | {} | {} |",
                task.describe(),
                multi.describe(),
                thread.describe(),
                task.rss_mb(),
                thread.rss_mb(),
                task.peak,
                thread.peak
            )?;
            if task.ok() && thread.ok() {
                outcomes.push(slower_as_claimed(thread, task));
                evidence.push(format!(
                    "at {sites} sites the tasks took {} against a thread per site's {}",
                    bracketed(task),
                    bracketed(thread)
                ));
            }
            if connections == Connections::Free {
                for (line, point) in lines.iter_mut().zip(&points) {
                    if point.ok() {
                        line.add(sites as f64, point);
                    }
                }
                for (line, point) in memory.iter_mut().zip([task, thread]) {
                    if point.ok() {
                        line.points.push((sites as f64, point.rss_mb()));
                        line.repeats.extend(
                            point
                                .repeats
                                .iter()
                                .map(|r| (sites as f64, r.max_rss_kb as f64 / 1024.0)),
                        );
                    }
                }
                free_points.push((sites, points));
            }
        }
        cases.push((outcomes, evidence.join(", ")));
    }
    let (seconds_file, memory_file) = ("tasks-time.svg".to_owned(), "tasks-memory.svg".to_owned());
    chart::lines(
        &docs.join(&seconds_file),
        &Axes {
            title: "Tasks and threads: time against sites (free connections)",
            x: "sites (log)",
            y: "seconds (log)",
            log_x: true,
            log_y: true,
        },
        &lines,
    )?;
    chart::lines(
        &docs.join(&memory_file),
        &Axes {
            title: "Tasks and threads: peak memory against sites",
            x: "sites (log)",
            y: "peak RSS, MiB (log)",
            log_x: true,
            log_y: true,
        },
        &memory,
    )?;
    let handshake = cases.pop().unwrap_or_default();
    let free = cases.pop().unwrap_or_default();
    let verdict = format!(
        "{} {}",
        with_and_without(lab, free, handshake),
        what_grows(&free_points, &runtime_threads)
    );
    Ok(Section::new(
        "2. Hundreds of async tasks",
        "asyncio with hundreds of tasks didn't slow it down at all.",
        body,
        vec![seconds_file, memory_file],
        verdict,
    ))
}

/// Claim 2's causes, from the free-connection runs: how busy the one runtime thread was
/// at the largest size, what a second runtime thread did, and the memory each download
/// in flight costs in each model (the growth of peak RSS over the growth of the peak).
fn what_grows(points: &[(usize, [Point; 3])], runtime_threads: &str) -> String {
    let (Some((small, [task0, _, thread0])), Some((large, [task, multi, thread]))) =
        (points.first(), points.last())
    else {
        return String::new();
    };
    let busy = task.cpu() / task.seconds();
    let mut text = format!(
        "At {large} sites the tasks' one thread was busy for {:.2} s of their {:.3} s ({:.0}%){}",
        task.cpu(),
        task.seconds(),
        100.0 * busy,
        if busy >= 0.8 {
            ": what grows with the sites is work, not waiting, and one thread does all of it."
        } else {
            "."
        }
    );
    write!(
        text,
        " A thread per site used {:.2} s of CPU in {:.3} s{}. On {runtime_threads} runtime threads the same tasks \
         took {} (CPU {:.2} s): {}.",
        thread.cpu(),
        thread.seconds(),
        if thread.cpu() > 1.1 * thread.seconds() {
            ", more than one core's worth"
        } else {
            ""
        },
        bracketed(multi),
        multi.cpu(),
        match faster(multi, task) {
            Ordering::Less => "faster than on one, beyond the brackets",
            Ordering::Equal => "a tie with one thread",
            Ordering::Greater => "slower than on one, beyond the brackets",
        }
    )
    .ok();
    let per_download = |a: &Point, b: &Point| {
        let grew_kb = b.run.max_rss_kb as f64 - a.run.max_rss_kb as f64;
        let more = b.peak as f64 - a.peak as f64;
        (more > 0.0).then(|| grew_kb / more)
    };
    if let (Some(t), Some(h)) = (per_download(task0, task), per_download(thread0, thread)) {
        write!(
            text,
            " Memory per download in flight, from {small} to {large} sites: about {t:.0} KiB for a task ({:.0} MiB \
             more for {} more in flight) and about {h:.0} KiB for a thread ({:.0} MiB more for {} more): a thread \
             per site keeps fewer downloads in flight at once ({} at most: the first finish while the last start), \
             so its peak RSS alone hides what each one costs.",
            (task.rss_mb() - task0.rss_mb()),
            task.peak - task0.peak.min(task.peak),
            (thread.rss_mb() - thread0.rss_mb()),
            thread.peak - thread0.peak.min(thread.peak),
            thread.peak
        )
        .ok();
    }
    text
}

/// How many times slower the blocking client must be for claim 3's "much slower".
const MUCH_SLOWER: f64 = 3.0;

/// Claim 3: a blocking library inside async code serialises it.
fn blocking_client(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::from(
        "| client inside the tasks | time | downloads at once (peak) |\n|---|---|---:|\n",
    );
    let mut bars = Vec::new();
    let mut points = Vec::new();
    let mut timelines = Vec::new();
    std::fs::create_dir_all(docs.join("timelines"))?;
    for (client, colour) in [
        ("blocking", colour::SEQUENTIAL),
        ("reqwest", colour::TASKS),
        ("spawn-blocking", colour::THREADS),
    ] {
        let point = lab.point(
            "io_asyncio_blocking",
            &count_args(plan.sites, &["--client", client]),
            &[],
        )?;
        writeln!(body, "| {client} | {} | {} |", point.describe(), point.peak)?;
        bars.push(chart::Bar {
            name: client.to_owned(),
            value: point.seconds(),
            colour,
            repeats: point.repeats.iter().map(|r| r.wall_s).collect(),
        });
        let lanes = lab.last_run_lanes()?;
        timelines.push(format!("timelines/io_asyncio_blocking-{client}.svg"));
        chart::timeline(
            &docs.join(timelines.last().map_or("", String::as_str)),
            &format!("--client {client}: the server's view, one lane per connection"),
            &lanes,
            colour,
            None,
        )?;
        points.push(point);
    }
    let file = "blocking-client.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        &format!("{} sites, one tokio task each", plan.sites),
        "seconds",
        &bars,
    )?;
    let [blocking, fixed, spawned] = &points[..] else {
        unreachable!("three clients")
    };
    let ratio = blocking.seconds() / fixed.seconds();
    let outcome = match slower_as_claimed(blocking, fixed) {
        Outcome::AsClaimed if ratio < MUCH_SLOWER => Outcome::Tie,
        outcome => outcome,
    };
    let verdict = format!(
        "{}: with ureq inside the tasks the server saw {} download at a time and the run took {}, {ratio:.0}x \
         reqwest's {} (\"much slower\" here means at least {MUCH_SLOWER}x, beyond the brackets). spawn_blocking \
         gets it back to {}, but not as tasks: it runs each blocking call on a thread of tokio's blocking pool (up \
         to 512), so it is a thread per site again, as in claim 1 (the server saw {} at once).",
        judged(&[outcome]),
        blocking.peak,
        bracketed(blocking),
        bracketed(fixed),
        bracketed(spawned),
        spawned.peak
    );
    Ok(Section::new(
        "3. A blocking library in async code",
        "You need special async versions of libraries; a blocking client would be much slower.",
        body,
        std::iter::once(file).chain(timelines).collect(),
        verdict,
    ))
}

/// Claim 4: a task that does not cooperate starves the others.
fn starved(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::from(
        "| where fib(38) runs | its time | downloads finished while it ran | last download finished after |\n|---|---:|---:|---:|\n",
    );
    let mut bars = Vec::new();
    let mut placements = Vec::new();
    let mut timelines = Vec::new();
    std::fs::create_dir_all(docs.join("timelines"))?;
    for (hog, colour) in [
        ("in-task", colour::SEQUENTIAL),
        ("spawn-blocking", colour::THREADS),
    ] {
        let point = lab.point(
            "io_asyncio_starved",
            &count_args(plan.sites, &["--hog", hog]),
            &[],
        )?;
        // Every repeat's own figures: the claim is about counts, so each repeat counts.
        let measured: Vec<reports::Starvation> = point
            .repeats
            .iter()
            .map(|r| {
                r.starvation()
                    .context("io_asyncio_starved printed no starvation figures")
            })
            .collect::<anyhow::Result<_>>()?;
        let each = |figure: fn(&reports::Starvation) -> u64| -> Vec<u64> {
            measured.iter().map(figure).collect()
        };
        let (hog_ms, during, last) = (
            each(|s| s.hog_ms),
            each(|s| s.finished_during_hog),
            each(|s| s.last_download_ms),
        );
        let range = |values: &[u64], unit: &str| {
            let (lo, hi) = (
                values.iter().min().copied().unwrap_or(0),
                values.iter().max().copied().unwrap_or(0),
            );
            if lo == hi {
                format!("{lo}{unit}")
            } else {
                format!("{lo}–{hi}{unit}")
            }
        };
        writeln!(
            body,
            "| {hog} | {} | {} of {} | {} |",
            range(&hog_ms, " ms"),
            range(&during, ""),
            plan.sites,
            range(&last, " ms")
        )?;
        let as_f64: Vec<f64> = last.iter().map(|&v| v as f64).collect();
        bars.push(chart::Bar {
            name: hog.to_owned(),
            // The median of the repeats' own figure, not the figure of the run whose
            // wall time was the median.
            value: reports::median_range(&as_f64).map_or(0.0, |m| m.0),
            colour,
            repeats: as_f64,
        });
        // The client's view of the median run: one lane per download, the computing shaded.
        let median = point
            .run
            .starvation()
            .context("io_asyncio_starved printed no starvation figures")?;
        let lanes: Vec<chart::Lane> = median
            .downloads_ms
            .iter()
            .enumerate()
            .map(|(i, [start, end])| (format!("download {}", i + 1), vec![(*start, *end)]))
            .collect();
        let shade = (median.hog_span_ms[0], median.hog_span_ms[1]);
        timelines.push(format!("timelines/io_asyncio_starved-{hog}.svg"));
        chart::timeline(
            &docs.join(timelines.last().map_or("", String::as_str)),
            &format!("--hog {hog}: the client's view, computing shaded"),
            &lanes,
            colour::TASKS,
            Some(shade),
        )?;
        let (last_text, hog_text) = (range(&last, " ms"), range(&hog_ms, " ms"));
        placements.push((hog_ms, during, last, last_text, hog_text));
    }
    let file = "starved.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        "When the last download finished",
        "milliseconds after the start",
        &bars,
    )?;
    let [in_task, moved] = &placements[..] else {
        unreachable!("two placements")
    };
    // As claimed when, in every repeat, no download finished while the task computed
    // and the last one finished after the computing.
    let starved_every_time = in_task.1.iter().all(|&d| d == 0)
        && in_task
            .0
            .iter()
            .zip(&in_task.2)
            .all(|(hog, last)| last >= hog);
    let outcome = if starved_every_time {
        Outcome::AsClaimed
    } else {
        Outcome::Against
    };
    let verdict = format!(
        "{}: in each of {} runs, computing inside a task for {} let none of the {} downloads finish meanwhile, and \
         the last finished {} after the start; with the computing moved to spawn_blocking the last finished {} after \
         the start (one latency is {} ms).",
        judged(&[outcome]),
        in_task.1.len(),
        in_task.4,
        plan.sites,
        in_task.3,
        moved.3,
        lab.latency_ms
    );
    Ok(Section::new(
        "4. A task that does not cooperate",
        "One task that does not cooperate starves the others.",
        body,
        std::iter::once(file).chain(timelines).collect(),
        verdict,
    ))
}

/// Claim 5: for I/O, more processes do not help; and what a worker process costs.
fn processes_io(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::new();
    let mut lines = [
        series(
            "measured, free connections",
            colour::PROCESSES,
            Marker::Circle,
            false,
        ),
        series(
            &format!("measured, {} ms handshake", lab.handshake_ms),
            colour::PROCESSES,
            Marker::Triangle,
            true,
        ),
        series(
            "sites / processes x latency",
            colour::IDEAL,
            Marker::None,
            true,
        ),
    ];
    let mut cases = Vec::new();
    for (k, connections) in [Connections::Free, Connections::Handshake]
        .into_iter()
        .enumerate()
    {
        body.push_str(&connections_heading(lab, connections));
        body.push_str("| processes | time | the latency model | peak | new connections |\n|---:|---|---:|---:|---:|\n");
        let mut points = Vec::new();
        for &processes in &plan.processes {
            let point = lab.point_on(
                connections,
                "io_multiprocessing",
                &count_args(plan.sites, &["--processes", &processes.to_string()]),
                &[],
            )?;
            let floor =
                (plan.sites as f64 / processes as f64).ceil() * lab.latency_ms as f64 / 1000.0;
            let opened = point.repeats.first().map_or(0, |r| r.handshakes);
            writeln!(
                body,
                "| {processes} | {} | {floor:.3} s | {} | {opened} |",
                point.describe(),
                point.peak,
            )?;
            if point.ok() {
                lines[k].add(processes as f64, &point);
                points.push((processes, point));
            }
            if connections == Connections::Free {
                lines[2].points.push((processes as f64, floor));
            }
        }
        let (Some((few, first)), Some((many, last))) = (points.first(), points.last()) else {
            cases.push((Vec::new(), "no process count succeeded".to_owned()));
            continue;
        };
        cases.push((
            vec![no_faster_as_claimed(last, first)],
            format!(
                "{few} worker process took {} and {many} took {}",
                bracketed(first),
                bracketed(last)
            ),
        ));
    }
    // What starting workers costs: pool_demo with one trivial item per worker.
    body.push_str("\nStarting worker processes (pool_demo, one trivial item each):\n\n| workers | time | per worker |\n|---:|---|---:|\n");
    let mut one_worker = String::new();
    for workers in [1, 8, 32] {
        let mut list = args(&["--processes", &workers.to_string()]);
        list.extend(std::iter::repeat_n("pid".to_owned(), workers));
        let point = lab.point("pool_demo", &list, &[])?;
        let (lo, hi) = point.spread();
        let time = format!(
            "{:.1} ms [{:.1}–{:.1}]",
            point.seconds() * 1000.0,
            lo * 1000.0,
            hi * 1000.0
        );
        writeln!(
            body,
            "| {workers} | {time} | {:.2} ms |",
            point.seconds() / workers as f64 * 1000.0
        )?;
        if workers == 1 {
            one_worker = time;
        }
    }
    let file = "processes-io.svg".to_owned();
    chart::lines(
        &docs.join(&file),
        &Axes {
            title: &format!("io_multiprocessing: {} sites", plan.sites),
            x: "worker processes (log)",
            y: "seconds (log)",
            log_x: true,
            log_y: true,
        },
        &lines,
    )?;
    let handshake = cases.pop().unwrap_or_default();
    let free = cases.pop().unwrap_or_default();
    let verdict = format!(
        "{} Each worker waits on its own download, so more of them overlap more waits, as threads would. \
         Start-up: a pool with one worker process ran in {one_worker} in all (pool_demo, above). {}",
        with_and_without(lab, free, handshake),
        tutorial_setting(docs)
    );
    Ok(Section::new(
        "5. More processes for I/O",
        "For I/O, more processes did not make things faster.",
        body,
        vec![file],
        verdict,
    ))
}

/// The speed-up of `point` over `base`, with its bracket: the slowest base over the
/// fastest point at most, the fastest base over the slowest point at least.
fn speedup(base: &Point, point: &Point) -> (f64, f64, f64) {
    let ((b0, b1), (p0, p1)) = (base.spread(), point.spread());
    (base.seconds() / point.seconds(), b0 / p1, b1 / p0)
}

/// Claim 6: for CPU work, one process per CPU; threads and rayon too in Rust.
fn cpu_scaling(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let count = plan.cpu_count.to_string();
    let job = args(&["--json", "--count", &count]);
    // Every point in one batch, taking turns, so that the machine's slow stretches fall
    // on all of them alike. First the baseline, then the calibration (the same work as
    // one process per core at once), then each model at each worker count.
    let mut jobs = vec![
        Job::new("cpu_non_concurrent", &job),
        Job::new("cpu_non_concurrent", &job).copies(cores),
    ];
    let worker_counts: Vec<String> = plan.workers.iter().map(usize::to_string).collect();
    for n in &worker_counts {
        jobs.push(Job::new(
            "cpu_threading",
            &args(&["--json", "--count", &count, "--workers", n]),
        ));
        jobs.push(Job::new("cpu_rayon", &job).env(&[("RAYON_NUM_THREADS", n.clone())]));
        jobs.push(Job::new(
            "cpu_multiprocessing",
            &args(&["--json", "--count", &count, "--processes", n]),
        ));
    }
    let mut points = lab.batch(Connections::Free, &jobs)?.into_iter();
    let (Some(base), Some(together)) = (points.next(), points.next()) else {
        unreachable!("the batch returns a point per job")
    };
    let (calibration, capacity) = calibrate(&base, &together, cores);
    let machine = faster(&together, &base);
    let mut body = format!(
        "cpu_non_concurrent: {} for {count} x fib(35), the baseline of every speed-up below.\n\n\
         **The machine, calibrated.** {calibration}\n\n\
         | workers | cpu_threading | cpu_rayon | cpu_multiprocessing |\n|---:|---|---|---|\n",
        base.describe()
    );
    let models = [
        ("cpu_threading", colour::THREADS, Marker::Circle),
        ("cpu_rayon", colour::RAYON, Marker::Triangle),
        ("cpu_multiprocessing", colour::PROCESSES, Marker::Cross),
    ];
    let mut lines: Vec<Series> = models
        .iter()
        .map(|(name, colour, marker)| series(name, *colour, *marker, false))
        .collect();
    let mut measured: Vec<(usize, [Point; 3])> = Vec::new();
    for &workers in &plan.workers {
        let (Some(threads), Some(rayon), Some(processes)) =
            (points.next(), points.next(), points.next())
        else {
            unreachable!("the batch returns a point per job")
        };
        let runs = [threads, rayon, processes];
        let cells: Vec<String> = runs
            .iter()
            .map(|p| {
                let (x, lo, hi) = speedup(&base, p);
                format!("{}: {x:.2}x [{lo:.2}–{hi:.2}]", p.describe())
            })
            .collect();
        writeln!(body, "| {workers} | {} |", cells.join(" | "))?;
        for (line, point) in lines.iter_mut().zip(&runs) {
            line.points.push((workers as f64, speedup(&base, point).0));
            line.repeats.extend(
                point
                    .repeats
                    .iter()
                    .map(|r| (workers as f64, base.seconds() / r.wall_s)),
            );
        }
        measured.push((workers, runs));
    }
    let ideal = plan
        .workers
        .iter()
        .map(|&w| (w as f64, w.min(cores) as f64))
        .collect();
    lines.push(Series {
        points: ideal,
        ..series(
            &format!("{cores} cores, no more"),
            colour::IDEAL,
            Marker::None,
            true,
        )
    });
    let file = "cpu-scaling.svg".to_owned();
    chart::lines(
        &docs.join(&file),
        &Axes {
            title: &format!("fib(35) x {count}: speed-up against workers"),
            x: "threads or processes",
            y: "speed-up over cpu_non_concurrent (1 = one thread)",
            log_x: false,
            log_y: false,
        },
        &lines,
    )?;
    let verdict = judge_cpu_scaling(&base, &measured, cores, (machine, capacity));
    Ok(Section::new(
        "6. One process per CPU",
        "For CPU work, one process per CPU.",
        body,
        vec![file],
        verdict,
    ))
}

/// What one busy process alone against one per core says about the machine, and how
/// many times one process's work the cores can do at once (`cores` on a machine that
/// gives each busy core the same speed).
fn calibrate(alone: &Point, together: &Point, cores: usize) -> (String, f64) {
    let capacity = cores as f64 * alone.seconds() / together.seconds();
    let ((a0, a1), (t0, t1)) = (alone.spread(), together.spread());
    let bracket = format!(
        "{capacity:.2}x [{:.2}–{:.2}]",
        cores as f64 * a0 / t1,
        cores as f64 * a1 / t0
    );
    let figures = format!(
        "One cpu_non_concurrent alone took {}; {cores} of them at once (one per core) took {} each (the slowest \
         copy), CPU {:.2} s in all against {:.2} s alone: {cores} busy workers did {bracket} the work of one.",
        bracketed(alone),
        bracketed(together),
        together.cpu(),
        alone.cpu()
    );
    // The bracket leaves out `cores` exactly when the two points' brackets do not overlap.
    let meaning = match faster(together, alone) {
        Ordering::Less => format!(
            " This machine runs the same work *faster* when every core is busy, so it gives more than {cores}x. \
             Cores whose clock ramps up under load, or a virtual machine that gets more of its host when it is \
             busy, behave like this; a speed-up above {cores}x below comes from the machine, not from concurrency."
        ),
        Ordering::Greater => format!(
            " This machine gave {cores} busy workers less than {cores}x the work of one during the calibration \
             (cores that share a unit, a slower clock under load, or another tenant), so a speed-up below {cores}x \
             in the table is the machine as much as the program."
        ),
        Ordering::Equal => format!(
            " A tie: each copy ran about as fast as one alone, so {cores} cores give about {cores}x here."
        ),
    };
    (figures + &meaning, capacity)
}

/// Claim 6's verdict: one worker per core speeds the work up, and more add nothing.
/// `machine` is the calibration: one process per core at once against one alone
/// (`Less`: faster together), and `capacity` how many times one worker's work the cores
/// did.
fn judge_cpu_scaling(
    base: &Point,
    measured: &[(usize, [Point; 3])],
    cores: usize,
    (machine, capacity): (Ordering, f64),
) -> String {
    let names = ["threads", "rayon", "processes"];
    let at = |workers: usize| measured.iter().find(|(w, _)| *w == workers).map(|(_, p)| p);
    let (Some(one), Some(per_core), Some((most, many))) = (at(1), at(cores), measured.last())
    else {
        return format!(
            "Not judged: the plan has no run at 1 worker and at {cores} (one per core) workers."
        );
    };
    let mut outcomes = Vec::new();
    let mut evidence = Vec::new();
    for i in 0..3 {
        // One worker per core is faster than one worker...
        if cores > 1 {
            outcomes.push(slower_as_claimed(&one[i], &per_core[i]));
        }
        // ...and more workers than cores are no faster than one per core.
        if *most > cores {
            outcomes.push(no_faster_as_claimed(&many[i], &per_core[i]));
        }
        let (x, lo, hi) = speedup(base, &per_core[i]);
        let mut figures = format!("{}: {x:.2}x [{lo:.2}–{hi:.2}] at {cores}", names[i]);
        if *most > cores {
            let (y, lo, hi) = speedup(base, &many[i]);
            write!(figures, ", {y:.2}x [{lo:.2}–{hi:.2}] at {most}").ok();
        }
        evidence.push(figures);
    }
    let mut text = format!(
        "{}: the speed-up over cpu_non_concurrent with one worker per core and with the most workers: {}.",
        judged(&outcomes),
        evidence.join("; ")
    );
    // Threads against processes, one per core: the GIL is what the rule escapes in Python.
    if faster(&per_core[0], &per_core[2]) != Ordering::Greater {
        text.push_str(
            " Threads did as well as processes: in Rust the rule is one *thread* per CPU as much as one \
             process, since there is no GIL to escape.",
        );
    } else {
        text.push_str(" Threads were slower than processes here, beyond the brackets.");
    }
    for i in (0..3).filter(|&i| faster(&many[i], &per_core[i]) == Ordering::Less) {
        write!(
            text,
            " {} with {most} workers beat {} with {cores}, beyond the brackets: {}",
            names[i],
            names[i],
            past_the_cores(base, &per_core[i], machine, capacity, cores)
        )
        .ok();
    }
    text
}

/// Why more workers than cores came out faster than one per core: the calibration (a
/// machine that gives more than its cores), or CPU time (the runs at one per core cost
/// more CPU for the same work, so the machine was slower while they ran), or neither.
fn past_the_cores(
    base: &Point,
    per_core: &Point,
    machine: Ordering,
    capacity: f64,
    cores: usize,
) -> String {
    if machine == Ordering::Less {
        format!(
            "the calibration found that {cores} busy workers do {capacity:.2}x one worker's work on this \
             machine, which is where that comes from."
        )
    } else if per_core.cpu() > 1.1 * base.cpu() {
        format!(
            "with {cores} workers it used {:.2} s of CPU for the work one thread did in {:.2} s, so the machine \
             was slower while those runs ran (the same work cost more CPU time); the extra workers did not add \
             a core.",
            per_core.cpu(),
            base.cpu()
        )
    } else {
        "neither the calibration nor the CPU time explains it; on a shared machine, take it as noise until a \
         rerun repeats it."
            .to_owned()
    }
}

/// The colour, lighter for a smaller `shade` (0 to 1): variants of one model.
fn shaded(colour: RGBColor, shade: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * shade) as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::bench::{Repeat, Run};
    use super::*;

    /// A point whose repeats took these wall times; the median is the middle one.
    fn point(walls: &[f64]) -> Point {
        let mut sorted = walls.to_vec();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        Point {
            run: Run {
                code: Some(0),
                wall: Duration::from_secs_f64(median),
                cpu: Duration::from_secs_f64(median),
                max_rss_kb: 1024,
                report: None,
                last_error: String::new(),
            },
            peak: 1,
            repeats: walls
                .iter()
                .map(|&wall_s| Repeat {
                    code: Some(0),
                    wall_s,
                    cpu_s: wall_s,
                    max_rss_kb: 1024,
                    peak: 1,
                    handshakes: 0,
                    report: None,
                })
                .collect(),
        }
    }

    #[test]
    fn overlapping_brackets_are_a_tie_and_apart_they_are_not() {
        let (slow, fast) = (point(&[2.0, 2.1, 2.2]), point(&[1.0, 1.1, 1.2]));
        assert_eq!(slower_as_claimed(&slow, &fast), Outcome::AsClaimed);
        assert_eq!(slower_as_claimed(&fast, &slow), Outcome::Against);
        // A median 10% apart, but one slow repeat reaches the other's bracket.
        let noisy = point(&[1.1, 1.15, 2.05]);
        assert_eq!(slower_as_claimed(&slow, &noisy), Outcome::Tie);
        assert_eq!(no_faster_as_claimed(&noisy, &slow), Outcome::AsClaimed);
        assert_eq!(no_faster_as_claimed(&fast, &slow), Outcome::Against);
    }

    #[test]
    fn a_verdict_holds_only_when_every_comparison_went_as_claimed() {
        use Outcome::*;
        assert_eq!(judged(&[AsClaimed, AsClaimed]), "Holds");
        assert_eq!(judged(&[AsClaimed, Tie]), "Holds in part");
        assert_eq!(judged(&[Against, AsClaimed]), "Holds in part");
        assert_eq!(judged(&[Tie, Against]), "Does not hold");
        assert_eq!(judged(&[]), "Does not hold");
    }

    #[test]
    fn a_speed_up_carries_the_bracket_of_both_points() {
        let (x, lo, hi) = speedup(&point(&[1.0, 1.2, 1.1]), &point(&[0.5, 0.6, 0.55]));
        assert!((x - 2.0).abs() < 1e-9, "{x}");
        assert!((lo - 1.0 / 0.6).abs() < 1e-9, "{lo}");
        assert!((hi - 1.2 / 0.5).abs() < 1e-9, "{hi}");
    }

    #[test]
    fn the_calibration_says_when_the_machine_gives_more_than_its_cores() {
        let alone = point(&[1.7, 1.72, 1.75]);
        let (text, capacity) = calibrate(&alone, &point(&[1.38, 1.4, 1.42]), 2);
        assert!(text.contains("*faster* when every core is busy"), "{text}");
        assert!(capacity > 2.4, "{capacity}");
        let (text, capacity) = calibrate(&alone, &point(&[1.71, 1.73, 1.76]), 2);
        assert!(text.contains("A tie"), "{text}");
        assert!((capacity - 2.0).abs() < 0.05, "{capacity}");
        let (text, _) = calibrate(&alone, &point(&[2.5, 2.6, 2.7]), 2);
        assert!(text.contains("less than 2x"), "{text}");
    }

    #[test]
    fn more_workers_than_cores_that_win_are_put_down_to_the_machine() {
        let base = point(&[1.2, 1.21, 1.22]);
        let one = point(&[1.2, 1.21, 1.22]);
        let per_core = point(&[0.6, 0.61, 0.62]);
        let flat = point(&[0.6, 0.605, 0.63]);
        let quicker = point(&[0.5, 0.51, 0.52]);
        let runs = |many: &Point| {
            vec![
                (1, [one.clone(), one.clone(), one.clone()]),
                (2, [per_core.clone(), per_core.clone(), per_core.clone()]),
                (8, [many.clone(), many.clone(), many.clone()]),
            ]
        };
        let verdict = judge_cpu_scaling(&base, &runs(&flat), 2, (Ordering::Equal, 2.0));
        assert!(verdict.starts_with("Holds:"), "{verdict}");
        assert!(
            verdict.contains("Threads did as well as processes"),
            "{verdict}"
        );
        let verdict = judge_cpu_scaling(&base, &runs(&quicker), 2, (Ordering::Less, 2.4));
        assert!(verdict.starts_with("Holds in part"), "{verdict}");
        assert!(
            verdict.contains("the calibration found that 2 busy"),
            "{verdict}"
        );
        // No calibration to blame, and the same CPU time: said to be unexplained.
        let verdict = judge_cpu_scaling(&base, &runs(&quicker), 2, (Ordering::Equal, 2.0));
        assert!(verdict.contains("neither the calibration"), "{verdict}");
    }
}
