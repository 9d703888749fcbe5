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

/// fib(38): more than a tenth of a second of computing in a release build (claim 4 of
/// the book's claims page has the measured figure), over twice the site server's
/// latency, so the starvation is plain to see.
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
    let hog = (computed.started, computed.ended);
    let what = format!("fib({HOG_FIB})");
    let starvation =
        io_support::starvation::measure(start_time, &ran, &what, hog, computed.on_runtime_thread);
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
