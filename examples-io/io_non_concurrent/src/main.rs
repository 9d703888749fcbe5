//! Downloads the sites one after another: no concurrency at all, the baseline.
//!
//! The Rust twin of the tutorial's `io_non_concurrent.py`. It starts a site server of
//! its own (set `SITES_URL` to use another, or pass `--real` for the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_non_concurrent
//! cargo run --release -p io_non_concurrent -- --count 20 --json
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

/// Download the sites one after another.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    // One download at a time.
    let site_server = SiteServer::start(&args.sites, 1)?;
    // The tutorial's [jython, dice] * 80: its two sites in turn, 160 unless --count.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites);
    let duration = start_time.elapsed().as_secs_f64();
    // Says each site that failed, on stderr; with --json, prints the report.
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

fn download_all_sites(sites: &[String]) -> Vec<anyhow::Result<usize>> {
    // One Agent for every site: it keeps the connection open, so only the first
    // download pays for connecting.
    let session = io_support::new_session();
    sites.iter().map(|url| download_site(url, &session)).collect()
}

fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    // `call` blocks this thread until the response head arrives, and reading the body
    // blocks until the last byte: nothing else happens in the meantime.
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
