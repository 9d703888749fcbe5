//! The `--json` reports: one typed struct per kind of example, written by the examples
//! (through io_support and cpu_support) and read back by the lab.
//!
//! They are a contract between programs, so fields are added, never renamed or removed.
//! A reader ignores fields it does not know, so an old runner reads a new report.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// What an I/O example prints with `--json`:
/// `{"example":"io_threading","sites":160,"ok":160,"failed":0,"bytes":901120,"seconds":1.612,"workers":5}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IoReport {
    /// The example's crate name, e.g. `io_threading`.
    pub example: String,
    /// How many sites it was asked to download.
    pub sites: usize,
    /// How many it downloaded; `ok + failed == sites`, always.
    pub ok: usize,
    /// How many failed, each with its own `Failed to download` line on stderr.
    pub failed: usize,
    /// The body bytes of every site downloaded.
    pub bytes: usize,
    /// From the first download started to the last one finished, in seconds (3 decimals).
    pub seconds: f64,
    /// How many threads, tasks or processes the example set up to download.
    pub workers: usize,
    /// Whatever else an example measured (io_asyncio_starved's timings, say).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl IoReport {
    /// The [`Starvation`] fields io_asyncio_starved adds, if this report has them.
    pub fn starvation(&self) -> Option<Starvation> {
        serde_json::from_value(serde_json::Value::Object(self.extra.clone())).ok()
    }
}

/// What io_asyncio_starved adds to its [`IoReport`]: what one task that computes without
/// awaiting did to the downloads beside it. Its fields sit beside the report's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Starvation {
    /// Where the computing ran: `in-task` or `spawn-blocking`.
    pub hog: String,
    /// How long it took, in milliseconds.
    pub hog_ms: u64,
    /// Whether it ran on the runtime's only thread.
    pub hog_on_runtime_thread: bool,
    /// How many downloads finished while it ran.
    pub finished_during_hog: u64,
    /// When the last download finished, in milliseconds from the start.
    pub last_download_ms: u64,
    /// When the computing started and ended, in milliseconds from the start.
    pub hog_span_ms: [f64; 2],
    /// When each download started and finished, in milliseconds from the start, as the
    /// client saw it: the timeline of the run.
    pub downloads_ms: Vec<[f64; 2]>,
}

/// What a CPU example prints with `--json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpuReport {
    /// The example's crate name, e.g. `cpu_rayon`.
    pub example: String,
    /// `fib` or `squares`.
    pub workload: String,
    /// How many results it computed.
    pub count: usize,
    /// From the first item started to the last one finished, in seconds (3 decimals).
    pub seconds: f64,
    /// How many threads, tasks or processes the example set up.
    pub workers: usize,
    /// How many distinct threads or processes really computed results.
    pub workers_used: usize,
    /// Every result, checked, as a string: a sum of squares exceeds the 2^53 that JSON
    /// numbers hold exactly in most readers.
    pub results: Vec<String>,
    /// When each result was computed, and by which thread or process, in the order of
    /// `results`: the run's timeline. Empty in reports made before it was recorded.
    #[serde(default)]
    pub items: Vec<ItemSpan>,
}

/// One result's work: who computed it, from when to when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemSpan {
    /// What the work was, when a run records more than one kind (`download`, `fib(38)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// `PID/THREAD` of the thread that computed it.
    pub worker: String,
    /// When it started, in milliseconds from the first item's start (the system clock,
    /// which worker processes share with their parent).
    pub start_ms: f64,
    /// When it ended, on the same clock.
    pub end_ms: f64,
}

/// What race_condition prints with `--json`: the counter after each way of adding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaceReport {
    /// Always `race_condition`.
    pub example: String,
    /// How many threads shared the counter.
    pub workers: usize,
    /// What the counter should read: tasks times increments.
    pub expected: u64,
    /// Act 2: what load-then-store left.
    pub load_then_store: u64,
    /// Act 2: `expected - load_then_store`, the updates lost.
    pub lost: u64,
    /// Act 3: what `fetch_add` left.
    pub fetch_add: u64,
    /// Act 3: what a `Mutex` left.
    pub mutex: u64,
}

/// One piece of work on a run's timeline: which thread of which process did it, from when
/// to when, in microseconds since 1970 by the system clock, the one clock that worker
/// processes and their parent share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// What the work was, when a run records more than one kind (`download`, `fib(38)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// `PID/THREAD`: the process id and this program's number for the thread.
    pub worker: String,
    /// When the work started.
    pub start_us: u64,
    /// When it ended.
    pub end_us: u64,
}

impl Span {
    /// Runs `work` and returns what it returned, with the span it took on this thread.
    pub fn around<R>(work: impl FnOnce() -> R) -> (R, Span) {
        let start_us = now_us();
        let value = work();
        let span = Span { what: None, worker: worker_id(), start_us, end_us: now_us() };
        (value, span)
    }
}

