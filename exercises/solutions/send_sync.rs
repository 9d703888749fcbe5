//! Exercise 9, Send and Sync, solved: `Arc<Mutex<u64>>`.
//!
//! `Rc` counts its owners with plain adds, so two threads cloning it at once could
//! corrupt the count: it is not `Send`. `Arc` counts them with atomic adds, and is.
//! `RefCell` checks its borrows without atomics: it is not `Sync`. `Mutex` makes threads
//! take turns, and is. Put together, every thread may own the counter and change it.
//!
//! ```text
//! cargo run -p exercises -- check send_sync --solution
//! ```

use std::sync::{Arc, Mutex};
use std::thread;

use clap::Parser;

/// How many threads by default.
const THREADS: u64 = 4;
/// How many times each thread adds 1 by default.
const INCREMENTS: u64 = 1_000;

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
    // One counter with many owners (`Arc`), that each can change in turn (`Mutex`).
    let counter = Arc::new(Mutex::new(0_u64));
    let mut threads = Vec::new();
    for _ in 0..args.threads {
        let counter = Arc::clone(&counter);
        threads.push(thread::Builder::new().spawn(move || {
            for _ in 0..args.increments {
                // A lock is poisoned only if a thread panicked holding it; none does.
                *counter.lock().expect("no thread panics holding the lock") += 1;
            }
        })?);
    }
    for thread in threads {
        thread.join().expect("a counting thread panicked");
    }
    println!("count = {}", counter.lock().expect("no thread panics holding the lock"));
    Ok(())
}
