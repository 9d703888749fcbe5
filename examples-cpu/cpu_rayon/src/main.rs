//! Computes the results with rayon: the idiomatic Rust answer to CPU-bound work.
//!
//! There is no Python twin: this is what Rust offers instead of a pool of processes.
//! It is cpu_non_concurrent with one change, `iter` to `par_iter`.
//!
//! ```text
//! cargo run --release -p cpu_rayon
//! RAYON_NUM_THREADS=1 cargo run --release -p cpu_rayon -- --json
//! ```

use clap::Parser;
use cpu_support::{CpuArgs, summary};
use rayon::prelude::*;

fn main() -> anyhow::Result<()> {
    let args = CpuArgs::parse();
    // The tutorial's `for _ in range(20): fib(35)`, with the numbers as a list.
    let numbers = vec![35; args.count];
    let start_time = std::time::Instant::now();
    // The one change from cpu_non_concurrent: `iter` becomes `par_iter`. rayon splits
    // the numbers over its pool, one thread per core, and `collect` keeps their order.
    let results: Vec<u64> = numbers.par_iter().map(|&n| reports::timed(|| fib(n))).collect();
    let duration = start_time.elapsed().as_secs_f64();
    // fib(35) is 9,227,465: a timing of work that was skipped or botched is worth nothing.
    anyhow::ensure!(results.iter().all(|&r| r == 9_227_465), "a wrong answer: {results:?}");
    summary!(args, "Computed {} results in {duration:.3} seconds", results.len());
    cpu_support::report(&args, &results, duration, rayon::current_num_threads());
    Ok(())
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
