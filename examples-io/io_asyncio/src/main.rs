//! Downloads every site at once, as async tasks on one thread.
//!
//! The Rust twin of the tutorial's `io_asyncio.py`. tokio plays asyncio's event loop and
//! reqwest plays aiohttp: one task per site, all sharing one `Client` (the tutorial's
//! `ClientSession`). The runtime is single-threaded, like asyncio's: a task runs until it
//! reaches an `.await` that is not ready, then the thread moves on to another task, so
//! one thread keeps every download in flight. Notice in the output: the `Read` lines come
//! in bursts as the answers arrive, and 160 sites take little more than one latency
//! (50 ms) plus the time to connect. The waits overlap however many sites there are; the
//! work does not: at 10,000 sites the one thread is busy for almost the whole run
//! (the book's claims page, claim 2, has the figures).
//!
//! ```text
//! cargo run --release -p io_asyncio
//! cargo run --release -p io_asyncio -- --count 1000 --quiet
//! ```

use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, Sites, say};

/// Download every site at once, as async tasks.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // One task, and so one download in flight, per site.
    let sites = Sites::prepare("io_asyncio", &args.sites, args.sites.count)?;
    let start_time = Instant::now();
    let results = download_all_sites(sites.urls()).await?;
    let duration = start_time.elapsed();
    sites.report(&results, duration)
}

async fn download_all_sites(sites: &[String]) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    // One Client for every task: it holds the connection pool, and cloning it only
    // clones a handle to that pool.
    let session = io_support::new_async_session()?;
    // Spawning starts every download now; the loop below only collects them, like
    // asyncio.gather. A task's error, or its panic, comes back through its handle.
    let tasks: Vec<_> = sites
        .iter()
        .map(|url| tokio::spawn(download_site(url.clone(), session.clone())))
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    Ok(results)
}

async fn download_site(url: String, session: reqwest::Client) -> anyhow::Result<usize> {
    // Each `.await` is where this task steps aside while it waits for the network.
    let response = session.get(&url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
