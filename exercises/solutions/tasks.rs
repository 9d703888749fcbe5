//! Exercise 2, tasks, solved: a task per site on a runtime with one thread.
//!
//! `flavor = "current_thread"` makes tokio run every task on the thread that calls
//! `main`, as asyncio's event loop does; reqwest's `Client` lets each task step aside at
//! `.await` while it waits, so all the downloads are in flight together.
//!
//! ```text
//! cargo run -p exercises -- check tasks --solution
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

// One thread runs every task.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.sites.count)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites).await?;
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// One result per site, in the order of `sites`.
async fn download_all_sites(sites: &[String]) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    let session = io_support::new_async_session()?;
    // Every task starts now; each owns its URL and a handle to the one Client.
    let tasks: Vec<_> =
        sites.iter().map(|url| tokio::spawn(download_site(url.clone(), session.clone()))).collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        // A task that panicked gives its panic back here, as that site's error.
        results.push(task.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    Ok(results)
}

async fn download_site(url: String, session: reqwest::Client) -> anyhow::Result<usize> {
    // This task steps aside at each `.await`; the thread runs the others meanwhile.
    let response = session.get(&url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
