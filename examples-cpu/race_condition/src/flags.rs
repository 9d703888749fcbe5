//! What the tutorial's script does not show: race_condition's flags, and how it prints
//! what each act counted.

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use clap::Parser;
use race_condition::INCREMENTS;

/// The tutorial uses `max_workers=5000`, one thread per task. A Rust thread finishes
/// its 100 increments before the next has even started, so they would seldom meet;
/// a few threads that each run many tasks collide all the time.
pub const WORKERS: usize = 8;

/// Lose updates to a race, then fix it.
#[derive(Debug, Parser)]
pub struct Args {
    /// How many threads share the counter.
    #[arg(long, default_value_t = WORKERS, value_parser = workers)]
    pub workers: usize,
    /// Print one JSON object instead of the human lines.
    #[arg(long)]
    pub json: bool,
}

/// `--workers`: 1 to 10,000 threads, each of which reserves 2 MiB of address space.
fn workers(value: &str) -> Result<usize, String> {
    reports::bounded(
        value,
        1,
        10_000,
        "threads: each reserves 2 MiB of address space for its stack",
    )
}

/// Prints what each act's counter ended at: four lines, or with `--json` one report.
pub fn print_acts(
    args: &Args,
    tasks: usize,
    raced: AtomicU64,
    atomic: AtomicU64,
    locked: Mutex<u64>,
) -> anyhow::Result<()> {
    let expected = tasks as u64 * INCREMENTS;
    let (raced, atomic) = (raced.into_inner(), atomic.into_inner());
    // Poisoned only if an increment panicked, which `+= 1` cannot do.
    let locked = locked.into_inner().expect("the counter's lock is poisoned");
    if args.json {
        let report = reports::RaceReport {
            example: "race_condition".into(),
            workers: args.workers,
            expected,
            load_then_store: raced,
            lost: expected.saturating_sub(raced),
            fetch_add: atomic,
            mutex: locked,
        };
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    println!("Act 1: the unsynchronised counter does not compile (E0499: two mutable borrows)");
    println!(
        "Act 2: load then store: expected {expected}, got {raced}: {} updates lost",
        expected.saturating_sub(raced)
    );
    println!("Act 3: fetch_add:       expected {expected}, got {atomic}");
    println!("Act 3: Mutex:           expected {expected}, got {locked}");
    Ok(())
}
