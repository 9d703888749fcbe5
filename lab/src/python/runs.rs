//! The runs themselves, Python and Rust in turn, and the tables made of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Context;
use reports::{CpuReport, IoReport, median_range};
use serde::{Deserialize, Serialize};

use super::interpreter::Interpreter;
use crate::examples::{self, Examples};
use crate::materials::{self, Half, Materials, Pair};
use crate::process::{self, Measured, Stderr};
use crate::runner::table::Table;

/// Before a program has run once, the progress line guesses its time: about a minute
/// for a Python CPU script (40 s to 80 s on a 2-core test machine)...
const GUESS_PYTHON_CPU: Duration = Duration::from_secs(60);
/// ...and a few seconds for anything else (8.6 s for the slowest, io_non_concurrent.py).
const GUESS_OTHER: Duration = Duration::from_secs(5);

/// How the runs are made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Runs of each program.
    pub repeat: usize,
    /// A smoke run: fewer sites and results.
    pub quick: bool,
    /// The server's latency per site.
    pub latency_ms: u64,
    /// The time limit per run.
    #[serde(skip)]
    pub limit: Duration,
}

/// Python or Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// The tutorial's script.
    Python,
    /// Its Rust twin.
    Rust,
}

/// One run of one program, as measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    /// The Python script's label (`io_threads.py`): the pair it belongs to.
    pub pair: String,
    /// The Rust twin's name.
    pub twin: String,
    /// I/O or CPU (`io` or `cpu` in the JSON).
    pub half: Half,
    /// Which of the two ran.
    pub language: Language,
    /// Python: which interpreter, from 0, in the order the run names them (runs made
    /// before there could be several have none: the one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<usize>,
    /// Which repeat this was, from 1.
    pub repeat: usize,
    /// `None` when it succeeded; else why not.
    pub failure: Option<String>,
    /// Wall time of the whole process, start to exit.
    pub wall_s: f64,
    /// User + system CPU time of the process and its worker processes.
    pub cpu_s: f64,
    /// The largest resident set of one process (itself or a worker), in MiB.
    pub max_rss_mib: f64,
    /// The time the program printed for its own work (without interpreter start-up).
    pub own_seconds: Option<f64>,
    /// I/O: the requests the server answered during the run.
    pub requests: u64,
    /// I/O: the most requests the server had in flight at once.
    pub peak_in_flight: u64,
    /// I/O: the connections the program opened to the server.
    pub connections: u64,
}

/// A script that could not be run as the tutorial wrote it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skipped {
    /// Its label.
    pub pair: String,
    /// I/O or CPU: the table it belongs in.
    pub half: Half,
    /// Why.
    pub reason: String,
}

/// Every run, and the scripts skipped.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// The interpreters the scripts ran on, in the order given.
    #[serde(default)]
    pub interpreters: Vec<Interpreter>,
    /// In the order they ran.
    pub runs: Vec<Run>,
    /// Refused by the URL check.
    pub skipped: Vec<Skipped>,
}

/// A scratch folder for the copies of the scripts, removed when dropped (also on an
/// error or Ctrl-C, which end the run by returning an error).
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A script copied and rewritten, ready to run.
struct Prepared {
    pair: Pair,
    copy: PathBuf,
}

/// Copies each pair's script to `scratch` with its URLs rewritten; the ones that cannot
/// be are skipped and said so.
fn prepare(
    materials: &Materials,
    pairs: &[Pair],
    base_url: &str,
    quick: bool,
    scratch: &Path,
    outcome: &mut Outcome,
) -> anyhow::Result<Vec<Prepared>> {
    let mut prepared = Vec::new();
    for pair in pairs {
        let original = materials.script(pair);
        let text = std::fs::read_to_string(&original)
            .with_context(|| format!("cannot read {}", original.display()))?;
        let rewritten = materials::rewrites_for(&text, pair, base_url, quick)
            .and_then(|rewrites| materials::rewrite(&text, &rewrites));
        match rewritten {
            Ok(text) => {
                // One folder per script's folder: the two tutorials reuse file names.
                let dir = scratch.join(pair.folder);
                std::fs::create_dir_all(&dir)?;
                let copy = dir.join(pair.script);
                std::fs::write(&copy, text)?;
                prepared.push(Prepared { pair: *pair, copy });
            }
            Err(refused) => {
                eprintln!("Skipping {}: {refused}", pair.label());
                outcome.skipped.push(Skipped {
                    pair: pair.label(),
                    half: pair.half,
                    reason: refused.to_string(),
                });
            }
        }
    }
    Ok(prepared)
}

