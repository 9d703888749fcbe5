//! Running one program as a child, measured from the outside as the OS counts it: wall
//! time from start to exit, user + system CPU time, and peak memory. Stopped, with every
//! process it started, on Ctrl-C or when it runs past its time limit.

use std::fmt;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use wait4::Wait4;

use super::platform;

/// The exit status of a program stopped by Ctrl-C, as shells report it (128 + SIGINT).
pub const INTERRUPTED_EXIT: u8 = 130;

/// How often the wait checks for the child's exit, Ctrl-C and the time limit. The
/// helper times the child itself, so this adds nothing to the measured time; it only
/// bounds how late an exit or a stop is noticed.
const POLL: Duration = Duration::from_millis(10);

/// Set when Ctrl-C (or SIGTERM on Unix) arrives.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Watches for Ctrl-C on a thread of its own; from then on [`measure`] stops its child
/// and returns [`Interrupted`]. Until this is called, the signal's default (ending the
/// runner at once, and leaving the child running) is in force.
pub fn stop_on_interrupt() {
    let watching = site_server::platform::when_stop_requested(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
    });
    if let Err(error) = watching {
        eprintln!("lab: cannot watch for Ctrl-C: {error}");
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
    /// It exited with this code, or (`None`) a signal it did not expect from us ended it.
    Exited(Option<i32>),
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
    /// User CPU time of the child and of the children it waited for (its worker
    /// processes). On Windows, the child's own only.
    pub user: Duration,
    /// System CPU time, the same way.
    pub system: Duration,
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
        self.ended == Ended::Exited(Some(0))
    }

    /// `exit 1`, `killed by a signal` or `timed out after 300 s`, for a failure's cell.
    pub fn describe(&self) -> String {
        match self.ended {
            Ended::Exited(Some(code)) => format!("exit {code}"),
            Ended::Exited(None) => "killed by a signal".to_owned(),
            Ended::TimedOut(limit) => format!("timed out after {} s", limit.as_secs()),
        }
    }

    /// The last line the child wrote to stderr: a traceback's verdict, or an error.
    pub fn last_error_line(&self) -> &str {
        self.stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim()
    }
}

/// Marks the measuring helper: this program started again, whose only job is to start
/// the child, wait for it and write what the OS counted to the file this names.
///
/// Why a helper: on Linux a new program's peak-memory count starts from that of the
/// process that started it (the count is taken over at `exec`), so a child started by
/// the runner, which holds a server and every report so far, would be charged the
/// runner's 9 MiB. The helper has started nothing and holds about 2 MiB.
const MEASURE_ENV: &str = "RUN_EXAMPLES_MEASURE";

/// What the helper writes for the runner.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Usage {
    /// The child's exit code; `None` if a signal ended it.
    code: Option<i32>,
    /// From just before the child's start to its exit, as the helper saw them.
    wall_s: f64,
    /// User CPU time, the child's and its waited-for children's.
    user_s: f64,
    /// System CPU time, the same way.
    system_s: f64,
    /// The largest resident set among them, in bytes.
    max_rss_bytes: u64,
}

/// Runs `command` (its stdout read here, its stdin closed, its stderr as asked) through
/// the measuring helper, in a process group of its own, and waits for it. Past `limit`
/// it is killed with its group and reported as [`Ended::TimedOut`]; on Ctrl-C it is
/// killed the same way and the error is [`Interrupted`].
pub fn measure(command: Command, limit: Option<Duration>) -> anyhow::Result<Measured> {
    let usage_file = std::env::temp_dir().join(format!(
        "lab-usage-{}-{}.json",
        std::process::id(),
        USAGE_FILES.fetch_add(1, Ordering::Relaxed)
    ));
    let mut helper =
        Command::new(std::env::current_exe().context("cannot find this program's path")?);
    helper.env(MEASURE_ENV, &usage_file).arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => helper.env(key, value),
            None => helper.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        helper.current_dir(dir);
    }
    helper.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    platform::own_group(&mut helper);
    let start = Instant::now();
    let mut child =
        helper.spawn().with_context(|| format!("cannot start {:?}", command.get_program()))?;
    let pid = child.id();
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    let mut stopped = None;
    let status = loop {
        if let Some(status) = child.try_wait().context("cannot wait for the child")? {
            break status;
        }
        if stopped.is_none() {
            if INTERRUPTED.load(Ordering::SeqCst) {
                platform::kill_tree(pid);
                stopped = Some(None);
            } else if let Some(limit) = limit.filter(|l| start.elapsed() > *l) {
                platform::kill_tree(pid);
                stopped = Some(Some(limit));
            }
        }
        thread::sleep(POLL);
    };
    let usage: Option<Usage> =
        std::fs::read_to_string(&usage_file).ok().and_then(|text| serde_json::from_str(&text).ok());
    let _ = std::fs::remove_file(&usage_file);
    let ended = match stopped {
        Some(None) => return Err(Interrupted.into()),
        Some(Some(limit)) => Ended::TimedOut(limit),
        // The child's own status, as the helper saw it; else the helper's.
        None => Ended::Exited(usage.as_ref().map_or(status.code(), |u| u.code)),
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let Some(usage) = usage else {
        // The helper could not start the program: it said why on stderr, exit 127.
        if ended == Ended::Exited(Some(HELPER_CANNOT_START)) {
            anyhow::bail!("cannot start {:?}: {}", command.get_program(), stderr.trim());
        }
        return Ok(Measured {
            ended,
            wall: start.elapsed(),
            user: Duration::ZERO,
            system: Duration::ZERO,
            max_rss_bytes: 0,
            stdout,
            stderr,
        });
    };
    Ok(Measured {
        ended,
        wall: Duration::from_secs_f64(usage.wall_s),
        user: Duration::from_secs_f64(usage.user_s),
        system: Duration::from_secs_f64(usage.system_s),
        max_rss_bytes: usage.max_rss_bytes,
        stdout,
        stderr,
    })
}

/// Numbers the helpers' files.
static USAGE_FILES: AtomicU64 = AtomicU64::new(0);

/// The helper's exit status when it cannot start the program (as a shell's 127).
const HELPER_CANNOT_START: i32 = 127;

/// If this process is a measuring helper, does its whole job and returns its exit
/// status; else `None`. Called first thing in `main`.
pub fn helper_main() -> Option<std::process::ExitCode> {
    let usage_file = std::env::var_os(MEASURE_ENV)?;
    let mut args = std::env::args_os().skip(1);
    let program = args.next()?;
    let start = Instant::now();
    let spawned = Command::new(&program).args(args).env_remove(MEASURE_ENV).spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => {
            eprintln!("{error}");
            return Some(std::process::ExitCode::from(HELPER_CANNOT_START as u8));
        }
    };
    let Ok(used) = child.wait4() else {
        return Some(std::process::ExitCode::FAILURE);
    };
    let usage = Usage {
        code: used.status.code(),
        wall_s: start.elapsed().as_secs_f64(),
        user_s: used.rusage.utime.as_secs_f64(),
        system_s: used.rusage.stime.as_secs_f64(),
        max_rss_bytes: used.rusage.maxrss,
    };
    if let Ok(text) = serde_json::to_string(&usage) {
        let _ = std::fs::write(usage_file, text);
    }
    // The child's own exit code; a signal's death becomes 1 (the runner saw the report).
    let code = used.status.code().unwrap_or(1);
    Some(std::process::ExitCode::from(u8::try_from(code).unwrap_or(1)))
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
