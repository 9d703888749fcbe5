//! Computes the results on a pool of threads, and here, unlike in Python, that is
//! faster: Rust threads run on all the cores at once.
//!
//! The Rust twin of the tutorial's `cpu_threads.py`: `fib(35)` twenty times on a pool
//! of 5 threads, like `ThreadPoolExecutor(max_workers=5)` (`thread_pool::map`, in
//! support/, is its `map`). In CPython the GIL lets one thread run Python code at a
//! time, so the tutorial's threads are no faster than one thread. Rust has no such
//! lock: each thread computes on its own core. Notice in the output (`--json`):
//! `workers_used` is 5, and on a machine with N cores the run is about N times faster
//! than cpu_non_concurrent, never more: 5 threads on 2 cores still compute only 2
//! results at a time.
//!
//! ```text
//! cargo run --release -p cpu_threading
//! cargo run --release -p cpu_threading -- --workers 2 --json
//! ```

use cpu_work::{Done, Task, Tasks, ThreadArgs, cpu_bound};

fn main() -> anyhow::Result<()> {
    let args: ThreadArgs = cpu_work::command_line("Compute the results on a pool of threads.");
    let workers = usize::from(args.workers);
    let tasks = Tasks::prepare("cpu_threading", &args.work, workers);
    let start_time = std::time::Instant::now();
    let results = compute_all(tasks.list(), workers)?;
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

fn compute_all(tasks: &[Task], workers: usize) -> anyhow::Result<Vec<Done>> {
    // ThreadPoolExecutor(max_workers=workers).map(fib, [35] * 20). No lock is held
    // while computing: the threads share nothing but the pool's counter, so they run
    // side by side on every core.
    Ok(thread_pool::map(workers, tasks, |&task| {
        cpu_bound(task, fib)
    })?)
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
