//! Downloads every site at once, as async tasks on one thread.
//!
//! The Rust twin of the tutorial's `io_asyncio.py`: tokio plays asyncio's event loop and
//! reqwest plays aiohttp. It starts a site server of its own (set `SITES_URL` to use
//! another, or pass `--real` for the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_asyncio
//! cargo run --release -p io_asyncio -- --count 1000 --quiet
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

/// Download every site at once, as async tasks.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    // One task, and so one download in flight, per site.
    let site_server = SiteServer::start(&args.sites, args.sites.count)?;
    // The tutorial's [jython, dice] * 80: its two sites in turn, 160 unless --count.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites).await?;
    let duration = start_time.elapsed().as_secs_f64();
    // Says each site that failed, on stderr; with --json, prints the report.
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

async fn download_all_sites(sites: &[String]) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    // One Client for every task (aiohttp's ClientSession): it holds the connection
    // pool, and cloning it clones only a handle to that pool.
    let session = io_support::new_async_session()?;
    // A spawned task may outlive this function, so it must own what it uses
    // (`'static`): each gets its own copy of the URL and of the Client's handle.
    // Spawning starts every download now; the loop below only collects them, in order,
    // like asyncio.gather. A task's error, or its panic, comes back through its handle.
    let tasks: Vec<_> =
        sites.iter().map(|url| tokio::spawn(download_site(url.clone(), session.clone()))).collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        // Awaiting a handle steps aside until that task has finished.
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
