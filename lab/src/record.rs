//! The one record of a run, Rust or Python, as docs/runs keeps it: a [`Set`] of points,
//! each a program run with its arguments against its server, with every repeat.
//!
//! The measure stage writes sets; the render stage reads them. Nothing else is kept:
//! every figure the book shows is worked out from these files when the book builds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// Where the sets live, from the repository's root.
pub const RUNS_DIR: &str = "docs/runs";

/// One measuring session: what it measured, on what, when, and every point.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Set {
    /// Its name: the file's stem, and how the book refers to it.
    pub name: String,
    /// What it measures, in a sentence, and how it was run.
    pub about: String,
    /// The command that made it, to run it again.
    pub command: String,
    /// CPU, cores, memory and OS, as the lab described the machine.
    pub machine: String,
    /// The rustc that built the programs, if it was recorded.
    #[serde(default)]
    pub rustc: String,
    /// The day it ran, `YYYY-MM-DD` (UTC).
    pub ran_on: String,
    /// How long the whole session took, in seconds, where it was recorded.
    #[serde(default)]
    pub took_s: Option<u64>,
    /// The set that measured the same points in an earlier session: how far each point
    /// moved between the two is its margin (see `stats`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier: Option<String>,
    /// How many times each point ran, in turns with the others.
    pub repeat: usize,
    /// The Python interpreters its Python points ran on, by the name the points use.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub interpreters: BTreeMap<String, Interpreter>,
    /// Every point, in the order they were first run.
    pub points: Vec<Point>,
}

/// A Python interpreter, as a set describes it once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Interpreter {
    /// `CPython 3.13.5`.
    pub version: String,
    /// Whether its GIL was on while it ran.
    pub gil: bool,
    /// How it was built, and anything else a reader should know.
    pub notes: Vec<String>,
}

/// One program, run with one set of arguments against one server, several times.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Point {
    /// How the book names it within its set: `joinset`, `io_threading-160`.
    pub id: String,
    /// How a table labels it.
    pub label: String,
    /// A lesson, a variant of the lab, a tutorial's script, or another program.
    pub program: String,
    /// `rust` or `python`.
    pub language: String,
    /// For a Python point, the interpreter (a key of [`Set::interpreters`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    /// Its arguments (for a script, what they stand for: its site count, say).
    #[serde(default)]
    pub args: Vec<String>,
    /// Environment variables set for it, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// The site server it downloaded from; none for the CPU programs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<Server>,
    /// How many copies ran at once (each repeat's wall time is the slowest's).
    #[serde(default = "one")]
    pub copies: usize,
    /// Every repeat, in the order they ran.
    pub repeats: Vec<Repeat>,
}

fn one() -> usize {
    1
}

/// How the site server of a point answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// Its latency, in milliseconds.
    pub latency_ms: u64,
    /// What each new connection cost on top, in milliseconds (a far server's handshake).
    #[serde(default)]
    pub connection_cost_ms: u64,
}

/// One run of a point, as measured from outside the program.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Repeat {
    /// Its exit code; `None` if a signal ended it.
    pub exit: Option<i32>,
    /// From start to exit, seconds.
    pub wall_s: f64,
    /// User plus system CPU time, its worker processes' included, seconds.
    pub cpu_s: f64,
    /// Of which user time, where it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_s: Option<f64>,
    /// Of which system time, where it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_s: Option<f64>,
    /// The peak resident memory of its largest process, KiB.
    pub peak_rss_kib: u64,
    /// The time the program printed for its own work, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_s: Option<f64>,
    /// Sites or results it got right, and those it failed, as it reported them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<u64>,
    /// See `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<u64>,
    /// What the site server counted during it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<Counted>,
    /// The program's own `--json` report, whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<serde_json::Value>,
    /// Lanes of what ran when: the server's requests (lane: the connection) or the
    /// program's own spans (lane: the thread or process), milliseconds from the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
    /// The last line it wrote to stderr, when it failed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub last_error: String,
    /// What it printed, for the runner to show; not kept.
    #[serde(skip)]
    pub stdout: String,
}

/// What the site server counted during one repeat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counted {
    /// The most site requests it answered at once.
    pub peak_in_flight: u64,
    /// Site requests it answered.
    pub requests: u64,
    /// TCP connections it accepted (not recorded in the oldest sets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<u64>,
    /// Connections that carried a request, each paying the connection cost.
    pub handshakes: u64,
    /// The CPU time of the server's own process during the run, seconds, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_s: Option<f64>,
    /// The server process's peak resident memory during the run, KiB, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_rss_kib: Option<u64>,
    /// Request records its log dropped (it keeps the newest 100,000), where recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_dropped: Option<u64>,
}

/// One thing that ran on one lane, milliseconds from the start of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// The lane: a connection, a thread or a process, numbered from 0 in order of first
    /// appearance.
    pub lane: u64,
    /// When it started.
    pub start_ms: f64,
    /// When it ended.
    pub end_ms: f64,
    /// What it was, when a run has more than one kind (`download`, `fib(38)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
}

impl Set {
    /// The set `name`, from `dir` (docs/runs).
    pub fn read(dir: &Path, name: &str) -> anyhow::Result<Set> {
        let path = dir.join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a set of runs", path.display()))
    }

    /// Every set in `dir`, by name.
    pub fn read_all(dir: &Path) -> anyhow::Result<BTreeMap<String, Set>> {
        let mut sets = BTreeMap::new();
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else { continue };
            if path.extension().is_some_and(|e| e == "json") {
                sets.insert(name.to_owned(), Set::read(dir, name)?);
            }
        }
        Ok(sets)
    }

    /// Writes the set to `dir/NAME.json`, pretty, and returns the path.
    pub fn write(&self, dir: &Path) -> anyhow::Result<PathBuf> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join(format!("{}.json", self.name));
        let text = serde_json::to_string_pretty(self)? + "\n";
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    }

    /// The point `id`.
    pub fn point(&self, id: &str) -> Option<&Point> {
        self.points.iter().find(|p| p.id == id)
    }
}

impl Repeat {
    /// Whether it exited 0.
    pub fn succeeded(&self) -> bool {
        self.exit == Some(0)
    }
}
