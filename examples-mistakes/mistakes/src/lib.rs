//! Caught when? The concurrency mistakes a Python programmer brings to Rust: the ones
//! the compiler refuses, and the ones it lets through.
//!
//! Each case is a small program in `cases/`, written the way the tutorial's reader
//! would write it. The refused ones are `compile_fail` doctests below, so every
//! `cargo test` proves they still fail to compile, and `tests/compiler.rs` runs rustc on
//! each to check the error code is the one named here and no other, and that what rustc
//! says is what `cases/CASE.rustc.txt` holds (the book shows those). The ones that
//! compile run in `cargo run -p mistakes`, and `tests/run.rs` checks their wrong
//! answer and their deadlock.
//!
//! | mistake | Python | Rust |
//! |---|---|---|
//! | one counter, many threads | runs, loses updates | refused: E0499 |
//! | `Rc` handed to a thread | (no such type) | refused: E0277 |
//! | a `std` `MutexGuard` held across `.await` in a spawned task | runs | refused: not `Send` |
//! | a recursive `async fn` | runs | refused: E0733; boxed, it runs |
//! | a counter `move`d into each thread | (no such mistake) | compiles, counts 0 |
//! | blocking I/O inside async code | runs one download at a time | the same |
//! | two locks taken in opposite orders | deadlocks | the same |
//!
//! # One counter, many threads: refused, E0499
//!
//! Python lets every thread add to one counter and loses updates. Safe Rust will not
//! hand the same counter to two threads mutably at once (race_condition, Act 1):
//!
//! ```compile_fail,E0499
#![doc = include_str!("../../../examples-cpu/race_condition/act1/unsynchronised.rs")]
//! ```
//!
//! # `Rc` handed to a thread: refused, E0277
//!
//! ```compile_fail,E0277
#![doc = include_str!("../cases/rc_to_thread.rs")]
//! ```
//!
//! # A `MutexGuard` held across `.await`: refused, the future is not `Send`
//!
//! Python's asyncio runs every task on one thread, so holding a lock across `await`
//! is only slow. tokio may resume a task on another thread, and a `std` lock must be
//! released by the thread that took it:
//!
//! ```compile_fail
#![doc = include_str!("../cases/guard_across_await.rs")]
//! ```
//!
//! # A recursive `async fn`: refused, E0733, until boxed
//!
//! The tutorial's `cpu_asyncio.py` awaits `fib` recursively. In Rust:
//!
//! ```compile_fail,E0733
#![doc = include_str!("../cases/recursive_async.rs")]
//! ```
//!
//! Boxed, it compiles and runs:
//!
//! ```
#![doc = include_str!("../cases/recursive_async_boxed.rs")]
//! ```
//!
//! # A counter `move`d into each thread: compiles, and counts nothing
//!
//! The error for the shared counter suggests `move`. An integer is `Copy`, so each
//! thread gets its own copy, and the total printed is 0 of 500. No compiler error;
//! only a warning on `counter` hints at it, `unused_assignments` on rustc 1.95 and
//! `unused_variables` on 1.85 (`tests/compiler.rs` checks it is there). `cargo run -p mistakes` runs it:
//!
//! ```
#![doc = include_str!("../cases/copied_counter.rs")]
//! ```
//!
//! # Blocking I/O inside async code: compiles, and downloads one site at a time
//!
//! As in Python, calling a blocking client from an async task holds the runtime's
//! thread for the whole download, and nothing warns. See `io_asyncio_blocking`, and
//! claim 3 of the book's claims page for its figures.
//!
//! # Two locks in opposite orders: compiles, and deadlocks
//!
//! Neither language orders locks for you. `cargo run -p mistakes` runs it, with a
//! timeout instead of a hang:
//!
//! ```no_run
#![doc = include_str!("../cases/lock_order.rs")]
//! ```
