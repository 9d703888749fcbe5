//! Downloads the sites on a pool of threads: while one thread waits for a site,
//! the others are waiting for theirs.
//!
//! The Rust twin of the tutorial's `io_threads.py`, with its pool of 5 threads written
//! out. It starts a site server of its own (set `SITES_URL` to use another, or pass
//! `--real` for the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_threading
//! cargo run --release -p io_threading -- --workers 20 --quiet
//! ```

use std::process::ExitCode;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Instant;

use anyhow::anyhow;
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

thread_local! {
    /// This thread's own Agent, made the first time the thread downloads: the tutorial's
    /// `threading.local()`. An Agent could be shared (it is `Sync`), but one per thread
    /// mirrors the tutorial and keeps each thread on its own connection.
    static SESSION: ureq::Agent = io_support::new_session();
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.workers)?;
    // The tutorial's [jython, dice] * 80: its two sites in turn, 160 unless --count.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites, args.workers);
    let duration = start_time.elapsed().as_secs_f64();
    // Says each site that failed, on stderr; with --json, prints the report.
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// `ThreadPoolExecutor(max_workers=workers).map(download_site, sites)`, written out:
/// `workers` threads, each taking the next site from a shared counter when it is free.
fn download_all_sites(sites: &[String], workers: usize) -> Vec<anyhow::Result<usize>> {
    let next_site = AtomicUsize::new(0);
    // One slot per site for its result, filled by whichever thread downloads it.
    let results: Vec<OnceLock<anyhow::Result<usize>>> =
        sites.iter().map(|_| OnceLock::new()).collect();
    let download_until_none_left = || loop {
        // fetch_add hands out each index once: no two threads take the same site.
        let index = next_site.fetch_add(1, Ordering::Relaxed);
        let Some(url) = sites.get(index) else { return };
        let _ = results[index].set(download_site(url));
    };
    // The threads borrow `sites` and `results` from this function: a scope may lend
    // them, because it waits for every thread it started before it returns.
    thread::scope(|scope| {
        for _ in 0..workers.min(sites.len()) {
            if let Err(error) = thread::Builder::new().spawn_scoped(scope, download_until_none_left)
            {
                eprintln!("warning: the system refused a thread ({error}); fewer download");
                break;
            }
        }
    });
    // Whatever no thread took (none, unless not one could start) is downloaded here.
    download_until_none_left();
    let lost = || Err(anyhow!("no thread downloaded it"));
    results.into_iter().map(|result| result.into_inner().unwrap_or_else(lost)).collect()
}

fn download_site(url: &str) -> anyhow::Result<usize> {
    // get_session_for_thread(): this thread's Agent, made on its first download.
    SESSION.with(|session| {
        // This blocks only this thread; the other workers keep downloading.
        let mut response = session.get(url).call()?;
        let content = response.body_mut().read_to_vec()?;
        say!("Read {} bytes from {url}", content.len());
        Ok(content.len())
    })
}