/// Runs each prepared script and its twin in turn, `repeat` times, Python first.
pub fn run_all(
    examples: &Examples,
    materials: &Materials,
    pairs: &[Pair],
    pythons: Vec<Interpreter>,
    server: &site_server::Handle,
    settings: &Settings,
) -> anyhow::Result<Outcome> {
    let scratch = Scratch(std::env::temp_dir().join(format!("lab-python-{}", std::process::id())));
    std::fs::create_dir_all(&scratch.0)
        .with_context(|| format!("cannot make {}", scratch.0.display()))?;
    let mut outcome = Outcome { interpreters: pythons, ..Outcome::default() };
    let prepared =
        prepare(materials, pairs, &server.base_url(), settings.quick, &scratch.0, &mut outcome)?;
    // In turns: each interpreter, then the twin, then the next repeat, so that a slow
    // stretch of the machine falls on all of them.
    let mut plan = Vec::new();
    for script in &prepared {
        for repeat in 1..=settings.repeat {
            for python in 0..outcome.interpreters.len() {
                plan.push((script, Language::Python, repeat, Some(python)));
            }
            plan.push((script, Language::Rust, repeat, None));
        }
    }
    let several = outcome.interpreters.len() > 1;
    let started = Instant::now();
    for (done, (script, language, repeat, python)) in plan.iter().enumerate() {
        let left = estimate_left(&outcome.runs, &plan[done..], settings.quick);
        let name = match (language, python) {
            (Language::Python, Some(i)) if several => {
                format!("{} on {}", script.pair.label(), outcome.interpreters[*i].label())
            }
            (Language::Python, _) => script.pair.label(),
            (Language::Rust, _) => script.pair.twin.to_owned(),
        };
        eprintln!(
            "[{}/{}] {name}, run {repeat} of {} ({} so far, about {} left)",
            done + 1,
            plan.len(),
            settings.repeat,
            minutes(started.elapsed()),
            minutes(left)
        );
        server.stats().reset();
        let ran = match (language, python) {
            (Language::Python, Some(i)) => run_python(&outcome.interpreters[*i], script, settings)?,
            _ => run_rust(examples, &script.pair, &server.base_url(), settings)?,
        };
        let stats = server.stats().snapshot();
        let mut run = judge(&script.pair, *language, *repeat, &ran, &stats, settings);
        run.interpreter = *python;
        println!("{}", summary(&name, &run));
        outcome.runs.push(run);
    }
    Ok(outcome)
}

/// `3 min 20 s` or `40 s`.
fn minutes(time: Duration) -> String {
    let seconds = time.as_secs();
    if seconds >= 60 {
        format!("{} min {} s", seconds / 60, seconds % 60)
    } else {
        format!("{seconds} s")
    }
}

/// The time the runs still in `plan` will take: each guessed from the runs so far of
/// the same program, else of the same half and language, else a constant.
fn estimate_left(
    runs: &[Run],
    plan: &[(&Prepared, Language, usize, Option<usize>)],
    quick: bool,
) -> Duration {
    // `--quick` does a tenth of the work or less.
    let scale = if quick { 10 } else { 1 };
    let mean = |pick: &dyn Fn(&Run) -> bool| {
        let times: Vec<f64> = runs.iter().filter(|r| pick(r)).map(|r| r.wall_s).collect();
        (!times.is_empty()).then(|| times.iter().sum::<f64>() / times.len() as f64)
    };
    plan.iter()
        .map(|(script, language, _, python)| {
            let label = script.pair.label();
            let half = script.pair.half;
            mean(&|r: &Run| r.pair == label && r.language == *language && r.interpreter == *python)
                .or_else(|| mean(&|r: &Run| r.pair == label && r.language == *language))
                .or_else(|| mean(&|r: &Run| r.half == half && r.language == *language))
                .map(Duration::from_secs_f64)
                .unwrap_or(if *language == Language::Python && script.pair.half == Half::Cpu {
                    GUESS_PYTHON_CPU / scale
                } else {
                    GUESS_OTHER / scale
                })
        })
        .sum()
}

