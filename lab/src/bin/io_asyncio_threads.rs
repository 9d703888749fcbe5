//! io_asyncio on a multi-thread runtime: a variant the lab measures, not a lesson.
//!
//! Claim 2 asks what one thread costs io_asyncio at 10,000 sites. This program is
//! io_asyncio's `download_all_sites` unchanged, run on a tokio runtime of `--threads N`
//! worker threads instead of asyncio's one, so that the only difference between the two
//! is the number of threads that run the tasks. lab/plans/claim-tasks.toml runs it beside
//! io_asyncio; run it alone with
//!
//! ```text
//! cargo run --release -p lab --bin io_asyncio_threads -- --threads 2 --count 1000
//! ```

use std::process::ExitCode;

use clap::Parser;
use io_support::{SiteArgs, say};

mod variant;

/// Download every site at once, as async tasks on several threads.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// The runtime's worker threads.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    threads: u16,
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    // `enable_all` turns on the timers and the sockets the client waits on.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(usize::from(args.threads))
        .enable_all()
        .build()?;
    let download = |sites: &[String]| runtime.block_on(download_all_sites(sites));
    variant::run(&args.sites, args.sites.count, download)
}

/// io_asyncio's, unchanged.
async fn download_all_sites(sites: &[String]) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    let session = io_support::new_async_session()?;
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
