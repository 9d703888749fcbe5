//! Computes the results on a pool of threads, and here, unlike in Python, that is
//! faster: Rust threads run on all the cores at once.
//!
//! The Rust twin of the tutorial's `cpu_threads.py`, with its pool of 5 threads written
//! out.
//!
//! ```text
//! cargo run --release -p cpu_threading
//! cargo run --release -p cpu_threading -- --workers 2 --json
//! ```

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

use clap::Parser;
use cpu_support::{ThreadArgs, summary};

fn main() -> anyhow::Result<()> {
    let args = ThreadArgs::parse();
    // The tutorial's [35] * 20.
    let numbers = vec![35; args.cpu.count];
    let start_time = std::time::Instant::now();
    let results = map_on_threads(args.workers, &numbers);
    let duration = start_time.elapsed().as_secs_f64();
    // fib(35) is 9,227,465: a timing of work that was skipped or botched is worth nothing.
    anyhow::ensure!(results.iter().all(|&r| r == 9_227_465), "a wrong answer: {results:?}");
    summary!(args.cpu, "Computed {} results in {duration:.3} seconds", results.len());
    cpu_support::report(&args.cpu, &results, duration, args.workers);
    Ok(())
}

/// `ThreadPoolExecutor(max_workers=workers).map(fib, numbers)`, written out: each
/// thread takes the next number from a shared counter when it is free. No lock is held
/// while computing: the threads share nothing but the counter and the results, so
/// they run side by side, one on each core.
fn map_on_threads(workers: usize, numbers: &[u64]) -> Vec<u64> {
    let next = AtomicUsize::new(0);
    // One slot per number, written once by whichever thread computes it.
    let results: Vec<AtomicU64> = numbers.iter().map(|_| AtomicU64::new(0)).collect();
    let compute_until_none_left = || loop {
        // fetch_add hands out each index once: no two threads take the same one.
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(&n) = numbers.get(index) else { return };
        results[index].store(reports::timed(|| fib(n)), Ordering::Relaxed);
    };
    // The threads borrow `numbers` and `results` from this function: a scope may lend
    // them, because it waits for every thread it started before it returns.
    thread::scope(|scope| {
        for _ in 0..workers.min(numbers.len()) {
            if let Err(error) = thread::Builder::new().spawn_scoped(scope, compute_until_none_left)
            {
                eprintln!("warning: the system refused a thread ({error}); fewer compute");
                break;
            }
        }
    });
    // Whatever no thread took (none, unless not one could start) is computed here.
    compute_until_none_left();
    results.into_iter().map(AtomicU64::into_inner).collect()
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
