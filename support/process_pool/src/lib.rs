//! A small `ProcessPoolExecutor`, built on `std::process`.
//!
//! Python's `spawn` start method (the default on macOS and Windows) starts each worker
//! by running the program again; on Linux, Python used `fork` up to 3.13 and
//! `forkserver` from 3.14, which copy a process instead. This pool does what `spawn`
//! does, on every platform (forking a program that runs threads is not safe): the
//! program re-executes itself ([`std::env::current_exe`]) once per worker, with the
//! environment variable [`WORKER_ENV`] set to the worker's number.
//!
//! So a program names its work twice, once for each side:
//!
//! - `main` calls [`serve_if_worker`] (or [`serve_if_worker_with`], for an initializer)
//!   first thing. In the parent it returns at once; in a worker it runs the initializer
//!   once, then the work function for every item it is sent, and exits.
//! - The parent calls [`Pool::map`] with the same function and the items. The function's
//!   argument must be the items' type, or the call does not compile:
//!
//! ```compile_fail,E0631
//! fn download_site(url: String) -> Result<usize, String> {
//!     Ok(url.len())
//! }
//! let numbers = vec![35_u64; 20];
//! // download_site takes a String; these are numbers.
//! process_pool::Pool::new(2).map(download_site, &numbers);
//! ```
//!
//! and what it returns is what `map` returns, each result in a `Result` of its own:
//!
//! ```compile_fail,E0308
//! fn download_site(url: String) -> Result<usize, String> {
//!     Ok(url.len())
//! }
//! let sites = vec!["http://127.0.0.1/dice".to_owned()];
//! // download_site returns a byte count, not a String.
//! let pages: Vec<Result<String, process_pool::TaskError>> =
//!     process_pool::Pool::new(2).map(download_site, &sites);
//! ```
//!
//! Each worker is told which function the parent asked for, by its name, and refuses
//! items for any other, so the two calls cannot silently disagree.
//!
//! Items go to a worker over its stdin and results come back over its stdout, one JSON
//! line each (see [`wire`]); anything else the worker prints reaches the parent's stdout
//! as it is. A worker works on one item at a time and gets the next as soon as it
//! answers, so a slow item never holds up the others. [`Pool::map`] returns the results
//! in input order, like `executor.map`.
//!
//! Failures stay with their item: a worker whose work function fails, that exits or is
//! killed mid-item, or that answers garbage fails only the item it was running, with an
//! error naming the item and the worker; a fresh worker takes its place. No child is
//! left behind: [`Pool::map`] waits for every worker it started, and kills the ones
//! that do not stop; and a worker whose parent dies sees its stdin close and exits.

mod pool;
pub mod wire;
mod worker;

pub use pool::{Pool, TaskError};
pub use wire::Outcome;
pub use worker::{current_process_name, serve_if_worker, serve_if_worker_with};

/// One worker process per CPU: what `ProcessPoolExecutor()` chooses when not told, and
/// the examples' default for `--processes`.
pub fn default_processes() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The most worker processes a pool accepts: 512. Each is a whole copy of the program,
/// a few MiB of memory at the least (the book's figures have each example's peak), and
/// a machine with that many cores is rare.
pub const MAX_PROCESSES: usize = 512;

/// Why [`MAX_PROCESSES`] is the bound, in the words a flag's error gives after
/// `at most 512`.
pub const MAX_PROCESSES_WHY: &str =
    "processes: each is a whole copy of the program, a few MiB of memory at the least";

/// The environment variable that marks a worker process; its value is the worker's
/// number. The parent sets it; nothing else should.
pub const WORKER_ENV: &str = "PROCESS_POOL_WORKER";

/// The environment variable that tells a worker which work function the parent's `map`
/// was given, by its Rust path (`cpu_multiprocessing::fib`).
const WORK_ENV: &str = "PROCESS_POOL_WORK";

/// The same for the initializer; empty when the pool has none.
const INIT_ENV: &str = "PROCESS_POOL_INIT";

/// A function's Rust path, as the parent and its workers both name it: the name of its
/// type, which for a function item is the function's own path.
fn name_of<F>(_: &F) -> &'static str {
    std::any::type_name::<F>()
}
