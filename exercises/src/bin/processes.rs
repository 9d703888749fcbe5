//! Exercise 3, processes: give each worker process one session, made once.
//!
//! This program downloads the sites on a pool of worker processes, as io_multiprocessing
//! does, but each `download_site` call makes a new Agent, and so a new connection, for
//! its one site. Give each worker process a single Agent, made once when the process
//! starts, with the pool's initializer: the tutorial's
//! `initializer=set_global_session` (the book's page "Processes: io_multiprocessing").
//!
//! The check runs it with `--processes 2` on 20 sites. It passes when the site server
//! saw every site over 2 connections, one per process, not one per site:
//!
//! ```text
//! cargo run -p exercises -- check processes
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};
use process_pool::TaskError;

/// Download the sites on a pool of worker processes.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many worker processes download at once.
    #[arg(long, default_value_t = process_pool::default_processes(), value_parser = io_support::processes)]
    processes: usize,
}

fn main() -> anyhow::Result<ExitCode> {
    // In a worker process, this serves `download_site` and returns; in the parent, None.
    if let Some(exit) = process_pool::serve_if_worker(download_site) {
        return Ok(exit);
    }
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.processes)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites, args.processes);
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// One result per site, in the order of `sites`.
fn download_all_sites(sites: &[String], processes: usize) -> Vec<Result<usize, TaskError>> {
    io_support::process_pool(processes).map(download_site, sites)
}

/// Runs in a worker process, once per site.
fn download_site(url: String) -> anyhow::Result<usize> {
    // A new Agent for every site: a new connection for every site.
    let session = io_support::new_session();
    let mut response = session.get(&url).call()?;
    let content = response.body_mut().read_to_vec()?;
    let name = process_pool::current_process_name();
    say!("{name}:Read {} bytes from {url}", content.len());
    Ok(content.len())
}
