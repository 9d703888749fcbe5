//! Claim 5: for I/O, more processes do not help; and what a worker process costs.
//!
//! [`run()`] measures io_multiprocessing at each process count on both servers, and
//! pool_demo's start-up, and draws the chart; [`figures()`] reads the points back from the
//! recorded runs for templates/claims/processes-io.md.

use super::*;

/// How many worker processes pool_demo starts, each with one trivial item: what
/// starting workers costs, alone and in numbers.
const POOL_SIZES: [usize; 3] = [1, 8, 32];

/// pool_demo's arguments for `workers` workers: one trivial item (`pid`) each.
fn pool_args(workers: usize) -> Vec<String> {
    let mut list = args(&["--processes", &workers.to_string()]);
    list.extend(std::iter::repeat_n("pid".to_owned(), workers));
    list
}

/// Claim 5: runs every process count on both servers, then pool_demo, and draws the
/// chart.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut lines = [
        series("measured, free connections", colour::PROCESSES, Marker::Circle, false),
        series(
            &format!("measured, {} ms handshake", lab.handshake_ms),
            colour::PROCESSES,
            Marker::Triangle,
            true,
        ),
        series("sites / processes x latency", colour::IDEAL, Marker::None, true),
    ];
    for (k, connections) in [Connections::Free, Connections::Handshake].into_iter().enumerate() {
        for &processes in &plan.processes {
            let point = lab.point_on(
                connections,
                "io_multiprocessing",
                &count_args(plan.sites, &["--processes", &processes.to_string()]),
                &[],
            )?;
            if point.ok() {
                lines[k].add(processes as f64, &point);
            }
            if connections == Connections::Free {
                let floor = latency_model(plan.sites, processes, lab.latency_ms);
                lines[2].points.push((processes as f64, floor));
            }
        }
    }
    for workers in POOL_SIZES {
        lab.point("pool_demo", &pool_args(workers), &[])?;
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
    Ok(Section::from_runs(
        "5. More processes for I/O",
        "For I/O, more processes did not make things faster.",
        vec![file],
    ))
}

/// The time `processes` workers need if each waits one latency per site in turn.
fn latency_model(sites: usize, processes: usize, latency_ms: u64) -> f64 {
    (sites as f64 / processes as f64).ceil() * latency_ms as f64 / 1000.0
}

/// What claim 5 rests on, read from its recorded runs.
#[derive(Debug, Serialize)]
pub struct Figures {
    /// The rows with free connections, then with the handshake.
    pub cases: [Case; 2],
    /// The verdicts, each case's and both together.
    pub judged: TwoCases,
    /// pool_demo's start-up at each pool size.
    pub pools: Vec<Pool>,
    /// The tutorial's io_processes.py and its twin, from docs/python-vs-rust.
    pub tutorial: TutorialSetting,
}

/// One server's rows, and the comparison the claim makes on them.
#[derive(Debug, Serialize)]
pub struct Case {
    /// One row per process count, in the order they ran.
    pub rows: Vec<Row>,
    /// The fewest and the most processes that succeeded, if any did.
    pub ends: Option<(Row, Row)>,
}

/// One process count's point.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// How many worker processes.
    pub processes: usize,
    /// Its point.
    pub point: Summary,
    /// sites / processes x latency, in seconds.
    pub model_s: f64,
    /// New connections that paid the server's cost, in the first repeat.
    pub opened: u64,
}

/// pool_demo's start-up with one pool size.
#[derive(Debug, Serialize)]
pub struct Pool {
    /// How many workers.
    pub workers: usize,
    /// Its point.
    pub point: Summary,
}

/// Reads claim 5's figures from the runs it recorded and from docs/python-vs-rust.
pub fn figures(section: &Section, docs: &Path) -> anyhow::Result<Figures> {
    let handshake_ms = handshake_ms(section);
    let mut outcomes = Vec::new();
    let mut cases = Vec::new();
    for cost in [0, handshake_ms] {
        let mut rows = Vec::new();
        let mut succeeded = Vec::new();
        for recorded in section.runs.iter().filter(|r| r.is("io_multiprocessing", &[], cost)) {
            let processes =
                arg_value(recorded, "--processes").context("a run without --processes")?;
            let point = recorded.point()?;
            let row = Row {
                processes,
                point: point.summary(),
                model_s: latency_model(section.meta.sites, processes, section.meta.latency_ms),
                opened: point.repeats.first().map_or(0, |r| r.handshakes),
            };
            if point.ok() {
                succeeded.push((row.clone(), point));
            }
            rows.push(row);
        }
        let ends = match (succeeded.first(), succeeded.last()) {
            (Some((few, first)), Some((many, last))) => {
                outcomes.push(vec![no_faster_as_claimed(last, first)]);
                Some((few.clone(), many.clone()))
            }
            _ => {
                outcomes.push(Vec::new());
                None
            }
        };
        cases.push(Case { rows, ends });
    }
    let pools = POOL_SIZES
        .iter()
        .map(|&workers| {
            let wanted = pool_args(workers);
            let recorded = section
                .runs
                .iter()
                .find(|r| r.example == "pool_demo" && r.args == wanted)
                .with_context(|| format!("no run of pool_demo with {workers} workers"))?;
            Ok(Pool { workers, point: recorded.point()?.summary() })
        })
        .collect::<anyhow::Result<_>>()?;
    let [free, handshake] = <[Case; 2]>::try_from(cases)
        .map_err(|_| anyhow::anyhow!("claim 5 needs both servers' rows"))?;
    Ok(Figures {
        judged: TwoCases::judge(&outcomes[0], &outcomes[1], handshake_ms),
        cases: [free, handshake],
        pools,
        tutorial: tutorial_setting(docs)?,
    })
}

/// Renders claim 5's section and its verdict from its runs.
pub fn render(section: &Section, pages: &Pages, docs: &Path) -> anyhow::Result<Rendered> {
    let figures = figures(section, docs)?;
    render_claim("processes-io", section, &figures, pages)
}
