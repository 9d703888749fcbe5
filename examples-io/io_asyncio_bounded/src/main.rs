//! Downloads every site as async tasks on one thread, at most `--limit` at a time: a
//! task per site, and a `Semaphore` of `--limit` permits.
//!
//! io_asyncio with the limit that the tutorial's `io_asyncio.py` has without saying so:
//! aiohttp's `ClientSession` keeps its connections under a limit, `LIMIT` below. It
//! starts a site server of its own (set `SITES_URL` to use another, or pass `--real` for
//! the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_asyncio_bounded
//! cargo run --release -p io_asyncio_bounded -- --count 100000 --limit 500 --quiet
//! ```

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};
use tokio::sync::Semaphore;

/// aiohttp's default: `TCPConnector(limit=100)`, what every `ClientSession` gets.
const LIMIT: usize = 100;

/// Download every site as async tasks, at most `--limit` at a time.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many downloads may be in flight at once.
    #[arg(long, default_value_t = LIMIT, value_parser = io_support::limit)]
    limit: usize,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.limit)?;
    // The tutorial's [jython, dice] * 80: its two sites in turn, 160 unless --count.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites, args.limit).await?;
    let duration = start_time.elapsed().as_secs_f64();
    // Says each site that failed, on stderr; with --json, prints the report.
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

async fn download_all_sites(
    sites: &[String],
    limit: usize,
) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    let session = io_support::new_async_session()?;
    // The limit, shared by every task: aiohttp keeps it inside the session's connector.
    // `Arc` counts the tasks that hold it, and frees it when the last one ends.
    let permits = Arc::new(Semaphore::new(limit));
    // Every site still gets its task now, waiting or not: this bounds what runs, not
    // what exists (io_asyncio_joinset bounds both).
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
