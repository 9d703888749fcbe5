//! Claim 7: a limit on the downloads in flight, which the tutorial's io_asyncio.py has
//! without saying so (aiohttp's session opens at most 100 connections at once).
//!
//! [`run()`] measures io_asyncio (no limit) beside io_asyncio_bounded at each limit, at
//! each size, in turns; [`figures()`] reads the points back from the recorded runs for
//! templates/claims/bounded.md.

use super::tutorial::{IMPORT, SCRIPT};
use super::*;
use crate::book::{Ratio, Spread};

/// The example without a limit, and the one with it.
const UNBOUNDED: &str = "io_asyncio";
/// See [`UNBOUNDED`].
const BOUNDED: &str = "io_asyncio_bounded";
/// The connections an aiohttp `ClientSession` opens at most, its `TCPConnector`'s
/// default `limit`: the Rust limit the tutorial's script is compared with.
const AIOHTTP_LIMIT: usize = 100;

/// Claim 7: every size, the tasks without a limit and with each limit, in turns.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let markers = [Marker::Triangle, Marker::Cross, Marker::Circle];
    let mut lines: Vec<Series> =
        std::iter::once(series("no limit (io_asyncio)", colour::TASKS, Marker::Circle, false))
            .chain(plan.limits.iter().enumerate().map(|(k, limit)| {
                series(&format!("--limit {limit}"), colour::TASKS, markers[k % markers.len()], true)
            }))
            .collect();
    let tutorial = lab.tutorial.as_ref();
    if tutorial.is_some() {
        lines.push(series(
            "io_asyncio.py (aiohttp: 100 at most)",
            chart::PYTHON,
            Marker::Circle,
            false,
        ));
    }
    for &sites in &plan.bounded_sizes {
        let limits: Vec<String> = plan.limits.iter().map(|l| l.to_string()).collect();
        // In turns at each size: a slow stretch of the machine falls on all of them.
        let mut jobs: Vec<Job> = std::iter::once(Job::new(UNBOUNDED, &count_args(sites, &[])))
            .chain(
                limits
                    .iter()
                    .map(|limit| Job::new(BOUNDED, &count_args(sites, &["--limit", limit]))),
            )
            .collect();
        // The tutorial's script with the same sites, and its interpreter's start with
        // the import alone, in the same turns: the Python figures beside the Rust ones.
        if let Some(tutorial) = tutorial {
            jobs.push(tutorial.script_job(sites, lab.url(Connections::Free))?);
            jobs.push(tutorial.import_job(sites));
        }
        let points = lab.batch(Connections::Free, &jobs)?;
        // The lines are drawn in the jobs' order; the import alone has none.
        for (line, point) in lines.iter_mut().zip(&points) {
            // A run that lost its downloads has no time to draw; the table says why.
            if point.ok() {
                line.add(sites as f64, point);
            }
        }
    }
    let file = "bounded.svg".to_owned();
    chart::lines(
        &docs.join(&file),
        &Axes {
            title: "Tasks with and without a limit on downloads in flight",
            x: "sites (log)",
            y: "seconds (log)",
            log_x: true,
            log_y: true,
        },
        &lines,
    )?;
    let mut section = Section::from_runs(
        "7. A limit on downloads in flight",
        "The tutorial's io_asyncio.py never has more than 100 connections open (aiohttp's \
         default), so it finishes however many sites there are.",
        vec![file],
    );
    section.meta.python = tutorial.map(|t| t.describe());
    Ok(section)
}

/// What claim 7 rests on, read from its recorded runs.
#[derive(Debug, Serialize)]
pub struct Figures {
    /// The limits, in the order of each row's cells.
    pub limits: Vec<usize>,
    /// One row per size.
    pub rows: Vec<Row>,
    /// Whether every run with a limit downloaded every site, at every size.
    pub bounded_always_finished: bool,
    /// The largest size at which every run without a limit downloaded every site, if any.
    pub unbounded_largest_ok: Option<usize>,
    /// What the memory follows, from the medians: the downloads in flight or the tasks.
    pub memory: Option<MemorySplit>,
    /// The tutorial's io_asyncio.py at each size, if it ran.
    pub python: Vec<PythonRow>,
    /// The interpreter it ran on.
    pub python_build: Option<String>,
    /// Whether the tutorial's script, where it ran, downloaded every site at every size
    /// with no more than aiohttp's limit in flight and open.
    pub python_held: bool,
    /// aiohttp's limit.
    pub aiohttp_limit: usize,
    /// Holds when every bounded run finished and none saw more in flight than its limit,
    /// and the tutorial's script (where it ran) did the same at aiohttp's.
    pub verdict: Verdict,
}

