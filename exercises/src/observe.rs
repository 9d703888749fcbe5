//! Runs an exercise once and watches it from outside: the site server's counters, and
//! (where the system says them) the program's threads, CPU time and memory, sampled
//! while it runs. Nothing here asks the program what it did.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use site_server::Snapshot;
use wait4::Wait4;

use crate::checks::Plan;
use crate::platform;

/// How often the running program and the server are sampled: every clock tick of
/// Linux's CPU accounting, so that two threads computing at once show in one interval.
const SAMPLE: Duration = Duration::from_millis(10);

/// After the program exits, how long a process it left behind may hold its output open
/// before the checker stops waiting for the rest of it.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// How often a long run says how far it has got.
const PROGRESS: Duration = Duration::from_secs(10);

/// Set when Ctrl-C (or SIGTERM on Unix) reaches the checker.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// From now on, Ctrl-C stops the program being checked, and then the checker.
pub fn stop_on_interrupt() {
    let watching = site_server::platform::when_stop_requested(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
    });
    if let Err(error) = watching {
        eprintln!("warning: cannot watch for Ctrl-C ({error}); it may leave the exercise running");
    }
}

/// Whether Ctrl-C has reached the checker.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The error a run ends with when Ctrl-C stopped it.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted; the exercise was stopped")
    }
}

impl std::error::Error for Interrupted {}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// It exited with this code (`None`: killed by a signal).
    Exited(Option<i32>),
    /// It ran past the time it was given and was stopped.
    TimedOut(Duration),
    /// Its memory passed the budget and it was stopped.
    OverBudget(u64),
    /// Ctrl-C reached the checker, which stopped it.
    Interrupted,
}

/// CPU time against wall time over the moments the server had downloads in flight.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub wall_s: f64,
    pub cpu_s: f64,
}

/// What one run showed.
#[derive(Debug)]
pub struct Observed {
    pub ended: Ended,
    pub stdout: String,
    pub stderr: String,
    /// The site server's counters at the end, if the run had a server.
    pub server: Option<Snapshot>,
    /// The most threads the program had at once (`None`: not observable here).
    pub most_threads: Option<usize>,
    /// The most threads that used CPU time within one sampling interval.
    pub most_computing: Option<usize>,
    /// CPU time while downloads were in flight, and how long they were.
    pub window: Option<Window>,
    /// Peak resident memory, KiB: the larger of what was sampled and what the system
    /// reported at exit.
    pub peak_rss_kib: Option<u64>,
}

impl Observed {
    /// The exit code, if the program exited by itself.
    pub fn code(&self) -> Option<i32> {
        match self.ended {
            Ended::Exited(code) => code,
            _ => None,
        }
    }
}

