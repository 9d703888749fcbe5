//! A small `multiprocessing.Pool`, built on `std::process` and nothing else.
//!
//! Python's `spawn` start method (the default on macOS and Windows) starts each worker
//! by running the program again; on Linux, Python used `fork` up to 3.13 and
//! `forkserver` from 3.14, which copy a process instead. This pool does what `spawn`
//! does, on every platform (forking a program that runs threads is not safe): the
//! program re-executes itself ([`std::env::current_exe`]) once per worker, with the
//! environment variable [`WORKER_ENV`] set to the worker's number. `main` calls
//! [`serve_if_worker`] first thing: in the parent it returns at once; in a worker it runs
//! the initializer once, then the work function for every item it is sent, and exits.
//!
//! Items go to a worker over its stdin and results come back over its stdout, one
//! length-prefixed frame each (see [`frame`]), so any bytes survive the trip. A worker
//! works on one item at a time and gets the next as soon as it answers, so a slow item
//! never holds up the others. [`Pool::map`] returns the results in input order, like
//! `Pool.map`.
//!
//! Failures stay with their item: a worker whose work function fails, that exits or is
//! killed mid-item, or that answers garbage fails only the item it was running, with an
//! error naming the item and the worker; a fresh worker takes its place. No child is
//! left behind: [`Pool::map`] waits for every worker it started, and kills the ones
//! that do not stop; and a worker whose parent dies sees its stdin close and exits.

pub mod frame;
mod message;
pub mod platform;
mod pool;
mod worker;

pub use message::Message;
pub use pool::{Pool, TaskError};
pub use worker::{current_process_name, print, serve_if_worker};

/// One worker process per CPU: what `ProcessPoolExecutor()` and `multiprocessing.Pool()`
/// choose when not told, and the examples' default for `--processes`.
pub fn default_processes() -> u16 {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    u16::try_from(cpus).unwrap_or(u16::MAX)
}

/// The environment variable that marks a worker process; its value is the worker's
/// number. The parent sets it; nothing else should.
pub const WORKER_ENV: &str = "PROCESS_POOL_WORKER";