/// The tutorial's io_asyncio.py at one size beside io_asyncio_bounded at aiohttp's
/// limit: the same sites, the same downloads in flight at most.
#[derive(Debug, Serialize)]
pub struct PythonRow {
    /// How many sites.
    pub sites: usize,
    /// The script's whole process, from start to exit.
    pub script: Cell,
    /// The time the script printed for its own work, over its repeats.
    pub script_own: Option<Spread>,
    /// `python -c "import aiohttp"`, run in the same turns: the interpreter's start,
    /// the import and the exit, without the script.
    pub import: Summary,
    /// The script's whole process less the import alone (the medians' difference).
    pub beyond_import: f64,
    /// The Rust program at the same limit, if one ran: its whole process...
    pub rust: Option<Spread>,
    /// ...and the time it printed for its own work.
    pub rust_own: Option<Spread>,
    /// How many times the script's whole process took as long as the Rust program's.
    pub whole: Option<Ratio>,
    /// The same for the two programs' own times.
    pub own: Option<Ratio>,
}

/// Peak memory split between the downloads in flight and the tasks merely waiting,
/// each from two points that differ in that one thing (medians' peak RSS).
#[derive(Debug, Serialize)]
pub struct MemorySplit {
    /// The size at which the in-flight comparison is made: the same tasks, no limit
    /// against the smallest limit.
    pub sites: usize,
    /// KiB per download more in flight.
    pub per_download_kib: f64,
    /// The smallest limit, whose runs the per-task figure compares.
    pub limit: usize,
    /// The smallest and the largest size of that comparison.
    pub small: usize,
    /// See [`MemorySplit::small`].
    pub large: usize,
    /// KiB per task more, the downloads in flight the same.
    pub per_task_kib: f64,
}

/// One size: the tasks without a limit, and with each.
#[derive(Debug, Serialize)]
pub struct Row {
    /// How many sites.
    pub sites: usize,
    /// io_asyncio, no limit.
    pub unbounded: Cell,
    /// io_asyncio_bounded at each limit.
    pub bounded: Vec<Cell>,
}

/// One point of the table, with what every repeat of it did.
#[derive(Debug, Serialize)]
pub struct Cell {
    /// Its point.
    pub point: Summary,
    /// Whether every repeat exited 0, every site downloaded.
    pub all_ok: bool,
    /// The most downloads the server saw at once, over the repeats.
    pub most_in_flight: u64,
    /// The connections the median run sent a request on, as the server counted them
    /// (its `handshakes`: a connection that never carried a request is not among them).
    pub connections: u64,
    /// The CPU time the site server's process used in the median run, if recorded.
    pub server_cpu: Option<f64>,
    /// The limit, for a bounded cell.
    pub limit: Option<usize>,
    /// Against the unbounded point at the same size, for a bounded one whose runs both
    /// finished: faster, tie or slower.
    pub against_unbounded: Option<Against>,
}

/// Whether every repeat of `point` exited 0 and, where the server's count was kept,
/// every one of its `sites` reached the server (the tutorial's script exits 0 when its
/// downloads fail: it gathers their exceptions).
fn all_ok(point: &Point, sites: usize) -> bool {
    point.repeats.iter().all(|r| r.code == Some(0) && r.requests.is_none_or(|n| n >= sites as u64))
}

impl Cell {
    fn of(point: &Point, sites: usize, limit: Option<usize>, unbounded: Option<&Point>) -> Cell {
        let all_ok = all_ok(point, sites);
        let against_unbounded = unbounded
            .filter(|u| all_ok && self::all_ok(u, sites))
            .map(|u| Against::from(faster(point, u)));
        Cell {
            point: point.summary(),
            all_ok,
            most_in_flight: point.repeats.iter().map(|r| r.peak).max().unwrap_or(0),
            connections: point.median.handshakes,
            server_cpu: point.median.server_cpu_s,
            limit,
            against_unbounded,
        }
    }
}

