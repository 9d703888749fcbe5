//! Computes the results one after another: the baseline for the CPU examples.
//!
//! The Rust twin of the tutorial's `cpu_non_concurrent.py`: `fib(35)` twenty times, on
//! one thread. Unlike the I/O examples, the program never waits: every moment goes to
//! computing, so the only way to finish sooner is to compute on more cores at once.
//! Notice in the output: the whole run takes well under a second, where the tutorial's
//! script takes CPython many times as long (docs/python-vs-rust/ has both, measured);
//! the other CPU examples are measured against it.
//!
//! ```text
//! cargo run --release -p cpu_non_concurrent
//! cargo run --release -p cpu_non_concurrent -- --workload squares --json
//! ```

use cpu_work::{CpuArgs, Done, Task, Tasks, cpu_bound};

fn main() -> anyhow::Result<()> {
    let args: CpuArgs = cpu_work::command_line("Compute the results one after another.");
    // The tutorial's `[35] * 20` (or `--count`, `--workload squares`); one thread.
    let tasks = Tasks::prepare("cpu_non_concurrent", &args, 1);
    let start_time = std::time::Instant::now();
    let results = compute_all(tasks.list());
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

fn compute_all(tasks: &[Task]) -> Vec<Done> {
    tasks.iter().map(|&task| cpu_bound(task, fib)).collect()
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