/// Runs `program` as `plan` says, against `server` if there is one, and watches it.
pub fn run(
    program: &Path,
    plan: &Plan,
    server: Option<&site_server::Handle>,
) -> anyhow::Result<Observed> {
    let name = program.to_string_lossy().into_owned();
    // Where the plan limits open files and the system has such a limit, the program
    // starts through a shell that sets it; otherwise directly.
    let limited =
        plan.open_files.and_then(|n| platform::with_open_file_limit(&name, &plan.args, n));
    let mut command = limited.unwrap_or_else(|| {
        let mut command = Command::new(&name);
        command.args(&plan.args);
        command
    });
    if let Some(server) = server {
        command.env(io_support::SITES_URL_ENV, server.base_url());
    }
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    platform::own_group(&mut command);
    let start = Instant::now();
    let mut child = command.spawn().with_context(|| format!("cannot start {name}"))?;
    let pid = child.id();
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    // The child is waited for on a thread of its own, so that this one can sample it;
    // the wait reports its CPU time and peak memory, on every platform.
    let (done, waited) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(child.wait4());
    });
    let stats = server.map(site_server::Handle::stats);
    let mut watch = Watch::default();
    let mut stopped = None;
    let mut next_progress = PROGRESS;
    let used = loop {
        match waited.recv_timeout(SAMPLE) {
            Ok(used) => break used.context("cannot wait for the program")?,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!("lost the program"),
        }
        let snapshot = stats.map(site_server::Stats::snapshot);
        watch.sample(pid, start.elapsed(), snapshot.as_ref());
        if stopped.is_some() {
            continue;
        }
        if interrupted() {
            platform::kill_tree(pid);
            stopped = Some(Ended::Interrupted);
        } else if start.elapsed() > plan.timeout {
            platform::kill_tree(pid);
            stopped = Some(Ended::TimedOut(plan.timeout));
        } else if let Some(budget) = plan.memory_budget_kib.filter(|b| watch.peak_rss_kib > *b) {
            platform::kill_tree(pid);
            stopped = Some(Ended::OverBudget(budget));
        } else if plan.progress && start.elapsed() > next_progress {
            next_progress += PROGRESS;
            if let Some(snapshot) = &snapshot {
                eprintln!("  ... {} sites so far", snapshot.requests - snapshot.in_flight);
            }
        }
    };
    if stopped == Some(Ended::Interrupted) {
        return Err(Interrupted.into());
    }
    let at_exit_kib = used.rusage.maxrss / 1024;
    Ok(Observed {
        ended: stopped.unwrap_or(Ended::Exited(used.status.code())),
        stdout: stdout.recv_timeout(PIPE_GRACE).unwrap_or_default(),
        stderr: stderr.recv_timeout(PIPE_GRACE).unwrap_or_default(),
        server: stats.map(site_server::Stats::snapshot),
        most_threads: platform::SEES_INSIDE.then_some(watch.most_threads),
        most_computing: platform::SEES_INSIDE.then_some(watch.most_computing),
        window: platform::SEES_INSIDE.then_some(watch.window),
        peak_rss_kib: Some(watch.peak_rss_kib.max(at_exit_kib)).filter(|&k| k > 0),
    })
}

/// What the samples add up to.
#[derive(Debug, Default)]
struct Watch {
    most_threads: usize,
    most_computing: usize,
    window: Window,
    peak_rss_kib: u64,
    /// The previous sample: when, each thread's CPU ticks, the process's, and whether
    /// the server had downloads in flight.
    last: Option<(Duration, HashMap<u32, u64>, u64, bool)>,
}

impl Watch {
    fn sample(&mut self, pid: u32, now: Duration, server: Option<&Snapshot>) {
        if let Some(kib) = platform::peak_rss_kib(pid) {
            self.peak_rss_kib = self.peak_rss_kib.max(kib);
        }
        let (Some(threads), Some(ticks)) = (platform::threads(pid), platform::cpu_ticks(pid))
        else {
            return;
        };
        self.most_threads = self.most_threads.max(threads.len());
        let threads: HashMap<u32, u64> = threads.into_iter().collect();
        let in_flight = server.is_some_and(|s| s.in_flight > 0);
        if let Some((then, before, ticks_before, was_in_flight)) = &self.last {
            // A thread whose CPU time grew since the last sample computed in this
            // interval; two such threads computed at the same time, give or take it.
            let computing = threads
                .iter()
                .filter(|(tid, now)| before.get(tid).is_some_and(|b| *now > b))
                .count();
            self.most_computing = self.most_computing.max(computing);
            if *was_in_flight && in_flight {
                self.window.wall_s += (now - *then).as_secs_f64();
                self.window.cpu_s +=
                    ticks.saturating_sub(*ticks_before) as f64 / platform::TICKS_PER_SECOND;
            }
        }
        self.last = Some((now, threads, ticks, in_flight));
    }
}

/// Reads a pipe to its end on a thread of its own, so that a program that fills one
/// pipe while the other is read never blocks. The text arrives on the channel when the
/// pipe closes: when the program and whatever it started have all exited.
fn read_all<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<String> {
    let (text, received) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = text.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    received
}
