//! The Python that runs the tutorial's scripts: one the user names (`--python`), or a
//! virtual environment this program makes once in the cache folder, with the packages
//! of the checkout's `requirements.txt` (requests and aiohttp).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::platform;
use crate::process::{self, Stderr};
use crate::usage::UsageError;

/// Marks a virtual environment as complete: written last, after pip succeeded. A folder
/// without it is what an interrupted or failed attempt left, and is made again.
const READY_MARKER: &str = "lab-ready";

/// How long pip may take to install the requirements: aiohttp and its seven
/// dependencies are wheels of a few MiB, seconds on a normal connection.
const PIP_LIMIT: Duration = Duration::from_secs(600);

/// How long creating the environment, or asking an interpreter about itself, may take.
const SETUP_LIMIT: Duration = Duration::from_secs(120);

/// What the table says of the interpreter, asked of the interpreter itself.
const ABOUT: &str = include_str!("about.py");

/// The interpreter that runs the scripts, as it describes itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Interpreter {
    /// The path this program starts.
    #[serde(skip)]
    pub path: PathBuf,
    /// `CPython`, `PyPy`, ...
    pub implementation: String,
    /// `3.11.7`.
    pub version: String,
    /// `sys.executable`: a path of this machine, so it is not written to the runs.
    #[serde(skip_serializing, default)]
    pub executable: String,
    /// Whether the GIL is on: always before 3.13; `sys._is_gil_enabled()` after.
    pub gil_enabled: bool,
    /// Whether this is a free-threaded build (`python3.13t`), whose GIL is off unless
    /// something turned it back on.
    pub free_threaded_build: bool,
    /// Its configure flags, without those that name a folder (`--enable-optimizations`,
    /// `--disable-gil`); runs made before this was recorded have none.
    #[serde(default)]
    pub configured_with: Vec<String>,
    /// What was done differently to install the tutorial's requirements, if anything.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Interpreter {
    /// `CPython 3.11.7, GIL on`.
    pub fn describe(&self) -> String {
        let gil = match (self.gil_enabled, self.free_threaded_build) {
            (false, _) => "GIL off (free-threaded)",
            (true, true) => "GIL on (a free-threaded build that turned it back on)",
            (true, false) => "GIL on",
        };
        format!("{} {}, {gil}", self.implementation, self.version)
    }

    /// `3.13.5 GIL off`: short, for a table's row.
    pub fn label(&self) -> String {
        let gil = if self.gil_enabled { "GIL on" } else { "GIL off" };
        format!("{} {gil}", self.version)
    }

    /// `CPython 3.13.5, GIL off (free-threaded), configured with --enable-optimizations
    /// --disable-gil`: what the run's first lines say of it.
    pub fn describe_build(&self) -> String {
        self.describe_build_with(|flags| flags.to_owned())
    }

    /// The same for a Markdown page: the flags as code, so that `--` stays two dashes.
    pub fn describe_build_markdown(&self) -> String {
        self.describe_build_with(|flags| format!("`{flags}`"))
    }

    /// [`Interpreter::describe_build`], its flags written by `flags`.
    fn describe_build_with(&self, flags: impl Fn(&str) -> String) -> String {
        let mut text = self.describe();
        if !self.configured_with.is_empty() {
            text += &format!(", configured with {}", flags(&self.configured_with.join(" ")));
        }
        for note in &self.notes {
            text += &format!("; {note}");
        }
        text
    }
}

/// aiohttp 3.10's C extension does not compile for a free-threaded CPython, and it has no
/// wheel for one; with this set, pip installs it as pure Python (and the GIL stays off).
const AIOHTTP_PURE_PYTHON: (&str, &str) = ("AIOHTTP_NO_EXTENSIONS", "1");

/// Said of an environment whose aiohttp was installed as pure Python.
const AIOHTTP_PURE_NOTE: &str = "aiohttp installed as pure Python (AIOHTTP_NO_EXTENSIONS=1: its C extension does not build for a free-threaded CPython)";

/// The file in a virtual environment that says its aiohttp is pure Python.
const PURE_MARKER: &str = "lab-aiohttp-pure-python";

/// The interpreter named with `--python`, used as it is: the user has installed what
/// the scripts need (a script that lacks a package fails, and its table row says which).
pub fn named(python: &Path) -> anyhow::Result<Interpreter> {
    about(python)
        .map_err(|error| UsageError(format!("--python {}: {error:#}", python.display())).into())
}

