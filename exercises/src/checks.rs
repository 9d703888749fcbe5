//! What each exercise's check runs, and what it must see. Every row compares what the
//! task asks with what was observed from outside the program: the site server's
//! counters, the threads and CPU time the system reports, the program's exit status
//! and the answers it printed.

use std::time::Duration;

use site_server::Snapshot;

use crate::observe::{Ended, Observed};

/// The site server's latency for most checks: its default, 50 ms, as in the lessons.
const LATENCY: Duration = site_server::DEFAULT_LATENCY;
/// How long a run may take before it is stopped, unless its check says otherwise.
const TIMEOUT: Duration = Duration::from_secs(120);

/// threads: how many threads, fewer than the sites, so that each thread downloads
/// several and can reuse its connection.
const THREADS: u64 = 4;
/// threads: how many sites.
const THREADS_SITES: u64 = 20;
/// tasks: how many sites, all meant to be in flight together.
const TASKS_SITES: u64 = 50;
/// tasks: how slow the sites are, long enough to read the thread count many times.
const TASKS_LATENCY: Duration = Duration::from_millis(200);
/// processes: how many worker processes.
const PROCESSES: u64 = 2;
/// processes: how many sites, ten for each process.
const PROCESSES_SITES: u64 = 20;
/// blocking: how many sites, all meant to be in flight together.
const BLOCKING_SITES: u64 = 20;
/// hog: how many sites.
const HOG_SITES: u64 = 20;
/// hog: how slow the sites are: a download shorter than the exercise's fib(42), and
/// fifty of the checker's samples long.
const HOG_LATENCY: Duration = Duration::from_millis(500);
/// hog: the answer the exercise must print, fib(42).
const HOG_ANSWER: &str = "fib(42) = 267914296";
/// hog: the share of the downloads' time the program must spend computing, as CPU
/// time: a quarter of one core. A program that computes alongside its downloads uses
/// about all of a core then; one that computes before or after them, almost none.
const HOG_SHARE: f64 = 0.25;
/// bounded: how many sites, more than the open files allowed.
const BOUNDED_SITES: u64 = 600;
/// bounded: how many downloads at once, at most.
const BOUNDED_LIMIT: u64 = 50;
/// bounded: how many files the program may open: macOS's usual soft limit, well below
/// the sites and well above the limit.
const BOUNDED_OPEN_FILES: u64 = 256;
/// parallel: the answer the exercise must print for each number, fib(35).
const PARALLEL_ANSWER: &str = "fib(35) = 9227465";
/// parallel: how many answers: the exercise's twenty.
const PARALLEL_COUNT: usize = 20;
/// race: how many runs, each of which must count every update.
const RACE_RUNS: usize = 20;
/// race: how many threads, more than most machines have cores.
const RACE_THREADS: u64 = 8;
/// race: how many times each thread adds 1.
const RACE_INCREMENTS: u64 = 10_000;
/// send_sync: how many threads.
const SEND_SYNC_THREADS: u64 = 4;
/// send_sync: how many times each thread adds 1.
const SEND_SYNC_INCREMENTS: u64 = 1_000;
/// capstone: a million sites, the bounded downloaders' benchmark in the book.
const CAPSTONE_SITES: u64 = 1_000_000;
/// capstone: at most a thousand at once, as in that benchmark.
const CAPSTONE_LIMIT: u64 = 1_000;
/// capstone: the memory budget, 128 MiB, the one the lessons' issue set.
const CAPSTONE_BUDGET_KIB: u64 = 128 * 1024;
/// capstone: how long a run may take: ten times its floor, a million times 50 ms over
/// a thousand.
const CAPSTONE_TIMEOUT: Duration = Duration::from_secs(500);

/// How to run an exercise for its check.
#[derive(Debug, Clone)]
pub struct Plan {
    pub args: Vec<String>,
    /// The site server's latency, or `None` for an exercise with no sites.
    pub latency: Option<Duration>,
    /// How many times to run it.
    pub runs: usize,
    /// The most files the program may open, where the system has such a limit.
    pub open_files: Option<u64>,
    /// The program is stopped when its memory passes this, where it can be read.
    pub memory_budget_kib: Option<u64>,
    pub timeout: Duration,
    /// Whether to say every few seconds how far the run has got.
    pub progress: bool,
}

/// A row of the check's table.
#[derive(Debug)]
pub struct Row {
    pub what: &'static str,
    pub asked: String,
    pub saw: String,
    pub verdict: Verdict,
}

