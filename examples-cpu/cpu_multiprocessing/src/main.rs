//! Computes the results on a pool of worker processes: the tutorial's answer to the GIL.
//!
//! The Rust twin of the tutorial's `cpu_processes.py`: `--processes` copies of this
//! program (by default one per CPU, like `ProcessPoolExecutor()`), each computing the
//! tasks it is sent. In Python this is the way to use every core; in Rust threads
//! already do that, so processes only add the cost of starting them and of sending
//! each task and result through a pipe. Notice in the output (`--json`): the speed-up
//! is about cpu_threading's (the book's claims page, claim 6, has the figures).
//!
//! ```text
//! cargo run --release -p cpu_multiprocessing
//! cargo run --release -p cpu_multiprocessing -- --processes 4 --json
//! ```

use cpu_work::{Done, ProcessArgs, Task, Tasks, cpu_bound};

fn main() -> anyhow::Result<()> {
    // Rust's `if __name__ == "__main__":`, the other way round: the pool starts its
    // workers by running this program again, and in a worker this call computes every
    // task it is sent and exits. In the parent it returns at once.
    process_pool::serve_if_worker(|| {}, |task| Ok::<_, String>(cpu_bound(task, fib)));
    let args: ProcessArgs =
        cpu_work::command_line("Compute the results on a pool of worker processes.");
    let processes = usize::from(args.processes);
    let tasks = Tasks::prepare("cpu_multiprocessing", &args.work, processes);
    let start_time = std::time::Instant::now();
    let results = compute_all(tasks.list(), processes)?;
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

fn compute_all(tasks: &[Task], processes: usize) -> Result<Vec<Done>, process_pool::TaskError> {
    // Each task travels to a worker over its stdin; the result comes back over its
    // stdout. A worker that dies fails only its task, and the run with it.
    let results = process_pool::Pool::new(processes).map::<Task, Done>(tasks);
    results.into_iter().collect()
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
