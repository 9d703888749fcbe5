//! Downloads the sites on a pool of worker processes.
//!
//! The Rust twin of the tutorial's `io_processes.py`. The pool starts `--processes`
//! copies of this program (by default one per CPU, like `ProcessPoolExecutor()`); each
//! runs `init_process` once to build its own ureq `Agent`, then downloads the sites it
//! is handed, one at a time. Notice in the output: each line names the worker process
//! that printed it, and with 2 CPUs 160 sites take about 160 / 2 x 50 ms = 4 seconds,
//! slower than 5 threads. For waiting on the network, a process is an expensive thread:
//! it costs a program start, and more of them only help as far as more threads would.
//!
//! ```text
//! cargo run --release -p io_multiprocessing
//! cargo run --release -p io_multiprocessing -- --processes 8 --count 40
//! ```

use std::sync::OnceLock;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use io_support::{SiteArgs, Sites, say};

/// Download the sites on a pool of worker processes.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many worker processes download at once.
    #[arg(long, default_value_t = process_pool::default_processes())]
    #[arg(allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..))]
    processes: u16,
}

/// Each worker process's Agent, set once by `init_process`: the tutorial's global
/// `session`. A worker is a process of its own, so this global is not shared with
/// anyone: each process has a copy.
static SESSION: OnceLock<ureq::Agent> = OnceLock::new();

fn main() -> anyhow::Result<()> {
    // Rust's `if __name__ == "__main__":`, the other way round: the pool starts its
    // workers by running this program again, and in a worker this call runs
    // init_process, then download_site for every site it is sent, and exits. In the
    // parent it returns at once.
    process_pool::serve_if_worker(init_process, download_site);
    let args = Args::parse();
    let processes = usize::from(args.processes);
    let sites = Sites::prepare("io_multiprocessing", &args.sites, processes)?;
    let start_time = Instant::now();
    let results = download_all_sites(sites.urls(), processes);
    let duration = start_time.elapsed();
    sites.report(&results, duration)
}

fn download_all_sites(sites: &[String], processes: usize) -> Vec<anyhow::Result<usize>> {
    // Each URL travels to a worker over its stdin and the byte count comes back over
    // its stdout. A worker that dies fails only the site it was downloading.
    let pool = io_support::pool(processes);
    let results = pool.map::<String, usize>(sites);
    results.into_iter().map(|result| Ok(result?)).collect()
}

/// Runs in a worker process, once per site.
fn download_site(url: String) -> anyhow::Result<usize> {
    let session = SESSION
        .get()
        .context("init_process has not run in this worker")?;
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