#[derive(Debug, PartialEq)]
pub enum Verdict {
    Ok,
    Wrong,
    /// This system does not let the checker see it; the reason.
    Unseen(&'static str),
}

/// How `name` is run for its check.
pub fn plan(name: &str) -> Plan {
    let args = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    let sites = |count: u64, more: &[&str]| {
        let mut all = args(&["--count", &count.to_string(), "--quiet"]);
        all.extend(args(more));
        all
    };
    let plan = Plan {
        args: Vec::new(),
        latency: Some(LATENCY),
        runs: 1,
        open_files: None,
        memory_budget_kib: None,
        timeout: TIMEOUT,
        progress: false,
    };
    match name {
        "threads" => {
            Plan { args: sites(THREADS_SITES, &["--workers", &THREADS.to_string()]), ..plan }
        }
        "tasks" => Plan { args: sites(TASKS_SITES, &[]), latency: Some(TASKS_LATENCY), ..plan },
        "processes" => {
            Plan { args: sites(PROCESSES_SITES, &["--processes", &PROCESSES.to_string()]), ..plan }
        }
        "blocking" => Plan { args: sites(BLOCKING_SITES, &[]), ..plan },
        "hog" => Plan { args: sites(HOG_SITES, &[]), latency: Some(HOG_LATENCY), ..plan },
        "bounded" => Plan {
            args: sites(BOUNDED_SITES, &["--limit", &BOUNDED_LIMIT.to_string()]),
            open_files: Some(BOUNDED_OPEN_FILES),
            ..plan
        },
        "parallel" => Plan { latency: None, ..plan },
        "race" => Plan {
            args: counting(RACE_THREADS, RACE_INCREMENTS),
            latency: None,
            runs: RACE_RUNS,
            ..plan
        },
        "send_sync" => {
            Plan { args: counting(SEND_SYNC_THREADS, SEND_SYNC_INCREMENTS), latency: None, ..plan }
        }
        "capstone" => Plan {
            args: sites(CAPSTONE_SITES, &["--limit", &CAPSTONE_LIMIT.to_string()]),
            memory_budget_kib: Some(CAPSTONE_BUDGET_KIB),
            timeout: CAPSTONE_TIMEOUT,
            progress: true,
            ..plan
        },
        _ => plan,
    }
}

/// `--threads T --increments I`.
fn counting(threads: u64, increments: u64) -> Vec<String> {
    ["--threads", &threads.to_string(), "--increments", &increments.to_string()]
        .map(str::to_owned)
        .to_vec()
}

/// The rows of `name`'s check, from its runs.
pub fn judge(name: &str, runs: &[Observed]) -> Vec<Row> {
    let Some(run) = runs.first() else { return Vec::new() };
    let server = run.server.unwrap_or_default();
    let mut rows = vec![exit_row(runs)];
    match name {
        "threads" => {
            rows.push(served(&server, THREADS_SITES));
            rows.push(equal("downloads in flight at the peak", THREADS, server.peak_in_flight));
            rows.push(equal("connections", THREADS, server.connections));
        }
        "tasks" => {
            rows.push(served(&server, TASKS_SITES));
            rows.push(equal("downloads in flight at the peak", TASKS_SITES, server.peak_in_flight));
            rows.push(match run.most_threads {
                Some(seen) => row("threads, at most", "1".into(), seen.to_string(), seen <= 1),
                None => unseen("threads, at most", "1", "needs Linux's /proc"),
            });
        }
        "processes" => {
            rows.push(served(&server, PROCESSES_SITES));
            rows.push(equal("connections", PROCESSES, server.connections));
        }
        "blocking" => {
            rows.push(served(&server, BLOCKING_SITES));
            let peak = server.peak_in_flight;
            rows.push(row(
                "downloads in flight at the peak",
                "more than 1".into(),
                peak.to_string(),
                peak > 1,
            ));
        }
        "hog" => {
            rows.push(served(&server, HOG_SITES));
            rows.push(answers("the answer printed", HOG_ANSWER, 1, &run.stdout));
            rows.push(match run.window {
                Some(w) => {
                    let share = if w.wall_s > 0.0 { w.cpu_s / w.wall_s } else { 0.0 };
                    row(
                        "CPU time while downloads were in flight",
                        format!("at least {:.0}% of that time", HOG_SHARE * 100.0),
                        format!("{:.0}% ({:.2} s in {:.2} s)", share * 100.0, w.cpu_s, w.wall_s),
                        share >= HOG_SHARE,
                    )
                }
                None => {
                    unseen("CPU time while downloads were in flight", "", "needs Linux's /proc")
                }
            });
        }
        "bounded" => {
            rows.push(served(&server, BOUNDED_SITES));
            rows.push(equal(
                "downloads in flight at the peak",
                BOUNDED_LIMIT,
                server.peak_in_flight,
            ));
        }
        "parallel" => {
            rows.push(answers("right answers", PARALLEL_ANSWER, PARALLEL_COUNT, &run.stdout));
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            rows.push(match run.most_computing {
                _ if cores < 2 => {
                    unseen("threads computing at once", "2 or more", "this machine has one core")
                }
                Some(seen) => row(
                    "threads computing at once",
                    "2 or more".into(),
                    seen.to_string(),
                    seen >= 2,
                ),
                None => unseen("threads computing at once", "2 or more", "needs Linux's /proc"),
            });
        }
        "race" => rows.push(counted(runs, RACE_THREADS * RACE_INCREMENTS)),
        "send_sync" => rows.push(counted(runs, SEND_SYNC_THREADS * SEND_SYNC_INCREMENTS)),
        "capstone" => {
            rows.push(served(&server, CAPSTONE_SITES));
            let peak = server.peak_in_flight;
            rows.push(row(
                "downloads in flight at the peak",
                format!("at most {CAPSTONE_LIMIT}"),
                peak.to_string(),
                peak <= CAPSTONE_LIMIT,
            ));
            rows.push(match run.peak_rss_kib {
                Some(kib) => row(
                    "peak memory",
                    format!("at most {} MiB", CAPSTONE_BUDGET_KIB / 1024),
                    mib(kib),
                    kib <= CAPSTONE_BUDGET_KIB,
                ),
                None => unseen("peak memory", "", "the system did not report it"),
            });
        }
        _ => {}
    }
    rows
}

fn row(what: &'static str, asked: String, saw: String, ok: bool) -> Row {
    Row { what, asked, saw, verdict: if ok { Verdict::Ok } else { Verdict::Wrong } }
}

fn unseen(what: &'static str, asked: &str, why: &'static str) -> Row {
    Row { what, asked: asked.to_owned(), saw: "-".to_owned(), verdict: Verdict::Unseen(why) }
}

fn equal(what: &'static str, asked: u64, saw: u64) -> Row {
    row(what, asked.to_string(), saw.to_string(), asked == saw)
}

/// Every site reached the server, each once: the site requests it counted.
fn served(server: &Snapshot, sites: u64) -> Row {
    equal("sites the server served", sites, server.requests)
}

/// Every run exited by itself with status 0.
fn exit_row(runs: &[Observed]) -> Row {
    let failed: Vec<&Observed> = runs.iter().filter(|r| r.code() != Some(0)).collect();
    let saw = match failed.first() {
        None if runs.len() == 1 => "0".to_owned(),
        None => format!("0 in all {} runs", runs.len()),
        Some(run) => describe(&run.ended),
    };
    row("exit status", "0".into(), saw, failed.is_empty())
}

/// How a run ended, in a few words.
pub fn describe(ended: &Ended) -> String {
    match ended {
        Ended::Exited(Some(101)) => "101: it panicked".to_owned(),
        Ended::Exited(Some(code)) => code.to_string(),
        Ended::Exited(None) => "killed by a signal".to_owned(),
        Ended::TimedOut(limit) => format!("stopped after {} s", limit.as_secs()),
        Ended::OverBudget(kib) => format!("stopped when its memory passed {}", mib(*kib)),
        Ended::Interrupted => "stopped by Ctrl-C".to_owned(),
    }
}

/// `expected` lines of `answer` in `stdout`, and no other line like them.
fn answers(what: &'static str, answer: &str, expected: usize, stdout: &str) -> Row {
    let stem = &answer[..answer.find('=').unwrap_or(answer.len())];
    let like: Vec<&str> = stdout.lines().filter(|l| l.starts_with(stem)).collect();
    let right = like.iter().filter(|l| l.trim() == answer).count();
    let saw = if like.len() == right {
        format!("{right}")
    } else {
        format!("{right}, and {} wrong", like.len() - right)
    };
    row(what, expected.to_string(), saw, right == expected && like.len() == right)
}

/// The `count = N` line of every run equal to `expected`.
fn counted(runs: &[Observed], expected: u64) -> Row {
    let counts: Vec<Option<u64>> = runs
        .iter()
        .map(|r| r.stdout.lines().find_map(|l| l.strip_prefix("count = ")?.trim().parse().ok()))
        .collect();
    let right = counts.iter().filter(|c| **c == Some(expected)).count();
    let lowest = counts.iter().flatten().min();
    let (asked, mut saw) = match (runs.len(), counts.first()) {
        (1, Some(Some(count))) => (expected.to_string(), count.to_string()),
        (1, _) => (expected.to_string(), "no `count = ` line".to_owned()),
        (n, _) => {
            (format!("{expected} in {n} of {n} runs"), format!("{expected} in {right} of {n} runs"))
        }
    };
    if let Some(lowest) = lowest.filter(|l| **l != expected && runs.len() > 1) {
        saw += &format!(", as low as {lowest}");
    }
    row("the count", asked, saw, right == runs.len())
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}
