//! What the CPU lessons call that their Python twins do not show either: the flags every
//! lesson shares, and `--json`.
//!
//! A lesson builds its list of numbers (the tutorial's `[35] * 20`), computes `fib` of
//! each in its own way, each call wrapped in [`reports::timed`] so that the run's
//! timeline knows which thread computed what and when, checks the answers, prints its
//! summary line with [`summary!`], and hands the results to [`report`] for `--json`.
//! Nothing here is global: the flags are passed where they are needed.

use std::collections::HashSet;

use reports::CpuReport;

/// How many results by default: the tutorial computes `fib(35)` 20 times.
pub const DEFAULT_COUNT: usize = 20;

/// The most results a run accepts: a million. Their answers and timings take about
/// 50 MB, and at the tens of milliseconds each `fib(35)` takes, hours of computing.
pub const MAX_COUNT: usize = 1_000_000;

/// The most threads `--workers` accepts: 10,000. Each thread reserves 2 MiB of address
/// space for its stack, 20 GB at that count, and computes on one of only a few cores.
pub const MAX_THREADS: usize = 10_000;

/// The flags every CPU lesson takes: `CpuArgs::parse()` for a lesson with no flags of
/// its own, `#[command(flatten)]` in the `Args` of one that has some.
#[derive(Debug, Clone, clap::Parser)]
pub struct CpuArgs {
    /// How many results to compute: the tutorial's `fib(35)`, that many times.
    #[arg(long, default_value_t = DEFAULT_COUNT, value_parser = count, allow_negative_numbers = true)]
    pub count: usize,
    /// Print one JSON object instead of the human line.
    #[arg(long)]
    pub json: bool,
}

/// The flags of cpu_threading: the common ones and `--workers`.
#[derive(Debug, Clone, clap::Parser)]
pub struct ThreadArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub cpu: CpuArgs,
    /// How many threads compute at once.
    #[arg(long, default_value_t = WORKERS, value_parser = threads, allow_negative_numbers = true)]
    pub workers: usize,
}

/// `ThreadPoolExecutor(max_workers=5)` in the tutorial.
pub const WORKERS: usize = 5;

/// The flags of cpu_multiprocessing: the common ones and `--processes`.
#[derive(Debug, Clone, clap::Parser)]
pub struct ProcessArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub cpu: CpuArgs,
    /// How many worker processes compute at once (one per CPU, as
    /// `ProcessPoolExecutor()` chooses).
    #[arg(long, default_value_t = process_pool::default_processes(), value_parser = processes, allow_negative_numbers = true)]
    pub processes: usize,
}

/// `--count`: 0 to [`MAX_COUNT`].
fn count(value: &str) -> Result<usize, String> {
    reports::bounded(
        value,
        0,
        MAX_COUNT,
        "results: their answers and timings take about 50 bytes each, and fib(35) tens of milliseconds",
    )
}

/// `--workers` of cpu_threading: 1 to [`MAX_THREADS`].
fn threads(value: &str) -> Result<usize, String> {
    reports::bounded(
        value,
        1,
        MAX_THREADS,
        "threads: each reserves 2 MiB of address space for its stack",
    )
}

/// `--processes` of cpu_multiprocessing: 1 to [`process_pool::MAX_PROCESSES`].
fn processes(value: &str) -> Result<usize, String> {
    reports::bounded(value, 1, process_pool::MAX_PROCESSES, process_pool::MAX_PROCESSES_WHY)
}

/// `println!` for the summary line, which `--json` replaces with its report:
/// `summary!(args.cpu, "...", ...)`.
#[macro_export]
macro_rules! summary {
    ($flags:expr, $($arg:tt)*) => {
        if !$flags.json { println!($($arg)*) }
    };
}

/// With `--json`, prints the report: every result, how long they took, and the timeline
/// of the spans recorded with [`reports::timed`] (or by the process pool): which thread
/// or process computed each, from when to when. `workers` is how many threads or
/// processes the lesson set up; `seconds` how long the computing took. A debug build says here that it is one.
pub fn report(args: &CpuArgs, results: &[u64], seconds: f64, workers: usize) {
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build, not optimised; add --release for timings like the book's"
        );
    }
    if !args.json {
        return;
    }
    let spans = reports::recorded();
    let workers_used = spans.iter().map(|s| &s.worker).collect::<HashSet<_>>().len();
    let report = CpuReport {
        example: reports::program_name(),
        workload: "fib".to_owned(),
        count: results.len(),
        seconds: reports::round_seconds(seconds),
        workers,
        workers_used,
        results: results.iter().map(u64::to_string).collect(),
        items: reports::item_spans(&spans),
    };
    // A report that does not serialise is a bug here, not the lesson's: say so.
    match serde_json::to_string(&report) {
        Ok(line) => println!("{line}"),
        Err(error) => eprintln!("error: the report did not serialise: {error}"),
    }
}

/// The alignment `.cargo/config.toml` asks for every function (`-align-all-functions=6`:
/// 2^6 bytes), so that every lesson's `fib` sits the same way in its binary and runs at
/// the same speed (docs/runs/alignment.txt: unaligned, the same `fib` ran 1.25x apart in
/// two examples; aligned, a tie). Setting `RUSTFLAGS` replaces the config file's flags.
pub const FUNCTION_ALIGNMENT: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    /// A function like the lessons' `fib`, whose address the test can see.
    #[inline(never)]
    fn probe(n: u64) -> u64 {
        if n < 2 { n } else { probe(n - 2) + probe(n - 1) }
    }

    #[test]
    fn functions_are_aligned_as_the_cargo_config_asks() {
        // The tests build with .cargo/config.toml's flags unless RUSTFLAGS replaces them.
        if std::env::var_os("RUSTFLAGS").is_none() {
            let address = probe as fn(u64) -> u64 as usize;
            assert_eq!(address % FUNCTION_ALIGNMENT, 0, "probe at {address:#x}");
        }
        assert_eq!(probe(10), 55);
    }

    #[test]
    fn counts_past_the_bound_are_refused_with_the_reason() {
        assert_eq!(count("20"), Ok(20));
        for huge in ["18446744073709551615", "99999999999"] {
            assert!(count(huge).unwrap_err().contains("at most 1000000 results"));
        }
        assert!(threads("0").is_err() && processes("513").is_err());
    }
}
