//! Computes the results on a pool of worker processes: the tutorial's answer to the GIL.
//!
//! The Rust twin of the tutorial's `cpu_processes.py`: `--processes` copies of this
//! program (by default one per CPU, like `ProcessPoolExecutor()`), each computing the
//! tasks it is sent. In Python this is the way to use every core; in Rust threads
//! already do that, so processes only add the cost of starting them and of sending
//! each task and result through a pipe. Notice in the output (`--json`): the speed-up
//! is about cpu_threading's, a few milliseconds slower.
//!
//! ```text
//! cargo run --release -p cpu_multiprocessing
//! cargo run --release -p cpu_multiprocessing -- --processes 4 --json
//! ```

use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use cpu_work::{CpuArgs, Done, Task, Tasks, cpu_bound};
use process_pool::Pool;

/// Compute the results on a pool of worker processes.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    work: CpuArgs,
    /// How many worker processes compute at once.
    #[arg(long, default_value_t = process_pool::default_processes())]
    #[arg(allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..))]
    processes: u16,
}

fn main() -> anyhow::Result<()> {
    // The pool starts its workers by running this program again. In a worker this call
    // computes every task it is sent and exits; in the parent it returns at once.
    process_pool::serve_if_worker(|| {}, |task| Ok::<_, String>(cpu_bound(task)));
    let args = Args::parse();
    let processes = usize::from(args.processes);
    let tasks = Tasks::prepare("cpu_multiprocessing", &args.work, processes);
    let start_time = Instant::now();
    let results = compute_all(tasks.list(), processes)?;
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

fn compute_all(tasks: &[Task], processes: usize) -> anyhow::Result<Vec<Done>> {
    // Each task travels to a worker over its stdin; the result comes back over its
    // stdout. A worker that dies fails only its task, and the run with it.
    let results = Pool::new(processes).map::<Task, Done>(tasks);
    results
        .into_iter()
        .map(|result| result.context("a worker process failed"))
        .collect()
}
