//! Downloads the sites on a pool of worker processes.
//!
//! The Rust twin of the tutorial's `io_processes.py`: `--processes` copies of this
//! program (by default one per CPU, like `ProcessPoolExecutor()`), each with its own
//! ureq `Agent`. It starts a site server of its own (set `SITES_URL` to use another, or
//! pass `--real` for the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_multiprocessing
//! cargo run --release -p io_multiprocessing -- --processes 8 --count 40
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

/// Each worker process's Agent, set once by `init_process`: the tutorial's global
/// `session`. A worker is a process of its own, so this global is not shared with
/// anyone: each process has a copy.
static SESSION: OnceLock<ureq::Agent> = OnceLock::new();

fn main() -> anyhow::Result<ExitCode> {
    // The pool starts its workers by running this program again. In a worker, this
    // runs init_process, then download_site for every site it is sent, and returns
    // the worker's exit status; in the parent it returns None at once.
    if let Some(exit) = process_pool::serve_if_worker_with(init_process, download_site) {
        return Ok(exit);
    }
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.processes)?;
    // The tutorial's [jython, dice] * 80: its two sites in turn, 160 unless --count.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites, args.processes);
    let duration = start_time.elapsed().as_secs_f64();
    // Says each site that failed, on stderr; with --json, prints the report.
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

fn download_all_sites(sites: &[String], processes: usize) -> Vec<Result<usize, TaskError>> {
    // ProcessPoolExecutor(initializer=init_process), with this run's --quiet and
    // --timeout-ms passed on to its workers.
    let executor = io_support::process_pool(processes).initializer(init_process);
    // Each URL travels to a worker over its stdin, as JSON, and the byte count comes
    // back over its stdout. A worker that dies fails only the site it was downloading.
    executor.map(download_site, sites)
}

/// Runs in a worker process, once per site.
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
