//! The tutorial's race condition in Rust, in three acts: the compiler refuses the race,
//! a lost update that safe Rust allows, and two fixes.
//!
//! `race_condition.py` runs 5,000 tasks on a pool of threads; each adds 1 to a global
//! counter 100 times, and the total can come out short, because `counter += 1` is a
//! read, an add and a write, and another thread can write in between. The program itself
//! is `src/main.rs`; each act's `increment_counter` is a file of its own.
//!
//! # Act 1: the compiler refuses the race
//!
//! Written in safe Rust the way a Python programmer would, with the counter a local
//! that every thread adds to, the program does not compile: each thread would hold a
//! mutable borrow of the same counter (error E0499; `act1/unsynchronised.stderr` has the
//! compiler's words, and `tests/act1.rs` checks that they are still what rustc says).
//! This doctest proves it on every `cargo test`:
//!
//! ```compile_fail,E0499
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
//! [`act2::increment_counter`] reads the atomic counter and then writes it back plus
//! one: two steps, each safe, with room for another thread between them.
//!
//! # Act 3: two fixes
//!
//! [`act3::increment_counter_atomically`] makes the read-add-write one indivisible step;
//! [`act3::increment_counter_locked`] lets one thread at a time through.

pub mod act2;
pub mod act3;

/// `for _ in range(100)` in the tutorial: how many times each task adds 1.
pub const INCREMENTS: u64 = 100;