/// The project's own virtual environment for `requirements`, made from `base` (or
/// the system's Python) in `venv_dir` (or the cache folder) the first time and reused
/// after.
pub fn project_venv(
    base: Option<&Path>,
    requirements: Option<&Path>,
    venv_dir: Option<&Path>,
) -> anyhow::Result<Interpreter> {
    let base = base.unwrap_or(Path::new(platform::DEFAULT_PYTHON));
    let base_about = about(base).with_context(|| {
        format!(
            "no working `{}` found: install Python 3 (python.org, or your system's \
             package manager), or name an interpreter with --python",
            base.display()
        )
    })?;
    let wanted = match requirements {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?,
        None => String::new(),
    };
    let dir = match venv_dir {
        Some(dir) => dir.to_owned(),
        None => default_venv_dir(&base_about, &wanted)?,
    };
    let python = platform::venv_python(&dir);
    if dir.join(READY_MARKER).is_file() {
        return about_venv(&python, &dir);
    }
    if dir.exists() {
        eprintln!("Removing {}: an earlier attempt did not finish", dir.display());
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    eprintln!("Making a virtual environment for the tutorial's scripts, once: {}", dir.display());
    // From here on, a failure or Ctrl-C removes the half-made folder (on drop).
    let mut guard = Unfinished { dir: dir.clone(), done: false };
    check_venv_module(base)?;
    let mut venv = Command::new(base);
    venv.arg("-m").arg("venv").arg(&dir);
    setup_step(venv, SETUP_LIMIT, "could not make the virtual environment")?;
    if let Some(requirements) = requirements {
        eprintln!("Installing {} with pip", requirements.display());
        let mut pip = Command::new(&python);
        pip.args(["-m", "pip", "install", "--disable-pip-version-check"])
            .args(["--no-input", "--quiet", "-r"])
            .arg(requirements);
        if base_about.free_threaded_build {
            pip.env(AIOHTTP_PURE_PYTHON.0, AIOHTTP_PURE_PYTHON.1);
            std::fs::write(dir.join(PURE_MARKER), "")
                .with_context(|| format!("cannot write in {}", dir.display()))?;
        }
        setup_step(
            pip,
            PIP_LIMIT,
            &format!(
                "pip could not install the requirements of {} (is its package index \
                 reachable?)",
                requirements.display()
            ),
        )?;
    }
    std::fs::write(dir.join(READY_MARKER), "")
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    guard.done = true;
    about_venv(&python, &dir)
}

/// Asks the environment's Python what it is, and adds what was done to install into it.
fn about_venv(python: &Path, dir: &Path) -> anyhow::Result<Interpreter> {
    let mut interpreter = about(python)?;
    if dir.join(PURE_MARKER).is_file() {
        interpreter.notes.push(AIOHTTP_PURE_NOTE.to_owned());
    }
    Ok(interpreter)
}

/// `<cache>/rust-concurrency-lab/venv-CPython-3.11.7-<hash of requirements.txt>`: a new
/// interpreter or new requirements get an environment of their own.
fn default_venv_dir(base: &Interpreter, requirements: &str) -> anyhow::Result<PathBuf> {
    let cache = platform::cache_dir()
        .context("cannot find the cache folder (no home folder?): name one with --venv-dir")?;
    // The std hasher is enough for a cache key: a different hash after a Rust upgrade
    // only means one more environment.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    requirements.hash(&mut hasher);
    base.executable.hash(&mut hasher);
    Ok(cache.join("rust-concurrency-lab").join(format!(
        "venv-{}-{}-{:016x}",
        base.implementation,
        base.version,
        hasher.finish()
    )))
}

/// A virtual environment being made: removed when dropped before it is `done`.
struct Unfinished {
    dir: PathBuf,
    done: bool,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if !self.done && std::fs::remove_dir_all(&self.dir).is_ok() {
            eprintln!("Removed the unfinished {}", self.dir.display());
        }
    }
}

/// Fails with the fix when `python` cannot make virtual environments: Debian and Ubuntu
/// ship `venv`'s `ensurepip` in a package of its own.
fn check_venv_module(python: &Path) -> anyhow::Result<()> {
    let mut command = Command::new(python);
    command.args(["-c", "import venv, ensurepip"]);
    let ran = process::measure(command, Stderr::Capture, Some(SETUP_LIMIT))?;
    if !ran.success() {
        bail!(
            "{} cannot make virtual environments ({}): on Debian or Ubuntu, \
             `sudo apt install python3-venv`; or name an interpreter that has requests \
             and aiohttp with --python",
            python.display(),
            ran.last_error_line()
        );
    }
    Ok(())
}

/// Runs one step of the set-up with its output captured, and fails with its last lines.
fn setup_step(command: Command, limit: Duration, what: &str) -> anyhow::Result<()> {
    let ran = process::measure(command, Stderr::Capture, Some(limit))?;
    if !ran.success() {
        let output = format!("{}{}", ran.stdout, ran.stderr);
        let tail: Vec<&str> = output.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("{what} ({}):\n{}", ran.describe(), tail.join("\n"));
    }
    Ok(())
}

/// Asks `python` what it is.
fn about(python: &Path) -> anyhow::Result<Interpreter> {
    let mut command = Command::new(python);
    command.args(["-c", ABOUT]);
    let ran = process::measure(command, Stderr::Capture, Some(SETUP_LIMIT))?;
    if !ran.success() {
        bail!("it does not run ({}): {}", ran.describe(), ran.last_error_line());
    }
    let mut interpreter: Interpreter = serde_json::from_str(ran.stdout.trim())
        .with_context(|| format!("it is not Python 3: it answered {:?}", ran.stdout))?;
    interpreter.path = python.to_owned();
    Ok(interpreter)
}
