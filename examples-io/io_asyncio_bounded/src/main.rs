//! Downloads every site as async tasks on one thread, at most `--limit` at a time.
//!
//! The tutorial's `io_asyncio.py` has a limit it never mentions: aiohttp's
//! `ClientSession` opens at most 100 connections at once unless told otherwise, so the
//! rest of its tasks wait for one to come free. reqwest has no such limit, and
//! io_asyncio starts every download at once: with enough sites it runs out of file
//! descriptors (or memory) and downloads nothing. This is io_asyncio with the limit made
//! explicit, a `tokio::sync::Semaphore` of `--limit` permits: every site still gets its
//! task, but a task holds a permit from before it connects until its body is read.
//! Notice in the output: the site server never sees more than `--limit` downloads at
//! once, and a count far beyond the machine's open-file limit still downloads every site.
//!
//! ```text
//! cargo run --release -p io_asyncio_bounded
//! cargo run --release -p io_asyncio_bounded -- --count 100000 --limit 500 --quiet
//! ```

use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, Sites, say};
use tokio::sync::Semaphore;

/// aiohttp's default: `TCPConnector(limit=100)`, what every `ClientSession` gets.
const LIMIT: u32 = 100;

/// Download every site as async tasks, at most `--limit` at a time.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many downloads may be in flight at once.
    #[arg(long, default_value_t = LIMIT, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let limit = args.limit as usize;
    let sites = Sites::prepare(
        "io_asyncio_bounded",
        &args.sites,
        limit.min(args.sites.count),
    )?;
    let start_time = Instant::now();
    let results = download_all_sites(sites.urls(), limit).await?;
    let duration = start_time.elapsed();
    sites.report(&results, duration)
}

async fn download_all_sites(
    sites: &[String],
    limit: usize,
) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    let session = io_support::new_async_session()?;
    // The limit, shared by every task: aiohttp keeps it inside the session's connector.
    let permits = Arc::new(Semaphore::new(limit));
    let tasks: Vec<_> = sites
        .iter()
        .map(|url| {
            let (url, session, permits) = (url.clone(), session.clone(), permits.clone());
            tokio::spawn(async move {
                // Waits here, holding no socket, until one of the `limit` is free.
                let _permit = permits.acquire_owned().await?;
                download_site(url, session).await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    Ok(results)
}

async fn download_site(url: String, session: reqwest::Client) -> anyhow::Result<usize> {
    let response = session.get(&url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
