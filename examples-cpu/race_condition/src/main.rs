//! The tutorial's race condition, and what Rust does about it.
//!
//! The Rust twin of the tutorial's `race_condition.py`: 5,000 tasks on a pool of
//! threads, each adding 1 to a shared counter 100 times. Act 1, the same program in
//! safe Rust, does not compile (see `act1/` and `cargo test -p race_condition --doc`).
//! Act 2 races through two safe steps, a load and then a store. Act 3 fixes it with
//! `fetch_add` and with a `Mutex`. Notice in the output: act 2 comes out short by a
//! different amount on every run (most updates are lost: each thread yields between its
//! load and its store), and act 3 is exact every time.
//!
//! ```text
//! cargo run --release -p race_condition
//! cargo run --release -p race_condition -- --workers 2 --json
//! ```

// The lesson itself is in lib.rs, not here: Act 1 is a program that must not compile,
// which only a doctest can show, and doctests live in a library. This file plays the
// acts that do compile and prints what they counted.
use clap::Parser;

/// The tutorial uses `max_workers=5000`, one thread per task. A Rust thread finishes
/// its 100 increments before the next has even started, so they would seldom meet;
/// a few threads that each run many tasks collide all the time.
const WORKERS: u16 = 8;

/// Lose updates to a race, then fix it.
#[derive(Debug, Parser)]
struct Args {
    /// How many threads share the counter.
    #[arg(long, default_value_t = WORKERS)]
    #[arg(allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..))]
    workers: u16,
    /// Print one JSON object instead of the human lines.
    #[arg(long)]
    json: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    race_condition::play(usize::from(args.workers), args.json)
}
