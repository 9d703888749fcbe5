//! Exercise 10, the capstone, solved: `limit` worker tasks and no list of anything.
//!
//! Instead of a task per site, `limit` tasks, each a worker that takes the next URL
//! from one shared iterator and downloads it, until none is left. The iterator makes
//! each URL when a worker asks for it, and each worker counts its results as they come.
//! So what exists at any moment is `limit` tasks and their downloads, at a million
//! sites as at a thousand. (io_asyncio_joinset gets there another way: a `JoinSet` it
//! refills as tasks end.)
//!
//! ```text
//! cargo run -p exercises -- check capstone --solution
//! ```

use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use io_support::{SiteArgs, SiteServer, Tally, say, summary};
use tokio::task::JoinSet;

/// aiohttp's default: `TCPConnector(limit=100)`.
const LIMIT: usize = 100;

/// Download every site with `--limit` worker tasks.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many worker tasks, and so downloads, at once.
    #[arg(long, default_value_t = LIMIT, value_parser = io_support::limit)]
    limit: usize,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.limit)?;
    // The sites as an iterator, never a list: each URL is made when a worker asks.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites = two_sites.into_iter().cycle().take(args.sites.count);
    let start_time = Instant::now();
    let tally = download_all_sites(sites, args.limit).await?;
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report_tally(&tally, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if tally.failed == 0 { 0 } else { 1 }))
}

async fn download_all_sites(
    sites: impl Iterator<Item = String> + Send + 'static,
    limit: usize,
) -> anyhow::Result<Tally> {
    let session = io_support::new_async_session()?;
    // Every worker takes from the same iterator: `Arc` shares it, `Mutex` lets one
    // worker at a time call `next`. The lock is held for that call only, never across
    // an `.await`.
    let sites = Arc::new(Mutex::new(sites));
    let mut workers = JoinSet::new();
    for _ in 0..limit {
        let (sites, session) = (Arc::clone(&sites), session.clone());
        workers.spawn(async move {
            let mut tally = Tally::default();
            loop {
                let next = sites.lock().expect("no worker panics holding the lock").next();
                let Some(url) = next else { return tally };
                tally.add(&url, &download_site(&url, &session).await);
            }
        });
    }
    // Each worker hands back its counts when the sites run out.
    let mut total = Tally::default();
    while let Some(ended) = workers.join_next().await {
        let tally = ended.context("a worker task panicked")?;
        total.ok += tally.ok;
        total.failed += tally.failed;
        total.bytes += tally.bytes;
    }
    Ok(total)
}

async fn download_site(url: &str, session: &reqwest::Client) -> anyhow::Result<usize> {
    let response = session.get(url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