/// Every span recorded in this process, in the order recorded.
static RECORDED: Mutex<Vec<Span>> = Mutex::new(Vec::new());

/// Runs `work` and records its span for the run's timeline (`--json`'s `items`): which
/// thread computed it, from when to when. The answer is returned unchanged.
pub fn timed<R>(work: impl FnOnce() -> R) -> R {
    let (value, span) = Span::around(work);
    record(span);
    value
}

/// [`timed`], with what the work was, for a run that records more than one kind.
pub fn timed_as<R>(what: &str, work: impl FnOnce() -> R) -> R {
    let (value, mut span) = Span::around(work);
    span.what = Some(what.to_owned());
    record(span);
    value
}

/// [`timed_as`] for async work: the span runs from the first poll to the last, on the
/// thread that finished it, whatever it waited for in between.
pub async fn timed_async<F: std::future::Future>(what: &str, work: F) -> F::Output {
    let start_us = now_us();
    let value = work.await;
    record(Span { what: Some(what.to_owned()), worker: worker_id(), start_us, end_us: now_us() });
    value
}

/// Records a span measured elsewhere (a worker process's, as the process pool gets it).
pub fn record(span: Span) {
    // A panic while holding this lock cannot leave the list half-written (a push is
    // one step), so a poisoned lock is still safe to use.
    let mut recorded = RECORDED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    recorded.push(span);
}

/// The spans recorded so far, in the order recorded.
pub fn recorded() -> Vec<Span> {
    RECORDED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

/// The spans as a report's `items`: milliseconds from the first start.
pub fn item_spans(spans: &[Span]) -> Vec<ItemSpan> {
    let zero = spans.iter().map(|s| s.start_us).min().unwrap_or(0);
    let ms = |us: u64| us.saturating_sub(zero) as f64 / 1000.0;
    spans
        .iter()
        .map(|s| ItemSpan {
            what: s.what.clone(),
            worker: s.worker.clone(),
            start_ms: ms(s.start_us),
            end_ms: ms(s.end_us),
        })
        .collect()
}

/// Now, in microseconds since 1970 by the system clock.
fn now_us() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// A number for each thread that asks, handed out in order.
static NEXT_THREAD: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's number, taken the first time it is asked for. `thread_local!`
    /// gives every thread its own copy, so reading it needs no lock.
    static THREAD: u64 = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
}

/// `PID/THREAD`: unique across the threads of one process and across processes.
pub fn worker_id() -> String {
    format!("{}/{}", std::process::id(), THREAD.with(|n| *n))
}

/// Reads a flag's whole number from `least` to `most`, for clap's `value_parser`. A value
/// out of range is refused before anything is allocated for it, and the message names
/// the bound and why: `why` goes after `at most {most} `, as in `sites: each is a task`.
pub fn bounded(value: &str, least: usize, most: usize, why: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(n) if (least..=most).contains(&n) => Ok(n),
        _ => Err(format!("expected a whole number from {least} to {most}: at most {most} {why}")),
    }
}

/// This program's name, as its report gives it: the file name it runs from, without
/// `.exe` (the lesson's crate name, which cargo names its binary after).
pub fn program_name() -> String {
    std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .and_then(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// Rounds seconds to the milliseconds a report keeps.
pub fn round_seconds(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// The median of repeated runs' figures, the smallest and the largest,
/// `(8.65, 8.62, 8.68)`: how the runner's tables and the experiments' charts sum up
/// repeats, a median always with its range. `None` for no runs.
pub fn median_range(values: &[f64]) -> Option<(f64, f64, f64)> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
    Some((median, sorted[0], sorted[n - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_report_reads_back_with_its_extra_fields() {
        let line = r#"{"example":"io_asyncio_starved","sites":2,"ok":1,"failed":1,"bytes":1024,"seconds":0.25,"workers":2,"hog":"in-task"}"#;
        let report: IoReport = serde_json::from_str(line).unwrap();
        assert_eq!((report.ok, report.failed), (1, 1));
        assert_eq!(report.extra["hog"], "in-task");
        let again: IoReport =
            serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
        assert_eq!(again, report);
    }

    #[test]
    fn each_thread_has_its_own_worker_id_and_spans_are_kept_in_order() {
        let here = worker_id();
        let there = std::thread::spawn(worker_id).join().unwrap();
        assert_ne!(here, there);
        assert_eq!(here, worker_id(), "a thread keeps its id");
        assert_eq!(timed(|| 35), 35);
        std::thread::spawn(|| timed(|| 36)).join().unwrap();
        let spans = recorded();
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].worker, here);
        assert!(spans[0].start_us <= spans[0].end_us);
        let items = item_spans(&spans);
        assert_eq!(items[0].start_ms.min(items[1].start_ms), 0.0);
    }

    #[test]
    fn a_report_missing_a_field_is_refused() {
        assert!(serde_json::from_str::<CpuReport>(r#"{"example":"cpu_rayon"}"#).is_err());
    }
}