/// Runs the rewritten copy of a script with the chosen interpreter, in its folder.
fn run_python(
    python: &Interpreter,
    script: &Prepared,
    settings: &Settings,
) -> anyhow::Result<Measured> {
    let mut command = Command::new(&python.path);
    command
        .arg(&script.copy)
        .current_dir(script.copy.parent().unwrap_or(Path::new(".")))
        // requests honours a proxy set in the environment; the server is local.
        .env("NO_PROXY", "127.0.0.1,localhost");
    process::measure(command, Stderr::Capture, Some(settings.limit))
}

/// Runs `pair`'s Rust twin with the same work as the script: its sites from the same
/// server, or its workload, and as many of them.
fn run_rust(
    examples: &Examples,
    pair: &Pair,
    base_url: &str,
    settings: &Settings,
) -> anyhow::Result<Measured> {
    let mut command = examples.command(pair.twin);
    command.arg("--json");
    match pair.workload {
        None => {
            let count =
                if settings.quick { materials::QUICK_SITES } else { io_support::DEFAULT_COUNT };
            command.args(["--count", &count.to_string()]).env(io_support::SITES_URL_ENV, base_url);
        }
        Some(materials::Workload::Squares) => anyhow::bail!(
            "{}: the lessons no longer compute the 2019 tutorial's sums of squares; \
             its committed runs stay in docs/python-vs-rust",
            pair.label()
        ),
        Some(materials::Workload::Fib) => {
            let count =
                if settings.quick { materials::QUICK_RESULTS } else { cpu_support::DEFAULT_COUNT };
            command.args(["--count", &count.to_string()]);
        }
    }
    process::measure(command, Stderr::Capture, Some(settings.limit))
}

/// Turns one measured run into a row of figures, and decides whether it succeeded: it
/// exited 0, printed its final line, and (I/O) every one of its sites reached the server.
fn judge(
    pair: &Pair,
    language: Language,
    repeat: usize,
    ran: &Measured,
    stats: &site_server::Snapshot,
    settings: &Settings,
) -> Run {
    let expected_sites =
        if settings.quick { materials::QUICK_SITES } else { io_support::DEFAULT_COUNT } as u64;
    // A Python script says nothing of a download that failed (io_asyncio.py gathers
    // with `return_exceptions=True`), and a worker's "Read" line can be lost in a pipe:
    // the server's count is what says every site was asked for. A Rust twin's report
    // counts its own successes.
    let (own_seconds, downloaded) = match (language, pair.half) {
        (Language::Python, _) => (own_seconds(&ran.stdout), stats.requests),
        (Language::Rust, Half::Io) => {
            examples::report::<IoReport>(ran).map_or((None, 0), |r| (Some(r.seconds), r.ok as u64))
        }
        (Language::Rust, Half::Cpu) => (examples::report::<CpuReport>(ran).map(|r| r.seconds), 0),
    };
    let failure = if !ran.success() {
        let why = ran.last_error_line();
        Some(if why.is_empty() { ran.describe() } else { format!("{}: {why}", ran.describe()) })
    } else if own_seconds.is_none() {
        Some("printed no final line with its time".to_owned())
    } else if pair.half == Half::Io
        && (downloaded < expected_sites || stats.requests < expected_sites)
    {
        Some(format!(
            "{downloaded} of {expected_sites} sites downloaded, {} requests reached the server",
            stats.requests
        ))
    } else {
        None
    };
    if let Some(failure) = &failure {
        eprintln!("{} ({language:?}) failed: {failure}", pair.label());
    }
    Run {
        pair: pair.label(),
        twin: pair.twin.to_owned(),
        half: pair.half,
        language,
        interpreter: None,
        repeat,
        failure,
        wall_s: ran.wall.as_secs_f64(),
        cpu_s: ran.cpu.as_secs_f64(),
        max_rss_mib: ran.max_rss_bytes as f64 / (1024.0 * 1024.0),
        own_seconds,
        requests: stats.requests,
        peak_in_flight: stats.peak_in_flight,
        connections: stats.connections,
    }
}

