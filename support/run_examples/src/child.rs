//! Running one example as a child process: found beside this program, its stdout read
//! whole, its stderr passed through, and stopped at once on Ctrl-C.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

/// The exit status of a program stopped by Ctrl-C, as shells report it (128 + SIGINT).
pub const INTERRUPTED_EXIT: u8 = 130;

/// How often the wait for an example checks for Ctrl-C. The example times itself, so
/// this adds nothing to its figures; it only bounds how late Ctrl-C is noticed.
const POLL: Duration = Duration::from_millis(10);

/// Set when Ctrl-C (or SIGTERM on Unix) arrives.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Watches for Ctrl-C on a thread of its own. The running example is then stopped by
/// [`Examples::run`], and the program exits 130; until then, the signal's default
/// (ending this program at once and leaving the example running) is replaced.
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

/// The directory that holds the example programs.
#[derive(Debug)]
pub struct Examples {
    dir: PathBuf,
}

/// What one run of an example left behind.
#[derive(Debug)]
pub struct Ran {
    /// How it exited.
    pub status: ExitStatus,
    /// Everything it printed on stdout: with `--json`, its report.
    pub stdout: String,
}

impl Ran {
    /// Reads the report on stdout, if the example printed one that parses.
    pub fn report<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.stdout.trim()).ok()
    }
}

impl Examples {
    /// `dir`, or the directory of this program (`target/release` when the scripts or
    /// `cargo run --release` start it), where cargo puts every binary of the workspace.
    pub fn locate(dir: Option<PathBuf>) -> anyhow::Result<Examples> {
        let dir = match dir {
            Some(dir) => dir,
            None => std::env::current_exe()
                .context("cannot find this program's own path")?
                .parent()
                .context("this program's path has no directory")?
                .to_owned(),
        };
        Ok(Examples { dir })
    }

    /// The path of the example program `name`.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
    }

    /// Checks that every example in `names` has been built, before any runs.
    pub fn check(&self, names: &[String]) -> anyhow::Result<()> {
        let missing: Vec<&str> = names
            .iter()
            .filter(|name| !self.path(name).is_file())
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            bail!(
                "{} not found in {}: build the examples first with \
                 `cargo build --release` (./setup-examples.sh does it)",
                missing.join(", "),
                self.dir.display()
            );
        }
        Ok(())
    }

    /// Runs example `name` with `args` and `env`, passing its stderr through, and waits
    /// for it. On Ctrl-C it kills the example, waits for it, and exits the program 130.
    pub fn run(&self, name: &str, args: &[String], env: &[(&str, String)]) -> anyhow::Result<Ran> {
        let path = self.path(name);
        let mut child = Command::new(&path)
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {}", path.display()))?;
        let mut stdout = child.stdout.take().context("no stdout pipe")?;
        let reader = thread::spawn(move || {
            let mut text = String::new();
            let _ = stdout.read_to_string(&mut text);
            text
        });
        let status = wait_unless_interrupted(&mut child)?;
        // The reader ends when the example's stdout closes, which its exit does (its
        // worker processes write through the example, never to this pipe).
        let stdout = reader.join().unwrap_or_default();
        Ok(Ran { status, stdout })
    }
}

/// Waits for `child`; on Ctrl-C kills it, reaps it and exits this program with 130.
/// Killing the example is enough to stop its worker processes: each sees its stdin
/// close and exits (see process_pool).
fn wait_unless_interrupted(child: &mut Child) -> anyhow::Result<ExitStatus> {
    loop {
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                // Ctrl-C in a terminal reaches the example too, which may die of it
                // before the watcher thread has noted it here: give it one more poll,
                // so that the run stops instead of going on to the next example.
                thread::sleep(POLL);
                exit_if_interrupted();
            }
            return Ok(status);
        }
        if INTERRUPTED.load(Ordering::SeqCst) {
            let _ = child.kill();
            let _ = child.wait();
            exit_if_interrupted();
        }
        thread::sleep(POLL);
    }
}

/// Exits the program with 130 if Ctrl-C has arrived.
fn exit_if_interrupted() {
    if INTERRUPTED.load(Ordering::SeqCst) {
        eprintln!("\nInterrupted.");
        std::process::exit(i32::from(INTERRUPTED_EXIT));
    }
}

/// How an example ended, for the table: `exit 1`, or killed by a signal.
fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit {code}"),
        None => "killed by a signal".to_owned(),
    }
}

/// Says on stderr that `name` failed, and returns the table's result cell.
pub fn failed(name: &str, status: std::process::ExitStatus) -> String {
    let how = describe(status);
    eprintln!("{name} failed ({how})");
    format!("FAILED ({how})")
}

/// The examples the command line named, or the defaults.
pub fn names_or(named: &[String], defaults: &[&str]) -> Vec<String> {
    if named.is_empty() {
        defaults.iter().map(|n| (*n).to_owned()).collect()
    } else {
        named.to_vec()
    }
}
