//! Exercise 8, the race, solved: one indivisible read-modify-write.
//!
//! `fetch_add` reads the counter and writes it back plus one as a single step that no
//! other thread can come between, so no update is lost. (A `Mutex<u64>` around the read
//! and the write works too, as race_condition's Act 3 shows.)
//!
//! ```text
//! cargo run -p exercises -- check race --solution
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use clap::Parser;

/// How many threads by default: more than most machines have cores, so that they take
/// turns as well as run side by side.
const THREADS: u64 = 8;
/// How many times each thread adds 1 by default.
const INCREMENTS: u64 = 10_000;

/// Count on several threads at once.
#[derive(Debug, Parser)]
struct Args {
    /// How many threads add to the counter.
    #[arg(long, default_value_t = THREADS, value_parser = clap::value_parser!(u64).range(1..=1000))]
    threads: u64,
    /// How many times each thread adds 1.
    #[arg(long, default_value_t = INCREMENTS, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    increments: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let counter = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..args.threads {
            thread::Builder::new().spawn_scoped(scope, || {
                for _ in 0..args.increments {
                    increment(&counter);
                }
            })?;
        }
        Ok::<_, std::io::Error>(())
    })?;
    println!("count = {}", counter.load(Ordering::SeqCst));
    Ok(())
}

/// Adds 1 to the counter, in one step.
fn increment(counter: &AtomicU64) {
    // A thread switch may still come here, but not inside the add.
    thread::yield_now();
    counter.fetch_add(1, Ordering::Relaxed);
}