/// The time a script printed on its last line that has one, the tutorial's four ways:
/// `Downloaded 160 sites in 8.6 seconds`, `Downloaded 160 in 8.6 seconds`,
/// `Computed in 37.7 seconds`, `Duration 37.7 seconds`.
pub fn own_seconds(stdout: &str) -> Option<f64> {
    stdout.lines().rev().find_map(|line| {
        let before = line.trim().strip_suffix("seconds")?;
        before.split_whitespace().last()?.parse().ok()
    })
}

/// The line printed after each run.
fn summary(name: &str, run: &Run) -> String {
    let mut line = format!(
        "{name}: {:.3} s wall, {:.2} s CPU, {:.0} MiB",
        run.wall_s, run.cpu_s, run.max_rss_mib
    );
    if run.half == Half::Io {
        line += &format!(
            ", peak {} in flight on {} connection(s)",
            run.peak_in_flight, run.connections
        );
    }
    line += match &run.failure {
        None => ", ok",
        Some(_) => ", FAILED",
    };
    line
}

/// The printed tables, and the same in Markdown for the docs.
pub struct Tables {
    /// For the terminal.
    pub text: String,
    /// For a `.md` file.
    pub markdown: String,
}

/// `8.650 (8.620-8.680)`: the median and, in brackets, the fastest and slowest run; just
/// `8.650` when the runs agree to the digits shown (or there is one), or `-`.
fn cell(values: &[f64], decimals: usize) -> String {
    match median_range(values) {
        None => "-".to_owned(),
        Some((median, lo, hi)) => {
            let (lo, hi) = (format!("{lo:.decimals$}"), format!("{hi:.decimals$}"));
            if lo == hi {
                format!("{median:.decimals$}")
            } else {
                format!("{median:.decimals$} ({lo}-{hi})")
            }
        }
    }
}

/// How many times longer Python took: `4.30x`, or `tie` when the two ranges of runs
/// overlap (a difference inside the noise is no difference).
pub fn ratio(python: &[f64], rust: &[f64]) -> String {
    let range = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    match (median_range(python), median_range(rust)) {
        (Some((p, _, _)), Some((r, _, _))) if r > 0.0 => {
            let ((p_lo, p_hi), (r_lo, r_hi)) = (range(python), range(rust));
            if python.len() > 1 && p_lo <= r_hi && r_lo <= p_hi {
                "tie".to_owned()
            } else {
                format!("{:.2}x", p / r)
            }
        }
        _ => "-".to_owned(),
    }
}

/// `5`, or `4-5` when the runs differ.
fn count_cell(values: &[u64]) -> String {
    match (values.iter().min(), values.iter().max()) {
        (Some(lo), Some(hi)) if lo == hi => lo.to_string(),
        (Some(lo), Some(hi)) => format!("{lo}-{hi}"),
        _ => "-".to_owned(),
    }
}

impl Outcome {
    /// Whether every run succeeded and no script was skipped.
    pub fn all_ok(&self) -> bool {
        self.skipped.is_empty() && self.runs.iter().all(|r| r.failure.is_none())
    }

