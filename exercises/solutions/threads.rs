//! Exercise 1, threads, solved: `workers` threads, each with its own Agent.
//!
//! Each thread makes its Agent when it starts and keeps it for every site it takes, so
//! the site server sees one connection per thread. The threads take the sites from a
//! shared counter, and each hands back what it downloaded when it ends.
//!
//! ```text
//! cargo run -p exercises -- check threads --solution
//! ```

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Instant;

use anyhow::{Context, anyhow};
use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

/// `ThreadPoolExecutor(max_workers=5)` in the tutorial.
const WORKERS: usize = 5;

/// Download the sites on a pool of threads.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many threads download at once.
    #[arg(long, default_value_t = WORKERS, value_parser = io_support::threads)]
    workers: usize,
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.workers)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites, args.workers)?;
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// One result per site, in the order of `sites`.
fn download_all_sites(
    sites: &[String],
    workers: usize,
) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    let next_site = AtomicUsize::new(0);
    // What one thread does: make its Agent, then download until no site is left, and
    // hand back each site's index with its result.
    let worker = || {
        let session = io_support::new_session();
        let mut downloaded = Vec::new();
        loop {
            let index = next_site.fetch_add(1, Ordering::Relaxed);
            let Some(url) = sites.get(index) else { return downloaded };
            downloaded.push((index, download_site(url, &session)));
        }
    };
    let mut results: Vec<Option<anyhow::Result<usize>>> = sites.iter().map(|_| None).collect();
    thread::scope(|scope| {
        let mut threads = Vec::new();
        for _ in 0..workers.min(sites.len()) {
            threads.push(thread::Builder::new().spawn_scoped(scope, worker)?);
        }
        for thread in threads {
            // A thread that panicked lost its sites' results: they count as failed below.
            for (index, result) in thread.join().unwrap_or_default() {
                results[index] = Some(result);
            }
        }
        Ok::<_, std::io::Error>(())
    })
    .context("the system refused a thread")?;
    let lost = || Err(anyhow!("its thread panicked"));
    Ok(results.into_iter().map(|result| result.unwrap_or_else(lost)).collect())
}

fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    // Blocks this thread only; the other threads keep downloading.
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
