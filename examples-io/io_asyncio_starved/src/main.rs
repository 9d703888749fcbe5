//! One async task that computes without awaiting starves all the others.
//!
//! The tutorial warns that a coroutine which never awaits holds up the whole event loop.
//! Here the downloads are io_asyncio's, and one more task computes `fib(38)`. With
//! `--hog in-task` (the default) it computes inside a task on the runtime's only thread.
//! The downloads were spawned first, but on one thread a task runs only while the others
//! wait: each download has barely begun to connect when the computing task takes the
//! thread, and none has sent its request. Notice in the output: no download finishes
//! while it computes, and the last one finishes more than one latency after the
//! computing ends, not one latency after the start. With
//! `--hog spawn-blocking` the computing moves to tokio's blocking thread pool and the
//! downloads finish while it runs. (Blocking calls starve the runtime the same way:
//! see io_asyncio_blocking.)
//!
//! ```text
//! cargo run --release -p io_asyncio_starved
//! cargo run --release -p io_asyncio_starved -- --hog spawn-blocking
//! ```

use std::thread::{self, ThreadId};
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use io_support::{SiteArgs, Sites, say};
use serde::Serialize;

/// fib(38): more than a tenth of a second of computing in a release build (117 ms to
/// 118 ms in docs/RESULTS.md, claim 4), over twice the site server's latency, so the
/// starvation is plain to see.
const HOG_FIB: u64 = 38;

/// Download every site at once while one more task computes.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// Where the computing runs.
    #[arg(long, value_enum, default_value_t = Hog::InTask)]
    hog: Hog,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Hog {
    /// In an async task, on the runtime's only thread: the mistake.
    InTask,
    /// On tokio's blocking thread pool: the fix.
    SpawnBlocking,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let sites = Sites::prepare("io_asyncio_starved", &args.sites, args.sites.count)?;
    let session = io_support::new_async_session()?;
    let runtime_thread = thread::current().id();
    let start_time = Instant::now();
    // The downloads are spawned first, so they have all started before the computing.
    let downloads: Vec<_> = sites
        .urls()
        .iter()
        .map(|url| tokio::spawn(download_site(url.clone(), session.clone())))
        .collect();
    let hog = match args.hog {
        Hog::InTask => tokio::spawn(async move { compute(runtime_thread) }),
        Hog::SpawnBlocking => tokio::task::spawn_blocking(move || compute(runtime_thread)),
    };
    let mut results = Vec::with_capacity(downloads.len());
    let mut ran = Vec::with_capacity(downloads.len());
    for download in downloads {
        let (result, started, finished) = download.await.context("a download task panicked")?;
        results.push(result);
        ran.push((started, finished));
    }
    let computed = hog.await.context("the computing task panicked")?;
    let duration = start_time.elapsed();
    let starvation = Starvation::measure(start_time, &ran, &computed);
    sites.report_with(&results, duration, &starvation)
}

/// io_asyncio's download_site, noting when it started and finished (the client's view).
async fn download_site(
    url: String,
    session: reqwest::Client,
) -> (DownloadResult, Instant, Instant) {
    let started = Instant::now();
    let download = async {
        let response = session.get(&url).send().await?.error_for_status()?;
        let content = response.bytes().await?;
        say!("Read {} bytes from {url}", content.len());
        Ok(content.len())
    };
    let result = download.await;
    (result, started, Instant::now())
}

/// What one download gives back.
type DownloadResult = anyhow::Result<usize>;

/// What the computing did to the downloads: said in two lines, and added to `--json`.
#[derive(Debug, Serialize)]
struct Starvation {
    /// Where the computing ran: `in-task` or `spawn-blocking`.
    hog: &'static str,
    /// How long it took.
    hog_ms: u128,
    /// Whether it ran on the runtime's only thread.
    hog_on_runtime_thread: bool,
    /// How many downloads finished while it ran.
    finished_during_hog: usize,
    /// When the last download finished, from the start.
    last_download_ms: u128,
    /// When the computing started and ended, in ms from the start.
    hog_span_ms: [f64; 2],
    /// When each download started and finished, in ms from the start, as the client
    /// saw it: the timeline of the run.
    downloads_ms: Vec<[f64; 2]>,
}

impl Starvation {
    /// Compares when each download finished with when the computing ran, and says it.
    fn measure(start_time: Instant, ran: &[(Instant, Instant)], computed: &Computed) -> Starvation {
        // To the microsecond: finer would be noise.
        let ms = |at: Instant| (at.duration_since(start_time).as_secs_f64() * 1e6).round() / 1e3;
        let during = ran.iter().filter(|(_, at)| *at < computed.ended).count();
        let last_ms = ran
            .iter()
            .map(|(_, at)| at)
            .max()
            .map_or(0, |at| at.duration_since(start_time).as_millis());
        let hog_ms = computed.ended.duration_since(computed.started).as_millis();
        let place = if computed.on_runtime_thread {
            "the runtime's thread"
        } else {
            "a blocking thread"
        };
        say!(
            "fib({HOG_FIB}) took {hog_ms} ms on {place}; {during} of {} downloads finished meanwhile",
            ran.len()
        );
        say!("The last download finished {last_ms} ms after the start");
        Starvation {
            hog: if computed.on_runtime_thread {
                "in-task"
            } else {
                "spawn-blocking"
            },
            hog_ms,
            hog_on_runtime_thread: computed.on_runtime_thread,
            finished_during_hog: during,
            last_download_ms: last_ms,
            hog_span_ms: [ms(computed.started), ms(computed.ended)],
            downloads_ms: ran.iter().map(|(a, b)| [ms(*a), ms(*b)]).collect(),
        }
    }
}

/// When the computing ran, and where.
struct Computed {
    started: Instant,
    ended: Instant,
    on_runtime_thread: bool,
}

/// Computes without a single `.await`: in a task, nothing else on this thread runs
/// until it returns.
fn compute(runtime_thread: ThreadId) -> Computed {
    let started = Instant::now();
    let value = cpu_work::fib(std::hint::black_box(HOG_FIB));
    assert_eq!(value, 39_088_169, "fib(38) is computed, not skipped");
    Computed {
        started,
        ended: Instant::now(),
        on_runtime_thread: thread::current().id() == runtime_thread,
    }
}
