//! Claim 2: hundreds of async tasks do not slow asyncio down; tasks against threads.
//!
//! [`run()`] measures io_asyncio, the same tasks on more runtime threads
//! (io_asyncio_threads) and a thread per site at each size on both servers, in turns,
//! and draws the charts; [`figures()`] reads the points back from the recorded runs for
//! templates/claims/tasks.md.

use super::*;

/// io_threading with reqwest instead of ureq (the lab's variant): threads and tasks
/// with the same HTTP library.
const REQWEST_THREADS: &str = "io_threading_reqwest";

/// Claim 2: hundreds of tasks do not slow asyncio down; tasks against threads.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime_threads = cores.max(2).to_string();
    let mut lines = [
        series("async tasks (io_asyncio)", colour::TASKS, Marker::Circle, false),
        series(
            &format!("tasks on {runtime_threads} runtime threads"),
            colour::TASKS,
            Marker::Triangle,
            true,
        ),
        series("a thread per site", colour::THREADS, Marker::Circle, false),
        series("a thread per site, reqwest", colour::THREADS, Marker::Triangle, true),
    ];
    let mut memory = [
        series("async tasks (io_asyncio)", colour::TASKS, Marker::Circle, false),
        series("a thread per site", colour::THREADS, Marker::Circle, false),
    ];
    for connections in [Connections::Free, Connections::Handshake] {
        for &sites in &plan.sizes {
            let workers = sites.min(u16::MAX as usize).to_string();
            let threads = ["--threads", &runtime_threads];
            // The four in one batch, taking turns: at 10,000 sites they are busy enough
            // for the machine's slow stretches to matter. The last is io_threading with
            // io_asyncio's library, so that tasks against threads changes the model only.
            let jobs = [
                Job::new("io_asyncio", &count_args(sites, &[])),
                Job::new("io_asyncio_threads", &count_args(sites, &threads)),
                Job::new("io_threading", &count_args(sites, &["--workers", &workers])),
                Job::new(REQWEST_THREADS, &count_args(sites, &["--workers", &workers])),
            ];
            let points: [Point; 4] = lab
                .batch(connections, &jobs)?
                .try_into()
                .map_err(|_| anyhow::anyhow!("the batch returns a point per job"))?;
            let [task, _, thread, _] = &points;
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
            }
        }
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
    Ok(Section::from_runs(
        "2. Hundreds of async tasks",
        "asyncio with hundreds of tasks didn't slow it down at all.",
        vec![seconds_file, memory_file],
    ))
}
/// What claim 2 rests on, read from its recorded runs.
#[derive(Debug, Serialize)]
pub struct Figures {
    /// The program that ran the tasks on several runtime threads, as recorded: the
    /// lab's io_asyncio_threads, or (in runs made before it) io_asyncio_blocking
    /// --client reqwest.
    pub multi: String,
    /// How many runtime threads it had.
    pub runtime_threads: usize,
    /// The rows with free connections, then with the handshake.
    pub cases: Vec<Case<Row>>,
    /// The verdicts, each case's and both together.
    pub judged: TwoCases,
    /// What grew from the smallest to the largest size with free connections.
    pub growth: Option<Growth>,
    /// Each program at each size measured on both servers, the handshake against none.
    pub with_handshake: Vec<WithHandshake>,
}

/// One size: the tasks, the tasks on several threads, and a thread per site.
#[derive(Debug, Serialize)]
pub struct Row {
    /// How many sites.
    pub sites: usize,
    /// io_asyncio's point.
    pub task: Summary,
    /// The same tasks on several runtime threads.
    pub multi: Summary,
    /// A thread per site.
    pub thread: Summary,
    /// Whether both the tasks and the threads succeeded, so that they are compared.
    pub compared: bool,
    /// A thread per site with reqwest, if it ran (runs made before it have none).
    pub reqwest_thread: Option<Summary>,
    /// Every comparison between two of the row's points, the verdict's first.
    pub comparisons: Vec<Comparison>,
}

/// One comparison of two points of a row, for a template to word: `a` against `b`.
#[derive(Debug, Serialize)]
pub struct Comparison {
    /// The first point, as the table's column names it.
    pub a: &'static str,
    /// The second.
    pub b: &'static str,
    /// Whether `a` was faster, a tie, or slower than `b`.
    pub against: Against,
}

