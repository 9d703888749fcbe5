//! The worker's side: what runs inside each child process.

use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;

use serde::de::DeserializeOwned;

use crate::wire::{self, Answer, Outcome};
use crate::{INIT_ENV, WORK_ENV, WORKER_ENV, name_of};

/// In a worker process, runs `work` on every item the parent sends until the parent
/// closes stdin, and returns the exit code for `main` to return; in the parent, returns
/// `None` at once. Call it first thing in `main`, before anything that should happen
/// only once (parsing flags, starting servers, printing): it is a Rust program's
/// `if __name__ == "__main__":`, the other way round.
#[must_use = "in a worker, main must return this exit code at once"]
pub fn serve_if_worker<F, I, R>(work: F) -> Option<ExitCode>
where
    F: Fn(I) -> R + Send + 'static,
    I: DeserializeOwned + Send + 'static,
    R: Outcome,
{
    serve(None, || {}, work)
}

/// [`serve_if_worker`] with an initializer that runs once per worker before its first
/// item: the tutorial's `ProcessPoolExecutor(initializer=init_process)`.
#[must_use = "in a worker, main must return this exit code at once"]
pub fn serve_if_worker_with<G, F, I, R>(init: G, work: F) -> Option<ExitCode>
where
    G: Fn() + Send + 'static,
    F: Fn(I) -> R + Send + 'static,
    I: DeserializeOwned + Send + 'static,
    R: Outcome,
{
    serve(Some(name_of(&init)), init, work)
}

/// The worker's two threads. The work runs on a thread of its own, and the main thread
/// reads stdin: when stdin closes, the parent is done with this worker, or gone, and
/// the main thread returns, which ends the process even in the middle of an item. That
/// is how a worker never outlives the program that started it, on every platform: a
/// pipe closes when the process holding its other end exits, however it exits.
fn serve<G, F, I, R>(init_name: Option<&str>, init: G, work: F) -> Option<ExitCode>
where
    G: Fn() + Send + 'static,
    F: Fn(I) -> R + Send + 'static,
    I: DeserializeOwned + Send + 'static,
    R: Outcome,
{
    worker_number()?;
    let refusal = refusal(name_of(&work), init_name.unwrap_or_default());
    // One item at a time: the parent never sends a second item before the answer.
    let (items, to_work) = mpsc::sync_channel::<Vec<u8>>(1);
    let worker = thread::Builder::new().name(current_process_name()).spawn(move || {
        if refusal.is_none() {
            init();
        }
        for line in to_work {
            let (result, span) = reports::Span::around(|| match &refusal {
                Some(why) => Err(why.clone()),
                None => run_one(&work, &line),
            });
            let sent = wire::answer_line(&Answer { result, span })
                .and_then(|answer| io::stdout().lock().write_all(&answer));
            if sent.is_err() {
                return; // The parent is gone; nobody is left to work for.
            }
        }
    });
    if let Err(error) = worker {
        eprintln!("{}: cannot start working: {error}", current_process_name());
        return Some(ExitCode::from(2));
    }
    let mut input = io::stdin().lock();
    loop {
        match wire::read_line(&mut input) {
            Ok(Some(line)) => {
                if items.send(line).is_err() {
                    return Some(ExitCode::FAILURE);
                }
            }
            // The parent closed our stdin: no more work.
            Ok(None) => return Some(ExitCode::SUCCESS),
            Err(error) => {
                eprintln!("{}: bad item from the parent: {error}", current_process_name());
                return Some(ExitCode::from(2));
            }
        }
    }
}

/// Why this worker refuses every item: the parent names the functions it was given, and
/// a worker serving others would run the wrong code.
fn refusal(work: &str, init: &str) -> Option<String> {
    let asked = |variable| std::env::var(variable).unwrap_or_default();
    if asked(WORK_ENV) != work {
        Some(format!(
            "the pool's map was given {}, but this program's workers run {work} \
             (serve_if_worker and map must name the same function)",
            asked(WORK_ENV)
        ))
    } else if asked(INIT_ENV) != init {
        Some(format!(
            "the pool's initializer is {:?}, but this program's workers run {init:?}",
            asked(INIT_ENV)
        ))
    } else {
        None
    }
}

/// Decodes one item and runs the work function on it. A panic fails the item, with its
/// message, and the worker carries on.
fn run_one<F, I, R>(work: &F, line: &[u8]) -> Result<R::Value, String>
where
    F: Fn(I) -> R,
    I: DeserializeOwned,
    R: Outcome,
{
    let item = serde_json::from_slice::<I>(line)
        .map_err(|why| format!("the item did not decode: {why}"))?;
    panic::catch_unwind(AssertUnwindSafe(|| work(item)))
        .map_err(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("the work function panicked: {message}")
        })?
        .into_result()
}

/// This process's name as Python's `multiprocessing.current_process().name` gives it:
/// `worker-N` in a worker, `main` in the parent.
pub fn current_process_name() -> String {
    match worker_number() {
        Some(n) => format!("worker-{n}"),
        None => "main".to_owned(),
    }
}

fn worker_number() -> Option<u64> {
    std::env::var(WORKER_ENV).ok()?.parse().ok()
}
