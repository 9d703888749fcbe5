//! Exercise 10, the capstone: a million sites in 128 MiB.
//!
//! This is io_asyncio_bounded: a task per site, and a `Semaphore` that lets `--limit` of
//! them download at once. It keeps the downloads in flight within the limit, but not
//! what it holds: a list of every URL, a task for every site and a list of every result.
//! Make it download a million sites with at most `--limit` in flight, in a peak of
//! 128 MiB of memory (the book's page "A limit on tasks: io_asyncio_joinset").
//!
//! The check runs it on 1,000,000 sites with `--limit 1000` (about a minute when
//! solved). It passes when the site server saw every site, at most 1,000 in flight, and
//! the program's peak resident memory stayed within 128 MiB; on Linux it stops the run
//! as soon as the memory passes that:
//!
//! ```text
//! cargo run -p exercises -- check capstone
//! ```

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};
use tokio::sync::Semaphore;

/// aiohttp's default: `TCPConnector(limit=100)`.
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

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.limit)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites, args.limit).await?;
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// One result per site, in the order of `sites`.
async fn download_all_sites(
    sites: &[String],
    limit: usize,
) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    let session = io_support::new_async_session()?;
    let permits = Arc::new(Semaphore::new(limit));
    let tasks: Vec<_> = sites
        .iter()
        .map(|url| {
            let (url, session, permits) = (url.clone(), session.clone(), Arc::clone(&permits));
            tokio::spawn(async move {
                let _permit = permits.acquire().await?;
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
