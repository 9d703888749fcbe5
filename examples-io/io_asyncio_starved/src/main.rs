//! One async task that computes without awaiting starves all the others.
//!
//! The downloads are io_asyncio's, and one more task computes `fib(38)`: with
//! `--hog in-task` (the default) on the runtime's only thread, with `--hog
//! spawn-blocking` on tokio's blocking thread pool. It starts a site server of its own
//! (set `SITES_URL` to use another, or pass `--real` for the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_asyncio_starved
//! cargo run --release -p io_asyncio_starved -- --hog spawn-blocking
//! ```

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use io_support::{SiteArgs, SiteServer, say, summary};
use reports::{timed_as, timed_async};

/// fib(38): about a tenth of a second of computing in a release build (claim 4 of
/// the book's claims has the measured figure), over twice the site server's latency, so
/// the starvation is plain to see.
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
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.sites.count)?;
    // The tutorial's [jython, dice] * 80: its two sites in turn, 160 unless --count.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let session = io_support::new_async_session()?;
    // The downloads are spawned first, so the runtime runs each up to its first wait
    // before it runs the computing. Each is timed (for --json's timeline: when it
    // started and ended, as this program saw).
    let download =
        |url: &String| timed_async("download", download_site(url.clone(), session.clone()));
    let downloads: Vec<_> = sites.iter().map(|url| tokio::spawn(download(url))).collect();
    let hog = match args.hog {
        // The mistake: a task that never awaits keeps the only thread until it returns.
        Hog::InTask => tokio::spawn(async { compute() }),
        // The fix: tokio's blocking pool runs it on another thread.
        Hog::SpawnBlocking => tokio::task::spawn_blocking(compute),
    };
    let mut results = Vec::with_capacity(downloads.len());
    for download in downloads {
        results.push(download.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    hog.await.context("the computing task panicked")?;
    let duration = start_time.elapsed().as_secs_f64();
    // Says each site that failed, on stderr; with --json, prints the report.
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// io_asyncio's download_site.
async fn download_site(url: String, session: reqwest::Client) -> anyhow::Result<usize> {
    let response = session.get(&url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}

/// Computes without a single `.await`: in a task, nothing else on its thread runs until
/// it returns.
fn compute() -> u64 {
    say!("fib({HOG_FIB}) starts");
    let value = timed_as("fib(38)", || fib(std::hint::black_box(HOG_FIB)));
    say!("fib({HOG_FIB}) ends");
    value
}

/// The tutorial's `fib`: the naive recursion, so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