    /// One table per half, the pairs in the order they ran.
    pub fn tables(&self) -> Tables {
        let mut by_pair: BTreeMap<(Half, usize), Vec<&Run>> = BTreeMap::new();
        let mut order: Vec<&str> = Vec::new();
        for run in &self.runs {
            if !order.contains(&run.pair.as_str()) {
                order.push(&run.pair);
            }
            let index = order.iter().position(|p| *p == run.pair).unwrap_or(0);
            by_pair.entry((run.half, index)).or_default().push(run);
        }
        // With several interpreters, a row per script and interpreter, each beside the
        // same runs of the twin.
        let pythons: Vec<Option<usize>> = if self.interpreters.len() > 1 {
            (0..self.interpreters.len()).map(Some).collect()
        } else {
            vec![None]
        };
        let mut text = String::new();
        let mut markdown = String::new();
        for half in [Half::Io, Half::Cpu] {
            let mut header = vec![
                "Python script",
                "Rust twin",
                "Py s",
                "Rs s",
                "Py/Rs",
                "Py CPU s",
                "Rs CPU s",
                "Py MiB",
                "Rs MiB",
            ];
            if half == Half::Io {
                header.extend(["Py peak", "Rs peak", "Py conns", "Rs conns"]);
            }
            header.push("result");
            let mut table = Table::new(&header).with_name_columns(2);
            for ((_, _), runs) in by_pair.iter().filter(|((h, _), _)| *h == half) {
                for python in &pythons {
                    let label = python.map(|i| self.interpreters[i].label());
                    table.push(row(runs, *python, label.as_deref(), half == Half::Io));
                }
            }
            for skipped in self.skipped.iter().filter(|s| s.half == half) {
                let mut cells = vec![skipped.pair.clone(), "-".to_owned()];
                cells.resize(header.len() - 1, "-".to_owned());
                cells.push("SKIPPED (see above)".to_owned());
                table.push(cells);
            }
            if table.is_empty() {
                continue;
            }
            let title = match half {
                Half::Io => "Downloading (I/O-bound)",
                Half::Cpu => "Computing (CPU-bound)",
            };
            text += &format!("{title}\n{table}\n");
            markdown += &format!("**{title}**\n\n{}\n", table.markdown());
        }
        // The legend is prose, kept in Markdown; its line breaks are the source's only.
        let legend = LEGEND.split_whitespace().collect::<Vec<_>>().join(" ");
        let legend = legend.as_str();
        text += legend;
        text.push('\n');
        markdown += legend;
        markdown.push('\n');
        Tables { text, markdown }
    }

    /// The runs a `python-vs-rust.json` holds, to draw its tables again.
    pub fn read(path: &Path) -> anyhow::Result<Outcome> {
        let committed = Committed::read(path)?;
        Ok(Outcome {
            interpreters: committed.interpreters(),
            runs: committed.runs,
            skipped: committed.skipped,
        })
    }

    /// Writes the runs (`python-vs-rust.json`) and the tables (`python-vs-rust.md`).
    pub fn write(&self, out: &Path, settings: &Settings, tables: &Tables) -> anyhow::Result<()> {
        std::fs::create_dir_all(out)?;
        let everything = serde_json::json!({
            "interpreters": self.interpreters,
            "settings": settings,
            "os": std::env::consts::OS,
            "machine": crate::platform::machine(),
            "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
            "skipped": self.skipped,
            "runs": self.runs,
        });
        std::fs::write(
            out.join("python-vs-rust.json"),
            serde_json::to_string_pretty(&everything)? + "\n",
        )?;
        std::fs::write(out.join("python-vs-rust.md"), &tables.markdown)?;
        Ok(())
    }
}

/// What the tables' columns mean, printed under them.
const LEGEND: &str = include_str!("../../templates/python-vs-rust-legend.md");

/// python-vs-rust.json as `lab python --out` writes it, read back: the interpreter, the
/// machine's cores, and every run.
#[derive(Debug, Deserialize)]
pub struct Committed {
    /// The Pythons the scripts ran on.
    #[serde(default)]
    interpreters: Vec<Interpreter>,
    /// The one Python of a run made before there could be several.
    #[serde(default)]
    interpreter: Option<Interpreter>,
    /// How the runs were made.
    pub settings: Settings,
    /// The cores of the machine.
    pub cores: u64,
    /// The operating system (`linux`).
    pub os: String,
    /// The machine, as `lab` describes it (runs made before it was recorded lack it).
    #[serde(default)]
    pub machine: Option<String>,
    /// Every run, in the order they ran.
    pub runs: Vec<Run>,
    /// The scripts skipped.
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

impl Committed {
    /// The Pythons the scripts ran on, in the order the runs number them.
    pub fn interpreters(&self) -> Vec<Interpreter> {
        if self.interpreters.is_empty() {
            self.interpreter.iter().cloned().collect()
        } else {
            self.interpreters.clone()
        }
    }

    /// Reads python-vs-rust.json as `lab python --out` wrote it.
    pub fn read(path: &Path) -> anyhow::Result<Committed> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not the JSON `lab python` writes", path.display()))
    }

