//! The worker's side: what runs inside each child process.

use std::fmt::Display;
use std::io;
use std::process;
use std::thread;
use std::time::Duration;

use crate::frame::{self, Tag};
use crate::{Message, WORKER_ENV};

/// In a worker process, serves items until the parent closes stdin, then exits; in
/// the parent, returns at once. Call it first thing in `main`, before anything that
/// should only happen once (parsing flags, starting servers, printing).
///
/// `init` runs once per worker before its first item: the tutorial's
/// `initializer=init_process`. `work` runs once per item; its error is sent back to the
/// parent as the item's failure.
pub fn serve_if_worker<I, O, E>(init: fn(), work: fn(I) -> Result<O, E>)
where
    I: Message,
    O: Message,
    E: Display,
{
    if worker_number().is_none() {
        return;
    }
    exit_with_parent();
    init();
    let mut input = io::stdin().lock();
    loop {
        let payload = match frame::read(&mut input) {
            Ok(Some((Tag::Item, payload))) => payload,
            // The parent closed our stdin: no more work.
            Ok(None) => process::exit(0),
            Ok(Some((tag, _))) => fail_protocol(&format!("expected an item, got {tag:?}")),
            Err(error) => fail_protocol(&error.to_string()),
        };
        // `{:#}` shows an error's causes too (anyhow prints its whole chain with it).
        let answer = I::from_bytes(&payload)
            .map_err(|why| format!("the item did not decode: {why}"))
            .and_then(|item| work(item).map_err(|error| format!("{error:#}")));
        let sent = match answer {
            Ok(result) => frame::write(&mut io::stdout().lock(), Tag::Ok, &result.to_bytes()),
            Err(message) => frame::write(&mut io::stdout().lock(), Tag::Err, message.as_bytes()),
        };
        if sent.is_err() {
            // The parent is gone; nobody is left to work for.
            process::exit(1);
        }
    }
}

/// This process's name as Python's `multiprocessing.current_process().name` gives it:
/// `worker-N` in a worker, `main` in the parent.
pub fn current_process_name() -> String {
    match worker_number() {
        Some(n) => format!("worker-{n}"),
        None => "main".to_owned(),
    }
}

/// Prints a line where the user sees it. In a worker, stdout carries the frames, so a
/// plain `println!` would corrupt them: the line travels to the parent as a frame and
/// the parent prints it.
pub fn print(line: &str) {
    if worker_number().is_some() {
        // If the parent is gone, the line has nowhere to go; the next answer notices.
        let _ = frame::write(&mut io::stdout().lock(), Tag::Out, line.as_bytes());
    } else {
        println!("{line}");
    }
}

/// How often a worker checks that its parent is still alive.
const PARENT_CHECK: Duration = Duration::from_millis(100);

/// Exits this worker soon after its parent dies, even in the middle of an item. A worker
/// would notice at its next read from stdin anyway, but an item can run long (or hang),
/// and a worker must not outlive the program that started it. When the parent dies, the
/// worker is handed to another process, so its parent id changes.
fn exit_with_parent() {
    let parent = std::os::unix::process::parent_id();
    let watchdog = thread::Builder::new()
        .name("parent watchdog".into())
        .spawn(move || {
            loop {
                thread::sleep(PARENT_CHECK);
                if std::os::unix::process::parent_id() != parent {
                    process::exit(1);
                }
            }
        });
    if let Err(error) = watchdog {
        eprintln!(
            "{}: cannot watch for the parent's exit: {error}",
            current_process_name()
        );
    }
}

fn worker_number() -> Option<u64> {
    std::env::var(WORKER_ENV).ok()?.parse().ok()
}

fn fail_protocol(why: &str) -> ! {
    eprintln!(
        "{}: bad message from the parent: {why}",
        current_process_name()
    );
    process::exit(2);
}
