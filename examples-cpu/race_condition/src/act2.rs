//! Act 2: a lost update that safe Rust allows.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use crate::INCREMENTS;

/// Reads the counter, then writes it back plus one: two steps, each safe on its own.
/// The compiler rules out data races (two threads touching the same memory, one of them
/// writing, unsynchronised), not race conditions like this one.
pub fn increment_counter(counter: &AtomicU64) {
    for _ in 0..INCREMENTS {
        let value = counter.load(Ordering::Relaxed);
        // The tutorial's thread switch, made on purpose: the scheduler may run another
        // thread here, which reads the same old value; one of the two updates is then
        // lost. Without it the window is a few nanoseconds wide, and some runs lost none.
        thread::yield_now();
        counter.store(value + 1, Ordering::Relaxed);
    }
}
