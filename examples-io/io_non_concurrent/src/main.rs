//! Downloads the sites one after another: no concurrency at all, the baseline.
//!
//! The Rust twin of the tutorial's `io_non_concurrent.py`. One ureq `Agent` (the
//! tutorial's `requests.Session`) fetches every site in turn, and the program sits idle
//! while each answer travels back. Notice in the output: the `Read` lines come in list
//! order, jython then dice, and the total is about the site server's latency (50 ms)
//! times the number of sites: 160 sites take about 8 seconds. Every other I/O example
//! is measured against this one.
//!
//! ```text
//! cargo run --release -p io_non_concurrent
//! cargo run --release -p io_non_concurrent -- --count 20 --json
//! ```

use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, Sites, say};

/// Download the sites one after another.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // One download at a time.
    let sites = Sites::prepare("io_non_concurrent", &args.sites, 1)?;
    let start_time = Instant::now();
    let results = download_all_sites(sites.urls());
    let duration = start_time.elapsed();
    sites.report(&results, duration)
}

fn download_all_sites(sites: &[String]) -> Vec<anyhow::Result<usize>> {
    // One Agent for every site: it keeps the connection open, so only the first
    // download pays for connecting.
    let session = io_support::new_session();
    sites
        .iter()
        .map(|url| download_site(url, &session))
        .collect()
}

fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    // `call` blocks this thread until the response head arrives, and reading the body
    // blocks until the last byte: nothing else happens in the meantime.
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
