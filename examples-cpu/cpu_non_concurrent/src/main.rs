//! Computes the results one after another: the baseline for the CPU examples.
//!
//! The Rust twin of the tutorial's `cpu_non_concurrent.py`: `fib(35)` twenty times, on
//! one thread.
//!
//! ```text
//! cargo run --release -p cpu_non_concurrent
//! cargo run --release -p cpu_non_concurrent -- --count 5 --json
//! ```

use clap::Parser;
use cpu_support::{CpuArgs, summary};

fn main() -> anyhow::Result<()> {
    let args = CpuArgs::parse();
    // The tutorial's `for _ in range(20): fib(35)`, with the numbers as a list.
    let numbers = vec![35; args.count];
    let start_time = std::time::Instant::now();
    // `timed` notes which thread computed each result, and when: the run's timeline.
    let results: Vec<u64> = numbers.iter().map(|&n| reports::timed(|| fib(n))).collect();
    let duration = start_time.elapsed().as_secs_f64();
    // fib(35) is 9,227,465: a timing of work that was skipped or botched is worth nothing.
    anyhow::ensure!(results.iter().all(|&r| r == 9_227_465), "a wrong answer: {results:?}");
    summary!(args, "Computed {} results in {duration:.3} seconds", results.len());
    cpu_support::report(&args, &results, duration, 1);
    Ok(())
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
