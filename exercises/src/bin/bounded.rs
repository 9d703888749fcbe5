//! Exercise 6, bounded: at most `--limit` downloads at once.
//!
//! This is io_asyncio: a task per site, every download at once. With more sites than the
//! system lets a process open files, the downloads past that limit fail ("too many open
//! files"). Keep at most `limit` downloads in flight, as io_asyncio_bounded does (the
//! book's page "A limit on downloads: io_asyncio_bounded").
//!
//! The check runs it on 600 sites with `--limit 50`, in a process allowed 256 open
//! files (on Linux and macOS). It passes when the site server saw every site, and 50
//! downloads in flight at its peak, never more:
//!
//! ```text
//! cargo run -p exercises -- check bounded
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

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
    // The exercise: at most `limit` downloads at once. For now, all of them.
    let _ = limit;
    let session = io_support::new_async_session()?;
    let tasks: Vec<_> =
        sites.iter().map(|url| tokio::spawn(download_site(url.clone(), session.clone()))).collect();
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
