//! Computes the results on a pool of worker processes: the tutorial's answer to the GIL.
//!
//! The Rust twin of the tutorial's `cpu_processes.py`: `--processes` copies of this
//! program (by default one per CPU, like `ProcessPoolExecutor()`), each computing the
//! numbers it is sent.
//!
//! ```text
//! cargo run --release -p cpu_multiprocessing
//! cargo run --release -p cpu_multiprocessing -- --processes 4 --json
//! ```

use std::process::ExitCode;

use clap::Parser;
use cpu_support::{ProcessArgs, summary};

fn main() -> anyhow::Result<ExitCode> {
    // The pool starts its workers by running this program again. In a worker, this
    // runs fib on every number it is sent, and returns the worker's exit status; in the
    // parent it returns None at once.
    if let Some(exit) = process_pool::serve_if_worker(fib) {
        return Ok(exit);
    }
    let args = ProcessArgs::parse();
    let start_time = std::time::Instant::now();
    // ProcessPoolExecutor().map(fib, [35] * 20): each number travels to a worker over
    // its stdin, and fib's answer comes back over its stdout.
    let executor = process_pool::Pool::new(args.processes);
    let results = executor.map(fib, &vec![35; args.cpu.count]);
    // A worker that died fails its number, and the run with it.
    let results: Vec<u64> = results.into_iter().collect::<Result<_, _>>()?;
    let duration = start_time.elapsed().as_secs_f64();
    // fib(35) is 9,227,465: a timing of work that was skipped or botched is worth nothing.
    anyhow::ensure!(results.iter().all(|&r| r == 9_227_465), "a wrong answer: {results:?}");
    summary!(args.cpu, "Computed {} results in {duration:.3} seconds", results.len());
    cpu_support::report(&args.cpu, &results, duration, args.processes);
    Ok(ExitCode::SUCCESS)
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