impl Comparison {
    fn of(a: (&'static str, &Point), b: (&'static str, &Point)) -> Option<Comparison> {
        (a.1.ok() && b.1.ok()).then(|| Comparison {
            a: a.0,
            b: b.0,
            against: faster(a.1, b.1).into(),
        })
    }
}

/// The same program at the same size with free connections and with the handshake.
#[derive(Debug, Serialize)]
pub struct WithHandshake {
    /// How many sites.
    pub sites: usize,
    /// The program, as the table's column names it.
    pub program: &'static str,
    /// Its point with free connections.
    pub free: Summary,
    /// With the handshake.
    pub handshake: Summary,
    /// The handshake's run against the free one.
    pub against: Against,
}

/// From the smallest to the largest size with free connections: how busy the one
/// runtime thread was, what more threads did, and what each download in flight cost.
#[derive(Debug, Serialize)]
pub struct Growth {
    /// The smallest size.
    pub small: usize,
    /// The largest.
    pub large: usize,
    /// The tasks at the largest size.
    pub task: Summary,
    /// The tasks on several threads there.
    pub multi: Summary,
    /// A thread per site there.
    pub thread: Summary,
    /// The tasks' CPU time over their wall time, as a percentage.
    pub busy_pct: f64,
    /// Whether that is at least 80%: the one thread is mostly working, not waiting.
    pub mostly_busy: bool,
    /// Whether a thread per site used more than 1.1 cores' worth of CPU.
    pub threads_over_a_core: bool,
    /// The tasks on several threads against one: `faster`, `tie` or `slower`.
    pub multi_against_one: Against,
    /// What each download in flight cost, if the peak grew in both models.
    pub memory: Option<Memory>,
}

/// Memory per download in flight: the growth of peak RSS over the growth of the peak.
#[derive(Debug, Serialize)]
pub struct Memory {
    /// KiB per task.
    pub task_kib: f64,
    /// The tasks' peak RSS growth, MiB.
    pub task_mib: f64,
    /// The growth of the tasks' peak in flight.
    pub task_more: u64,
    /// KiB per thread.
    pub thread_kib: f64,
    /// The threads' peak RSS growth, MiB.
    pub thread_mib: f64,
    /// The growth of the threads' peak in flight.
    pub thread_more: u64,
}

/// The point of the tasks on several runtime threads at `sites`, whichever program ran
/// them, with that program's name and thread count.
fn multi_point(
    section: &Section,
    cost: u64,
    sites: &str,
) -> anyhow::Result<(Point, String, usize)> {
    let runs = section.runs.iter().filter(|r| r.connection_cost_ms == cost);
    let found = runs
        .clone()
        .find(|r| r.is("io_asyncio_threads", &["--count", sites], cost))
        .map(|r| (r, "io_asyncio_threads"))
        .or_else(|| {
            runs.clone()
                .find(|r| {
                    r.is("io_asyncio_blocking", &["--count", sites, "--client", "reqwest"], cost)
                })
                .map(|r| (r, "io_asyncio_blocking --client reqwest"))
        })
        .with_context(|| format!("no run of the tasks on several threads at {sites} sites"))?;
    let threads = arg_value(found.0, "--threads").context("a run without --threads")?;
    Ok((found.0.point()?, found.1.to_owned(), threads))
}

