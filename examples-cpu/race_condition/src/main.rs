//! The tutorial's race condition, and what Rust does about it.
//!
//! The Rust twin of the tutorial's `race_condition.py`: 5,000 tasks on a pool of
//! threads, each adding 1 to a shared counter 100 times, in three acts (see `src/lib.rs`
//! and `cargo test -p race_condition --doc` for Act 1, which does not compile).
//!
//! ```text
//! cargo run --release -p race_condition
//! cargo run --release -p race_condition -- --workers 2 --json
//! ```

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

use clap::Parser;
use race_condition::{act2, act3};

mod flags;

/// `fake_data = [x for x in range(5000)]` in the tutorial: how many tasks.
const TASKS: usize = 5_000;

fn main() -> anyhow::Result<()> {
    let args = flags::Args::parse();
    let fake_data: Vec<usize> = (0..TASKS).collect();
    // Act 1, the counter as a plain number every thread adds to, does not compile.
    // Act 2: an atomic counter, read and then written, loses updates.
    let raced = AtomicU64::new(0);
    map_on_threads(args.workers, &fake_data, |_| act2::increment_counter(&raced))?;
    // Act 3: two fixes, an indivisible add and a lock.
    let atomic = AtomicU64::new(0);
    map_on_threads(args.workers, &fake_data, |_| act3::increment_counter_atomically(&atomic))?;
    let locked = Mutex::new(0);
    map_on_threads(args.workers, &fake_data, |_| act3::increment_counter_locked(&locked))?;
    flags::print_acts(&args, TASKS, raced, atomic, locked)
}

/// `ThreadPoolExecutor(max_workers=workers).map(increment_counter, fake_data)`: each
/// thread takes the next task when it is free. `Sync` is the compiler's word for "safe to
/// share between threads": every thread calls the same `increment_counter`.
fn map_on_threads(
    workers: usize,
    fake_data: &[usize],
    increment_counter: impl Fn(usize) + Sync,
) -> std::io::Result<()> {
    let next_task = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..workers {
            thread::Builder::new().spawn_scoped(scope, || {
                while let Some(&task) = fake_data.get(next_task.fetch_add(1, Ordering::Relaxed)) {
                    increment_counter(task);
                }
            })?;
        }
        Ok(())
    })
}
