//! Computes the results as async tasks, and shows that async does not make CPU-bound
//! work faster.
//!
//! The Rust twin of the tutorial's `cpu_asyncio.py`: one tokio task per result on a
//! single-threaded runtime, like asyncio's event loop. A task gives up the thread only
//! at an `.await` that has to wait, and computing `fib(35)` never waits: each task runs
//! from start to end while the others queue behind it. So one thread computes every
//! result, one after another. Notice in the output (`--json`): `workers_used` is 1 and
//! the time is cpu_non_concurrent's, plus a little for the tasks.
//!
//! ```text
//! cargo run --release -p cpu_asyncio
//! cargo run --release -p cpu_asyncio -- --json
//! ```

use std::time::Instant;

use clap::Parser;
use cpu_work::{CpuArgs, Done, Task, Tasks};

/// Compute the results as async tasks on one thread.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    work: CpuArgs,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let tasks = Tasks::prepare("cpu_asyncio", &args.work, 1);
    let start_time = Instant::now();
    let results = compute_all(tasks.list()).await?;
    let duration = start_time.elapsed();
    tasks.report(&results, duration)
}

async fn compute_all(tasks: &[Task]) -> anyhow::Result<Vec<Done>> {
    let handles: Vec<_> = tasks
        .iter()
        .map(|&task| tokio::spawn(cpu_bound(task)))
        .collect();
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await?);
    }
    Ok(results)
}

async fn cpu_bound(task: Task) -> Done {
    // Nothing in here awaits, so this task keeps the only thread until it is done.
    // (The tutorial's `async def fib` awaits at every call, which only adds overhead:
    // awaiting a coroutine that never waits does not hand the thread to anyone.)
    cpu_work::cpu_bound(task)
}
