//! The tutorial's race condition in Rust, in three acts.
//!
//! `race_condition.py` runs 5,000 tasks on a pool of threads; each adds 1 to a global
//! counter 100 times, and the total comes out short because `counter += 1` is a read,
//! an add and a write, and another thread can write in between.
//!
//! # Act 1: the compiler refuses the race
//!
//! Written in safe Rust the way a Python programmer would, with the counter a local
//! that every thread adds to, the program does not compile: each thread would hold a
//! mutable borrow of the same counter. (Python's counter is a global; the literal Rust,
//! a `static mut`, needs `unsafe` to touch, and then it compiles and races. Safe Rust
//! refuses it.) This doctest proves it on every `cargo test`
//! (and `tests/act1.rs` checks that the error is that borrow, E0499, and nothing else):
//!
//! ```compile_fail
#![doc = include_str!("../act1/unsynchronised.rs")]
//! ```
//!
//! With the counter made atomic it compiles and is exact:
//!
//! ```
#![doc = include_str!("../act1/atomic.rs")]
//! ```
//!
//! # Act 2: a lost update that safe Rust allows
//!
//! The compiler rules out data races, not race conditions. [`load_then_store`] reads the
//! atomic counter and then writes it back plus one: two steps, each safe, with room for
//! another thread between them, widened by a `yield_now` the way the tutorial explains a
//! thread switch. Updates get lost on every run, as in the tutorial.
//!
//! # Act 3: two fixes
//!
//! [`fetch_add`] makes the read-add-write one indivisible step; [`mutex`] lets one
//! thread at a time through. Both are exact on every run.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

use reports::RaceReport;

/// `fake_data = range(5000)` in the tutorial: how many tasks.
pub const TASKS: usize = 5_000;

/// `for _ in range(100)` in the tutorial: how many times each task adds 1.
pub const INCREMENTS: u64 = 100;

/// What the counter should read at the end.
pub const EXPECTED: u64 = TASKS as u64 * INCREMENTS;

/// Act 2: read, then write back plus one. Returns the final count, usually short.
pub fn load_then_store(workers: usize) -> u64 {
    let counter = AtomicU64::new(0);
    run_tasks(workers, || {
        for _ in 0..INCREMENTS {
            // Another thread may store between this load and this store; its update
            // is then overwritten and lost.
            let value = counter.load(Ordering::Relaxed);
            // The tutorial's thread switch, made on purpose: the scheduler may run
            // another thread here, which reads the same old value. Without it the
            // window is a few nanoseconds wide, and on some runs no update was lost.
            thread::yield_now();
            counter.store(value + 1, Ordering::Relaxed);
        }
    });
    counter.into_inner()
}

/// Act 3: one indivisible read-add-write per increment. Always [`EXPECTED`].
pub fn fetch_add(workers: usize) -> u64 {
    let counter = AtomicU64::new(0);
    run_tasks(workers, || {
        for _ in 0..INCREMENTS {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    counter.into_inner()
}

/// Act 3: the counter behind a lock, taken for each increment. Always [`EXPECTED`].
pub fn mutex(workers: usize) -> u64 {
    let counter = Mutex::new(0);
    run_tasks(workers, || {
        for _ in 0..INCREMENTS {
            // Poisoned only if another increment panicked, which `+= 1` cannot do.
            *counter.lock().expect("the counter's lock is poisoned") += 1;
        }
    });
    counter
        .into_inner()
        .expect("the counter's lock is poisoned")
}

/// Plays the three acts with `workers` threads and prints what each counted: four human
/// lines, or with `json` one [`RaceReport`].
pub fn play(workers: usize, json: bool) -> anyhow::Result<()> {
    let raced = load_then_store(workers);
    let report = RaceReport {
        example: "race_condition".into(),
        workers,
        expected: EXPECTED,
        load_then_store: raced,
        lost: EXPECTED - raced,
        fetch_add: fetch_add(workers),
        mutex: mutex(workers),
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    println!("Act 1: the unsynchronised counter does not compile (E0499: two mutable borrows)");
    println!(
        "Act 2: load then store: expected {EXPECTED}, got {raced}: {} updates lost",
        report.lost
    );
    println!(
        "Act 3: fetch_add:       expected {EXPECTED}, got {}",
        report.fetch_add
    );
    println!(
        "Act 3: Mutex:           expected {EXPECTED}, got {}",
        report.mutex
    );
    Ok(())
}

/// Runs `increment_counter` once per task on a pool of `workers` threads, each taking
/// the next task when it is free, as `executor.map` does.
fn run_tasks(workers: usize, increment_counter: impl Fn() + Sync) {
    let next_task = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while next_task.fetch_add(1, Ordering::Relaxed) < TASKS {
                    increment_counter();
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixes_are_exact_every_time() {
        for workers in [1, 2, 8, 64] {
            for _ in 0..5 {
                assert_eq!(fetch_add(workers), EXPECTED);
                assert_eq!(mutex(workers), EXPECTED);
            }
        }
    }

    #[test]
    fn one_thread_loses_nothing_and_many_never_gain() {
        assert_eq!(load_then_store(1), EXPECTED);
        for _ in 0..20 {
            assert!(load_then_store(8) <= EXPECTED);
        }
    }
}
