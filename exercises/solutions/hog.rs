//! Exercise 5, a hog, solved: the computing runs on tokio's blocking thread pool.
//!
//! A task that never reaches an `.await` keeps the runtime's only thread until it
//! returns. `spawn_blocking` gives `fib` a thread of its own, and the runtime's thread is
//! left to the downloads.
//!
//! ```text
//! cargo run -p exercises -- check hog --solution
//! ```

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

/// fib(42): most of a second of computing in a release build, longer than a download
/// from the slow sites the check uses.
const HOG_FIB: u64 = 42;

/// Download every site at once while `fib` computes on another thread.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.sites.count)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let session = io_support::new_async_session()?;
    let downloads: Vec<_> =
        sites.iter().map(|url| tokio::spawn(download_site(url.clone(), session.clone()))).collect();
    // The fix: the computing goes to a thread of tokio's blocking pool, and this one is
    // free to run the downloads' tasks.
    let hog = tokio::task::spawn_blocking(|| fib(std::hint::black_box(HOG_FIB)));
    let mut results = Vec::with_capacity(downloads.len());
    for download in downloads {
        results.push(download.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    let value = hog.await.context("the computing task panicked")?;
    println!("fib({HOG_FIB}) = {value}");
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

async fn download_site(url: String, session: reqwest::Client) -> anyhow::Result<usize> {
    let response = session.get(&url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}

/// The tutorial's `fib`: the naive recursion, so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
