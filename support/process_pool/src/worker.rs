//! The worker's side: what runs inside each child process.

use std::fmt::Display;
use std::io;
use std::process;
use std::sync::mpsc;
use std::thread;

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
    let items = read_items_until_the_parent_closes_stdin();
    init();
    for payload in items {
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
    // The reader thread exits the process when stdin closes, so this is not reached;
    // and a worker must never fall through into the parent's `main`.
    process::exit(0);
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

/// Reads the items the parent sends, on a thread of their own, and hands them over one
/// by one. When stdin closes, the parent is done with this worker, or gone: the thread
/// exits the whole process at once, even in the middle of an item. That is how a worker
/// never outlives the program that started it, on every platform: a pipe closes when
/// the process holding its other end exits, however it exits.
fn read_items_until_the_parent_closes_stdin() -> mpsc::Receiver<Vec<u8>> {
    // One item at a time: the parent never sends a second item before the answer.
    let (sender, items) = mpsc::sync_channel(1);
    let reader = thread::Builder::new()
        .name("stdin reader".into())
        .spawn(move || {
            let mut input = io::stdin().lock();
            loop {
                match frame::read(&mut input) {
                    Ok(Some((Tag::Item, payload))) => {
                        if sender.send(payload).is_err() {
                            return;
                        }
                    }
                    // The parent closed our stdin: no more work.
                    Ok(None) => process::exit(0),
                    Ok(Some((tag, _))) => fail_protocol(&format!("expected an item, got {tag:?}")),
                    Err(error) => fail_protocol(&error.to_string()),
                }
            }
        });
    if let Err(error) = reader {
        eprintln!(
            "{}: cannot start reading items: {error}",
            current_process_name()
        );
        process::exit(2);
    }
    items
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
