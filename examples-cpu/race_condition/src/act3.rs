//! Act 3: two fixes.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::INCREMENTS;

/// One indivisible read-add-write per increment: no thread can come in between.
pub fn increment_counter_atomically(counter: &AtomicU64) {
    for _ in 0..INCREMENTS {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// The counter behind a lock: one thread at a time reads, adds and writes.
pub fn increment_counter_locked(counter: &Mutex<u64>) {
    for _ in 0..INCREMENTS {
        // Poisoned only if another increment panicked, which `+= 1` cannot do.
        *counter.lock().expect("the counter's lock is poisoned") += 1;
    }
}
