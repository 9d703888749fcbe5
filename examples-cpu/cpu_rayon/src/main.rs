//! Computes the results with rayon: the idiomatic Rust answer to CPU-bound work.
//!
//! There is no Python twin: this is what Rust offers instead of `multiprocessing.Pool`.
//! `par_iter` splits the tasks over rayon's global pool, one thread per core, and
//! balances the load by letting idle threads steal work from busy ones. Changing `iter`
//! to `par_iter` is the whole change from cpu_non_concurrent. Notice in the output
//! (`--json`): `workers_used` is the number of cores, and the speed-up is about the
//! same as cpu_threading's, with no pool to write and no process to start.
//!
//! ```text
//! cargo run --release -p cpu_rayon
//! RAYON_NUM_THREADS=1 cargo run --release -p cpu_rayon -- --json
//! ```

use cpu_work::{CpuArgs, Done, Task, Tasks, cpu_bound};
use rayon::prelude::*;

fn main() -> anyhow::Result<()> {
    let args: CpuArgs = cpu_work::command_line("Compute the results with rayon.");
    // The global pool has one thread per core (or RAYON_NUM_THREADS).
    let tasks = Tasks::prepare("cpu_rayon", &args, rayon::current_num_threads());
    let start_time = std::time::Instant::now();
    let results = compute_all(tasks.list());
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

fn compute_all(tasks: &[Task]) -> Vec<Done> {
    // The one change from cpu_non_concurrent: `iter` becomes `par_iter`. rayon splits
    // the tasks over its threads, and `collect` keeps them in order.
    tasks.par_iter().map(|&task| cpu_bound(task, fib)).collect()
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
