//! Exercise 8, the race: a counter that loses updates.
//!
//! `--threads` threads each add 1 to one counter `--increments` times, so it should end
//! at their product. It ends lower: `increment` reads the counter and writes it back
//! plus one in two steps, and another thread can write in between. Make every update
//! count, without giving up the threads (the book's page "The tutorial's race:
//! race_condition").
//!
//! The check runs it 20 times with 8 threads of 10,000 increments each, and passes when
//! every run prints a count of 80,000:
//!
//! ```text
//! cargo run -p exercises -- check race
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

/// Adds 1 to the counter: reads it, then writes it back plus one.
fn increment(counter: &AtomicU64) {
    let value = counter.load(Ordering::Relaxed);
    // Lets another thread run here, as a busy machine may at any moment: it reads the
    // same old value, and one of the two updates is lost.
    thread::yield_now();
    counter.store(value + 1, Ordering::Relaxed);
}
