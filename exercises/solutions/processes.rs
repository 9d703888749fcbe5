//! Exercise 3, processes, solved: one Agent per worker process, made by the initializer.
//!
//! `init_process` runs once in each worker before its first site and puts the Agent in
//! a global of that process; every `download_site` in the process then reuses it and its
//! connection. A global is not shared between processes: each worker has its own copy.
//!
//! ```text
//! cargo run -p exercises -- check processes --solution
//! ```

use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::Context;
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

/// This worker process's Agent: the tutorial's global `session`.
static SESSION: OnceLock<ureq::Agent> = OnceLock::new();

fn main() -> anyhow::Result<ExitCode> {
    // In a worker process: run init_process once, then serve `download_site`.
    if let Some(exit) = process_pool::serve_if_worker_with(init_process, download_site) {
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
    // ProcessPoolExecutor(initializer=init_process).
    io_support::process_pool(processes).initializer(init_process).map(download_site, sites)
}

/// Runs in a worker process, once per site, with that process's one Agent.
fn download_site(url: String) -> anyhow::Result<usize> {
    let session = SESSION.get().context("init_process has not run in this worker")?;
    let mut response = session.get(&url).call()?;
    let content = response.body_mut().read_to_vec()?;
    let name = process_pool::current_process_name();
    say!("{name}:Read {} bytes from {url}", content.len());
    Ok(content.len())
}

/// Runs in a worker process, once, before its first site.
fn init_process() {
    SESSION.get_or_init(io_support::new_session);
}
