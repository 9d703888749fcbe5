//! io_asyncio with reqwest's connection pool turned off: a variant the lab measures, not
//! a lesson.
//!
//! A profile of io_asyncio at 10,000 sites (docs/transcripts/profile-io_asyncio.txt)
//! finds its one thread in hyper-util's pool: every request that finds no idle
//! connection leaves a waiter in one queue per host, and each finished checkout scans
//! that whole queue (`clean_waiters`, a `VecDeque::retain`); we guess the work grows with
//! the square of the downloads in flight, which the profile does not measure. This program is io_asyncio unchanged but for one line, the
//! client's `pool_max_idle_per_host(0)`, which disables the pool and with it the queue:
//! every request opens its own connection, as io_asyncio's already do when all are in
//! flight at once. Run it with
//!
//! ```text
//! cargo run --release -p lab --bin io_asyncio_no_pool -- --count 10000 --quiet
//! ```

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use io_support::{SiteArgs, say};

mod variant;

/// Download every site at once, as async tasks, without a connection pool.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    // One thread runs every task, as in io_asyncio.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    variant::run(&args.sites, args.sites.count, |sites| runtime.block_on(download_all_sites(sites)))
}

/// io_asyncio's, but for the client.
async fn download_all_sites(sites: &[String]) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    // The one change: no idle connections kept, so no pool and no queue of waiters.
    let session = reqwest::Client::builder()
        .timeout(io_support::timeout())
        .pool_max_idle_per_host(0)
        .build()
        .context("could not build the HTTP client")?;
    let tasks: Vec<_> =
        sites.iter().map(|url| tokio::spawn(download_site(url.clone(), session.clone()))).collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    Ok(results)
}

/// io_asyncio's, unchanged.
async fn download_site(url: String, session: reqwest::Client) -> anyhow::Result<usize> {
    let response = session.get(&url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