/// Reads claim 7's figures from the runs it recorded.
pub fn figures(section: &Section) -> anyhow::Result<Figures> {
    let mut sizes: Vec<usize> = Vec::new();
    let mut limits: Vec<usize> = Vec::new();
    for run in section.runs.iter().filter(|r| r.example == BOUNDED) {
        let sites = arg_value(run, "--count").context("a run without --count")?;
        let limit = arg_value(run, "--limit").context("a run without --limit")?;
        if !sizes.contains(&sites) {
            sizes.push(sites);
        }
        if !limits.contains(&limit) {
            limits.push(limit);
        }
    }
    let mut rows = Vec::new();
    for &sites in &sizes {
        let count = sites.to_string();
        let unbounded = section.point(UNBOUNDED, &["--count", &count])?;
        let bounded = limits
            .iter()
            .map(|limit| {
                let limit_arg = limit.to_string();
                let point = section.point(BOUNDED, &["--count", &count, "--limit", &limit_arg])?;
                Ok(Cell::of(&point, sites, Some(*limit), Some(&unbounded)))
            })
            .collect::<anyhow::Result<Vec<Cell>>>()?;
        rows.push(Row { sites, unbounded: Cell::of(&unbounded, sites, None, None), bounded });
    }
    let bounded_always_finished = rows.iter().all(|r| r.bounded.iter().all(|c| c.all_ok));
    let within_limits = rows
        .iter()
        .all(|r| r.bounded.iter().all(|c| c.limit.is_some_and(|l| c.most_in_flight <= l as u64)));
    let unbounded_largest_ok = rows.iter().filter(|r| r.unbounded.all_ok).map(|r| r.sites).max();
    let memory = memory_split(&rows, &limits);
    let python = sizes
        .iter()
        .filter(|&&sites| section.point(SCRIPT, &["--count", &sites.to_string()]).is_ok())
        .map(|&sites| python_row(section, sites, limits.contains(&AIOHTTP_LIMIT)))
        .collect::<anyhow::Result<Vec<PythonRow>>>()?;
    // The claim is the tutorial's script's: where it ran, it must have finished at
    // every size with no more than aiohttp's limit in flight.
    let python_held = python.iter().all(|p| {
        p.script.all_ok
            && p.script.most_in_flight <= AIOHTTP_LIMIT as u64
            && p.script.connections <= AIOHTTP_LIMIT as u64
    });
    let verdict = if bounded_always_finished && within_limits && python_held {
        Verdict::Holds
    } else {
        Verdict::DoesNotHold
    };
    Ok(Figures {
        limits,
        rows,
        bounded_always_finished,
        unbounded_largest_ok,
        memory,
        python,
        python_build: section.meta.python.clone(),
        python_held,
        aiohttp_limit: AIOHTTP_LIMIT,
        verdict,
    })
}

/// The tutorial's script at `sites`, its import alone, and (`with_rust`) the Rust
/// program at aiohttp's limit, from the section's runs.
fn python_row(section: &Section, sites: usize, with_rust: bool) -> anyhow::Result<PythonRow> {
    let count = sites.to_string();
    let script = section.point(SCRIPT, &["--count", &count])?;
    let import = section.point(IMPORT, &["--count", &count])?;
    let script_own = Spread::of(&script.repeats.iter().filter_map(|r| r.own_s).collect::<Vec<_>>());
    let rust = if with_rust {
        let limit = AIOHTTP_LIMIT.to_string();
        Some(section.point(BOUNDED, &["--count", &count, "--limit", &limit])?)
    } else {
        None
    };
    let rust_own = rust.as_ref().and_then(|p| {
        Spread::of(
            &p.repeats.iter().filter_map(|r| r.io().map(|io| io.seconds)).collect::<Vec<_>>(),
        )
    });
    let (script_wall, rust_wall) = (script.wall(), rust.as_ref().and_then(Point::wall));
    // Held to the claim's margin, as its own comparisons are (templates/rules.md).
    let ratio =
        |a: Option<Spread>, b: Option<Spread>| Some(Ratio::of(&a?, &b?).held(section.margin));
    Ok(PythonRow {
        sites,
        beyond_import: script.seconds() - import.seconds(),
        whole: ratio(script_wall, rust_wall),
        own: ratio(script_own, rust_own),
        script: Cell::of(&script, sites, Some(AIOHTTP_LIMIT), None),
        script_own,
        import: import.summary(),
        rust: rust_wall,
        rust_own,
    })
}

/// The memory per download in flight (at the largest size where every unbounded run
/// finished, against the smallest limit) and per task waiting (the smallest limit, from
/// the smallest to the largest size); `None` without such points.
fn memory_split(rows: &[Row], limits: &[usize]) -> Option<MemorySplit> {
    let limit = *limits.first()?;
    let at = rows.iter().filter(|r| r.unbounded.all_ok).max_by_key(|r| r.sites)?;
    let bounded = at.bounded.first()?;
    let more = at.unbounded.most_in_flight.checked_sub(bounded.most_in_flight)?;
    let (small, large) = (rows.first()?, rows.last()?);
    let (small_cell, large_cell) = (small.bounded.first()?, large.bounded.first()?);
    if more == 0 || large.sites <= small.sites || !small_cell.all_ok || !large_cell.all_ok {
        return None;
    }
    let kib = |mib: f64| mib * 1024.0;
    Some(MemorySplit {
        sites: at.sites,
        per_download_kib: kib(at.unbounded.point.rss_mb - bounded.point.rss_mb) / more as f64,
        limit,
        small: small.sites,
        large: large.sites,
        per_task_kib: kib(large_cell.point.rss_mb - small_cell.point.rss_mb)
            / (large.sites - small.sites) as f64,
    })
}

/// Renders claim 7's section and its verdict from its runs.
pub fn render(section: &Section, pages: &Pages, _docs: &Path) -> anyhow::Result<Rendered> {
    let figures = figures(section)?;
    render_claim("bounded", section, &figures, pages)
}
