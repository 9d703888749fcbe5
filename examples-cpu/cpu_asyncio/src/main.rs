//! Computes the results as async tasks, and shows that async does not make CPU-bound
//! work faster.
//!
//! The Rust twin of the tutorial's `cpu_asyncio.py`: one tokio task per result on a
//! single-threaded runtime, like asyncio's event loop.
//!
//! ```text
//! cargo run --release -p cpu_asyncio
//! cargo run --release -p cpu_asyncio -- --json
//! ```

use clap::Parser;
use cpu_support::{CpuArgs, summary};

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = CpuArgs::parse();
    // The tutorial's `[fib(35) for _ in range(20)]`, with the numbers as a list.
    let numbers = vec![35; args.count];
    let start_time = std::time::Instant::now();
    // asyncio.gather: spawning starts every task; the loop collects them in order.
    // Nothing in a task awaits, so each keeps the only thread until it is done.
    let tasks: Vec<_> =
        numbers.iter().map(|&n| tokio::spawn(async move { reports::timed(|| fib(n)) })).collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await?);
    }
    let duration = start_time.elapsed().as_secs_f64();
    // fib(35) is 9,227,465: a timing of work that was skipped or botched is worth nothing.
    anyhow::ensure!(results.iter().all(|&r| r == 9_227_465), "a wrong answer: {results:?}");
    summary!(args, "Computed {} results in {duration:.3} seconds", results.len());
    cpu_support::report(&args, &results, duration, 1);
    Ok(())
}

/// The tutorial's `fib`, but not `async`: its `async def fib` awaits at each call, and in
/// Rust a recursive `async fn` must be boxed (examples-mistakes shows why). Each call
/// would return at once anyway, since nothing in it waits.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
