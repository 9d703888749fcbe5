//! Exercise 9, Send and Sync: a counter the compiler will not let threads share.
//!
//! This program does not compile, on purpose: `Rc<RefCell<u64>>` is neither `Send` nor
//! `Sync`, and the compiler refuses to move it into a thread. Read its message, then
//! make the program compile with the types that are, so that it counts right (the
//! book's page "Send and Sync: what the compiler catches").
//!
//! The check builds it and runs it with 4 threads of 1,000 increments each, and passes
//! when it prints a count of 4,000:
//!
//! ```text
//! cargo run -p exercises -- check send_sync
//! ```
//!
//! (It is left out of the workspace's build until it compiles; the checker builds it.)

use std::cell::RefCell;
use std::rc::Rc;
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
    // One counter with many owners (`Rc`), that each can change (`RefCell`).
    let counter = Rc::new(RefCell::new(0_u64));
    let mut threads = Vec::new();
    for _ in 0..args.threads {
        let counter = Rc::clone(&counter);
        threads.push(thread::Builder::new().spawn(move || {
            for _ in 0..args.increments {
                *counter.borrow_mut() += 1;
            }
        })?);
    }
    for thread in threads {
        thread.join().expect("a counting thread panicked");
    }
    println!("count = {}", counter.borrow());
    Ok(())
}
