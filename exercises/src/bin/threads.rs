//! Exercise 1, threads: download the sites on `--workers` threads.
//!
//! As it stands, this program downloads one site after another, like
//! io_non_concurrent. Make `download_all_sites` run `workers` threads at once, each
//! with an Agent of its own that it keeps for every site it downloads, as io_threading
//! does (the book's page "Threads: io_threading").
//!
//! The check runs it with `--workers 4` on 20 sites. It passes when the site server saw
//! every site, 4 downloads in flight at its peak, and 4 connections, one per thread:
//!
//! ```text
//! cargo run -p exercises -- check threads
//! ```

use std::process::ExitCode;
use std::time::Instant;

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
    let results = download_all_sites(&sites, args.workers);
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// One result per site, in the order of `sites`.
fn download_all_sites(sites: &[String], workers: usize) -> Vec<anyhow::Result<usize>> {
    // The exercise: use `workers` threads. For now there is one, this one.
    let _ = workers;
    let session = io_support::new_session();
    sites.iter().map(|url| download_site(url, &session)).collect()
}

fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