    /// The median wall and CPU seconds of `pair`'s successful runs in `language` (in
    /// Python, on the first interpreter).
    pub fn medians(&self, pair: &str, language: Language) -> Option<(f64, f64)> {
        let of = |figure: fn(&Run) -> f64| -> Option<f64> {
            let values: Vec<f64> = self
                .runs
                .iter()
                .filter(|r| r.pair == pair && r.language == language && r.failure.is_none())
                .filter(|r| r.interpreter.unwrap_or(0) == 0)
                .map(figure)
                .collect();
            reports::median_range(&values).map(|(median, _, _)| median)
        };
        Some((of(|r| r.wall_s)?, of(|r| r.cpu_s)?))
    }
}

/// One pair's row: medians over its successful runs (the Python ones of interpreter
/// `python`, when there are several, named `label`), and `ok` or what failed.
fn row(runs: &[&Run], python: Option<usize>, label: Option<&str>, io: bool) -> Vec<String> {
    let runs: Vec<&Run> = runs
        .iter()
        .copied()
        .filter(|r| r.language == Language::Rust || python.is_none() || r.interpreter == python)
        .collect();
    let of = |language: Language, figure: fn(&Run) -> f64| -> Vec<f64> {
        runs.iter()
            .filter(|r| r.language == language && r.failure.is_none())
            .map(|r| figure(r))
            .collect()
    };
    let counts = |language: Language, figure: fn(&Run) -> u64| -> String {
        let values: Vec<u64> = runs
            .iter()
            .filter(|r| r.language == language && r.failure.is_none())
            .map(|r| figure(r))
            .collect();
        count_cell(&values)
    };
    let (py, rs) = (Language::Python, Language::Rust);
    let mut cells = vec![
        match label {
            Some(label) => format!("{} ({label})", runs[0].pair),
            None => runs[0].pair.clone(),
        },
        runs[0].twin.clone(),
        cell(&of(py, |r| r.wall_s), 3),
        cell(&of(rs, |r| r.wall_s), 3),
        ratio(&of(py, |r| r.wall_s), &of(rs, |r| r.wall_s)),
        cell(&of(py, |r| r.cpu_s), 2),
        cell(&of(rs, |r| r.cpu_s), 2),
        cell(&of(py, |r| r.max_rss_mib), 0),
        cell(&of(rs, |r| r.max_rss_mib), 0),
    ];
    if io {
        cells.push(counts(py, |r| r.peak_in_flight));
        cells.push(counts(rs, |r| r.peak_in_flight));
        cells.push(counts(py, |r| r.connections));
        cells.push(counts(rs, |r| r.connections));
    }
    let failures: Vec<String> = runs
        .iter()
        .filter_map(|r| {
            r.failure.as_ref().map(|f| format!("{:?} run {}: {f}", r.language, r.repeat))
        })
        .collect();
    cells.push(if failures.is_empty() {
        "ok".to_owned()
    } else {
        format!("FAILED ({})", failures.join("; "))
    });
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tutorials_four_final_lines_give_their_time() {
        let lines = [
            ("Read 10 bytes\nDownloaded 160 sites in 8.65 seconds\n", 8.65),
            ("Downloaded 160 in 1.5 seconds", 1.5),
            ("Computed in 37.7 seconds\n", 37.7),
            ("Duration 12.25 seconds", 12.25),
        ];
        for (stdout, seconds) in lines {
            assert_eq!(own_seconds(stdout), Some(seconds), "{stdout:?}");
        }
        assert_eq!(own_seconds("Read 10 bytes\n"), None);
        assert_eq!(own_seconds("Downloaded 160 sites in many seconds"), None);
    }

    #[test]
    fn medians_carry_their_spread_and_overlaps_are_ties() {
        assert_eq!(median_range(&[3.0, 1.0, 2.0]), Some((2.0, 1.0, 3.0)));
        assert_eq!(median_range(&[4.0, 1.0]), Some((2.5, 1.0, 4.0)));
        assert_eq!(median_range(&[]), None);
        assert_eq!(cell(&[8.0, 8.2, 8.1], 2), "8.10 (8.00-8.20)");
        assert_eq!(cell(&[27.1, 27.3], 0), "27");
        assert_eq!(cell(&[8.0], 2), "8.00");
        assert_eq!(ratio(&[8.0, 8.2, 8.1], &[2.0, 2.1, 1.9]), "4.05x");
        assert_eq!(ratio(&[1.0, 1.3], &[1.2, 1.25]), "tie");
        assert_eq!(ratio(&[1.0], &[]), "-");
    }
}
