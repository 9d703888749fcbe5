//! Running one program as a child, measured from the outside as the OS counts it: wall
//! time from start to exit, user + system CPU time, and peak memory. Stopped, with every
//! process it started, on Ctrl-C or when it runs past its time limit.

use std::fmt;
use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use wait4::Wait4;

use crate::platform;

/// The exit status of a program stopped by Ctrl-C, as shells report it (128 + SIGINT).
pub const INTERRUPTED_EXIT: u8 = 130;

/// How often the wait checks for Ctrl-C and the time limit. The child's exit is seen
/// at once (a thread waits for it), so this bounds only how late a stop is noticed, and
/// adds nothing to the measured time.
const POLL: Duration = Duration::from_millis(10);

/// Set when Ctrl-C (or SIGTERM on Unix) arrives.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Watches for Ctrl-C on a thread of its own; from then on [`measure`] stops its child
/// and returns [`Interrupted`]. Until this is called, the signal's default (ending the
/// runner at once, and leaving the child running) is in force.
pub fn stop_on_interrupt() {
    let watcher = thread::Builder::new()
        .name("interrupt watcher".into())
        .spawn(|| {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(stop) = site_server::platform::stop_requested() {
                    stop.await;
                    INTERRUPTED.store(true, Ordering::SeqCst);
                }
            });
        });
    if let Err(error) = watcher {
        eprintln!("run_examples: cannot watch for Ctrl-C: {error}");
    }
}

/// The error that ends the run when Ctrl-C arrives; `main` turns it into exit 130.
#[derive(Debug)]
pub struct Interrupted;

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// How a measured child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It exited, or a signal it did not expect from us ended it.
    Exited(ExitStatus),
    /// It ran past its time limit and was killed, with its whole group.
    TimedOut(Duration),
}

/// One child's run, as seen from outside.
#[derive(Debug)]
pub struct Measured {
    /// How it ended.
    pub ended: Ended,
    /// From just before its start to its exit, as this process saw them.
    pub wall: Duration,
    /// User plus system CPU time of the child and of the children it waited for (its
    /// worker processes). On Windows, the child's own only.
    pub cpu: Duration,
    /// The largest resident set of the child or of any child it waited for, in bytes:
    /// the biggest single process, not a sum. Zero where the OS does not say.
    pub max_rss_bytes: u64,
    /// Everything it wrote to stdout.
    pub stdout: String,
    /// Everything it wrote to stderr, when the caller asked for it piped; else empty.
    pub stderr: String,
}

impl Measured {
    /// Whether it exited with status 0.
    pub fn success(&self) -> bool {
        matches!(self.ended, Ended::Exited(status) if status.success())
    }

    /// `exit 1`, `killed by a signal` or `timed out after 300 s`, for a failure's cell.
    pub fn describe(&self) -> String {
        match self.ended {
            Ended::Exited(status) => match status.code() {
                Some(code) => format!("exit {code}"),
                None => "killed by a signal".to_owned(),
            },
            Ended::TimedOut(limit) => format!("timed out after {} s", limit.as_secs()),
        }
    }

    /// The last line the child wrote to stderr: a traceback's verdict, or an error.
    pub fn last_error_line(&self) -> &str {
        self.stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
    }
}

/// Runs `command` (its stdout is read here, its stdin closed; its stderr as the caller
/// set it) in a process group of its own, and waits for it. Past `limit` it is killed
/// with its group and reported as [`Ended::TimedOut`]; on Ctrl-C it is killed the same
/// way and the error is [`Interrupted`].
pub fn measure(mut command: Command, limit: Option<Duration>) -> anyhow::Result<Measured> {
    command.stdin(Stdio::null()).stdout(Stdio::piped());
    platform::own_group(&mut command);
    let start = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {:?}", command.get_program()))?;
    let pid = child.id();
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    // wait4 blocks; a thread of its own waits, so that this one can watch the clock and
    // Ctrl-C, and the exit is timed the moment it happens.
    let (exited, exit) = mpsc::channel();
    thread::spawn(move || {
        let result = child.wait4();
        let _ = exited.send((result, Instant::now()));
    });
    let mut stopped = None;
    let (usage, end) = loop {
        match exit.recv_timeout(POLL) {
            Ok((result, end)) => break (result.context("cannot wait for the child")?, end),
            Err(mpsc::RecvTimeoutError::Timeout) if stopped.is_none() => {
                if INTERRUPTED.load(Ordering::SeqCst) {
                    platform::kill_tree(pid);
                    stopped = Some(None);
                } else if let Some(limit) = limit.filter(|l| start.elapsed() > *l) {
                    platform::kill_tree(pid);
                    stopped = Some(Some(limit));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                anyhow::bail!("the thread waiting for the child ended without a word")
            }
        }
    };
    let ended = match stopped {
        Some(None) => return Err(Interrupted.into()),
        Some(Some(limit)) => Ended::TimedOut(limit),
        None => Ended::Exited(usage.status),
    };
    Ok(Measured {
        ended,
        wall: end - start,
        cpu: usage.rusage.utime + usage.rusage.stime,
        max_rss_bytes: usage.rusage.maxrss,
        // The pipes close when the child and everything that shares them have exited.
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Reads a pipe to its end on a thread of its own, so that a child that fills one pipe
/// while this process reads the other never blocks.
fn read_all<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}
