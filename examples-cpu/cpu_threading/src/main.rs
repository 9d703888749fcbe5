//! Computes the results on a pool of threads, and here, unlike in Python, that is
//! faster: Rust threads run on all the cores at once.
//!
//! The Rust twin of the tutorial's `cpu_threads.py`: `fib(35)` twenty times on a pool of
//! 5 threads, like `ThreadPoolExecutor(max_workers=5)` (`thread_pool::map`, in support/,
//! is its `map`). In CPython the GIL lets one thread run Python code at a time, so the
//! tutorial's threads are no faster than one thread (a little slower). Rust has no such lock: each thread computes on its own
//! core. Notice in the output (`--json`): `workers_used` is 5, and on a machine with N
//! cores the run is about N times faster than cpu_non_concurrent, never more: 5 threads
//! on 2 cores still compute only 2 results at a time.
//!
//! ```text
//! cargo run --release -p cpu_threading
//! cargo run --release -p cpu_threading -- --workers 2 --json
//! ```

use std::time::Instant;

use clap::Parser;
use cpu_work::{CpuArgs, Done, Task, Tasks, cpu_bound};

/// `ThreadPoolExecutor(max_workers=5)` in the tutorial.
const WORKERS: u16 = 5;

/// Compute the results on a pool of threads.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    work: CpuArgs,
    /// How many threads compute at once.
    #[arg(long, default_value_t = WORKERS)]
    #[arg(allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..))]
    workers: u16,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let workers = usize::from(args.workers);
    let tasks = Tasks::prepare("cpu_threading", &args.work, workers);
    let start_time = Instant::now();
    let results = compute_all(tasks.list(), workers)?;
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

fn compute_all(tasks: &[Task], workers: usize) -> anyhow::Result<Vec<Done>> {
    // ThreadPoolExecutor(max_workers=workers).map(fib, [35] * 20). No lock is held
    // while computing: the threads share nothing but the pool's counter, so they run
    // side by side on every core.
    Ok(thread_pool::map(workers, tasks, |&task| cpu_bound(task))?)
}