/// Reads claim 2's figures from the runs it recorded.
pub fn figures(section: &Section) -> anyhow::Result<Figures> {
    let handshake_ms = handshake_ms(section);
    let (mut cases, mut outcomes) = (Vec::new(), Vec::new());
    let (mut multi_name, mut runtime_threads) = (String::new(), 0);
    let mut free_points: Vec<(usize, [Point; 3])> = Vec::new();
    let mut with_handshake = Vec::new();
    for cost in [0, handshake_ms] {
        let sizes = sizes(section, "io_asyncio", cost);
        let (mut rows, mut case_outcomes) = (Vec::new(), Vec::new());
        for sites in sizes {
            let count = sites.to_string();
            let workers = sites.min(u16::MAX as usize).to_string();
            let task = section.point_on(cost, "io_asyncio", &["--count", &count])?;
            let (multi, name, threads) = multi_point(section, cost, &count)?;
            (multi_name, runtime_threads) = (name, threads);
            let thread = section.point_on(
                cost,
                "io_threading",
                &["--count", &count, "--workers", &workers],
            )?;
            let reqwest_thread = section
                .point_on(cost, REQWEST_THREADS, &["--count", &count, "--workers", &workers])
                .ok();
            let compared = task.ok() && thread.ok();
            if compared {
                case_outcomes.push(slower_as_claimed(&thread, &task));
            }
            let (tasks, threads) = (("the tasks", &task), ("a thread per site", &thread));
            let mut comparisons = vec![
                Comparison::of(tasks, threads),
                Comparison::of(("the tasks on several threads", &multi), tasks),
            ];
            if let Some(reqwest) = &reqwest_thread {
                let reqwest = ("a thread per site with reqwest", reqwest);
                comparisons.push(Comparison::of(tasks, reqwest));
                comparisons.push(Comparison::of(reqwest, threads));
            }
            if cost != 0 {
                for (program, name, args) in [
                    ("the tasks", "io_asyncio", vec!["--count", &count]),
                    (
                        "a thread per site",
                        "io_threading",
                        vec!["--count", &count, "--workers", &workers],
                    ),
                ] {
                    let (Ok(free), Ok(costly)) =
                        (section.point_on(0, name, &args), section.point_on(cost, name, &args))
                    else {
                        continue;
                    };
                    with_handshake.push(WithHandshake {
                        sites,
                        program,
                        free: free.summary(),
                        handshake: costly.summary(),
                        against: faster(&costly, &free).into(),
                    });
                }
            }
            rows.push(Row {
                sites,
                task: task.summary(),
                multi: multi.summary(),
                thread: thread.summary(),
                compared,
                reqwest_thread: reqwest_thread.as_ref().map(Point::summary),
                comparisons: comparisons.into_iter().flatten().collect(),
            });
            if cost == 0 {
                free_points.push((sites, [task, multi, thread]));
            }
        }
        outcomes.push(case_outcomes);
        cases.push(Case { connection_cost_ms: cost, rows });
    }
    Ok(Figures {
        multi: multi_name,
        runtime_threads,
        judged: TwoCases::judge(&outcomes[0], &outcomes[1], handshake_ms),
        cases,
        growth: growth(&free_points),
        with_handshake,
    })
}

/// Claim 2's causes, from the free-connection points: how busy the one runtime thread
/// was at the largest size, what more runtime threads did, and the memory each download
/// in flight costs in each model (the growth of peak RSS over the growth of the peak).
fn growth(points: &[(usize, [Point; 3])]) -> Option<Growth> {
    let ((small, [task0, _, thread0]), (large, [task, multi, thread])) =
        (points.first()?, points.last()?);
    let busy = task.cpu() / task.seconds();
    let per_download = |a: &Point, b: &Point| {
        let grew_kb = b.median.max_rss_kb as f64 - a.median.max_rss_kb as f64;
        let more = b.peak() as f64 - a.peak() as f64;
        (more > 0.0).then(|| grew_kb / more)
    };
    let memory = match (per_download(task0, task), per_download(thread0, thread)) {
        (Some(task_kib), Some(thread_kib)) => Some(Memory {
            task_kib,
            task_mib: task.rss_mb() - task0.rss_mb(),
            task_more: task.peak() - task0.peak().min(task.peak()),
            thread_kib,
            thread_mib: thread.rss_mb() - thread0.rss_mb(),
            thread_more: thread.peak() - thread0.peak().min(thread.peak()),
        }),
        _ => None,
    };
    Some(Growth {
        small: *small,
        large: *large,
        task: task.summary(),
        multi: multi.summary(),
        thread: thread.summary(),
        busy_pct: 100.0 * busy,
        mostly_busy: busy >= 0.8,
        threads_over_a_core: thread.cpu() > 1.1 * thread.seconds(),
        multi_against_one: faster(multi, task).into(),
        memory,
    })
}

/// Renders claim 2's section and its verdict from its runs.
pub fn render(section: &Section, pages: &Pages, _docs: &Path) -> anyhow::Result<Rendered> {
    let figures = figures(section)?;
    render_claim("tasks", section, &figures, pages)
}
