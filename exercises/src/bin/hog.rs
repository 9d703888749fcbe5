//! Exercise 5, a hog: one task computes without awaiting and holds every download up.
//!
//! Every site gets a task on a one-thread runtime, and one more task computes
//! `fib(42)`. The downloads are spawned first, yet none of them gets anywhere until the
//! computing is over. Make the downloads go on while `fib` computes (the book's page
//! "Warning: a task that never awaits").
//!
//! The check runs it on 20 slow sites (500 ms each). It passes when the site server saw
//! every site, the answer is right, and the program was computing while the downloads
//! were in flight: its CPU time, read from outside it (on Linux), grew by at least a
//! quarter of the time the server saw downloads in flight:
//!
//! ```text
//! cargo run -p exercises -- check hog
//! ```

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

/// fib(42): most of a second of computing in a release build, longer than a download
/// from the slow sites the check uses.
const HOG_FIB: u64 = 42;

/// Download every site at once while one more task computes.
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
    let hog = tokio::spawn(async { fib(std::hint::black_box(HOG_FIB)) });
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
