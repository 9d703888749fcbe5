//! Computes the results as async tasks, and shows that async does not make CPU-bound
//! work faster.
//!
//! The Rust twin of the tutorial's `cpu_asyncio.py`: one tokio task per result on a
//! single-threaded runtime, like asyncio's event loop. A task gives up the thread only
//! at an `.await` that has to wait, and computing `fib(35)` never waits: each task runs
//! from start to end while the others queue behind it. So one thread computes every
//! result, one after another. Notice in the output (`--json`): `workers_used` is 1 and
//! the time is about cpu_non_concurrent's.
//!
//! ```text
//! cargo run --release -p cpu_asyncio
//! cargo run --release -p cpu_asyncio -- --json
//! ```

use anyhow::Context;
use cpu_work::{CpuArgs, Done, Task, Tasks, cpu_bound};

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: CpuArgs = cpu_work::command_line("Compute the results as async tasks on one thread.");
    let tasks = Tasks::prepare("cpu_asyncio", &args, 1);
    let start_time = std::time::Instant::now();
    let results = compute_all(tasks.list()).await?;
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

async fn compute_all(tasks: &[Task]) -> anyhow::Result<Vec<Done>> {
    // asyncio.gather over one task per item: spawning starts them all, and the loop
    // below collects them in the order given, as gather returns them (a JoinSet would
    // hand them back as they finish). Nothing in a task awaits, so each keeps the only
    // thread until it is done, and they run one after another.
    // (The tutorial's `async def fib` awaits at every call, and each await of a
    // coroutine that never waits returns at once; in Rust a recursive `async fn` needs
    // boxing: see examples-mistakes.)
    let running: Vec<_> = tasks
        .iter()
        .map(|&task| tokio::spawn(async move { cpu_bound(task, fib) }))
        .collect();
    let mut results = Vec::with_capacity(running.len());
    for task in running {
        results.push(task.await.context("a task panicked")?);
    }
    Ok(results)
}

/// The tutorial's `fib`, line for line: the naive recursion, about 30 million calls for
/// fib(35), so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
