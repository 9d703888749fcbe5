//! Downloads the sites on a pool of threads: while one thread waits for a site,
//! the others are waiting for theirs.
//!
//! The Rust twin of the tutorial's `io_threads.py`. `--workers` threads (5, like
//! `ThreadPoolExecutor(max_workers=5)`; `thread_pool::map`, in support/, is its `map`)
//! each take the next site from a shared counter when they are free. Each thread builds
//! its own ureq `Agent` the first time it downloads, as the tutorial keeps one
//! `requests.Session` per thread in `threading.local()`. Notice in the output: the
//! `Read` lines come out of order, as the downloads finish, and 160 sites take about
//! 160 / 5 = 32 rounds of 50 ms. Rust threads have no GIL, but that does not matter
//! here: the threads spend their time waiting, not computing, just as Python's do.
//!
//! ```text
//! cargo run --release -p io_threading
//! cargo run --release -p io_threading -- --workers 20 --quiet
//! ```

use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, Sites, say};

/// `ThreadPoolExecutor(max_workers=5)` in the tutorial.
const WORKERS: u16 = 5;

/// Download the sites on a pool of threads.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many threads download at once.
    #[arg(long, default_value_t = WORKERS)]
    #[arg(allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..))]
    workers: u16,
}

thread_local! {
    /// This thread's own Agent, made the first time the thread downloads: the tutorial's
    /// `threading.local()`. An Agent could be shared (it is `Sync`), but one per thread
    /// mirrors the tutorial and keeps each thread on its own connection.
    static SESSION: ureq::Agent = io_support::new_session();
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let workers = usize::from(args.workers);
    let sites = Sites::prepare("io_threading", &args.sites, workers)?;
    let start_time = Instant::now();
    let results = download_all_sites(sites.urls(), workers)?;
    let duration = start_time.elapsed();
    sites.report(&results, duration)
}

fn download_all_sites(
    sites: &[String],
    workers: usize,
) -> anyhow::Result<Vec<anyhow::Result<usize>>> {
    // ThreadPoolExecutor(max_workers=workers).map(download_site, sites): each thread
    // takes the next site when it is free, and the results come back in sites' order.
    Ok(thread_pool::map(workers, sites, |url| download_site(url))?)
}

fn download_site(url: &str) -> anyhow::Result<usize> {
    SESSION.with(|session| {
        // This blocks only this thread; the other workers keep downloading.
        let mut response = session.get(url).call()?;
        let content = response.body_mut().read_to_vec()?;
        say!("Read {} bytes from {url}", content.len());
        Ok(content.len())
    })
}
