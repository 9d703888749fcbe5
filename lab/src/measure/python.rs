//! The tutorial's own Python, run beside the Rust: its scripts, copied from the reader's
//! clone of realpython/materials with their two site URLs pointed at the local site
//! server (and their counts changed, for a smaller run), on interpreters in virtual
//! environments the lab makes once. The clone is only read.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

use super::platform;
use super::process;
use crate::record::{Interpreter, Set};
use crate::usage::UsageError;

/// Where the tutorial's code lives, to name in messages.
const CLONE: &str = "git clone --depth 1 https://github.com/realpython/materials";

/// The tutorial's two sites, exactly as its scripts write them, and the page of each on
/// the site server. A script that does not hold each exactly once is refused: run as it
/// is, it would download from the internet.
const SITES: [(&str, &str); 2] = [
    ("\"https://www.jython.org\"", "/jython"),
    ("\"http://olympus.realpython.org/dice\"", "/dice"),
];

/// How long making a virtual environment and installing into it may take.
const SETUP_LIMIT: Duration = Duration::from_secs(600);

/// Asks an interpreter what it is: its version, whether its GIL is on, how it was built.
const ABOUT: &str = include_str!("about.py");

/// The scripts' checkout and the interpreters to run them on, each in its environment.
pub struct Python {
    materials: PathBuf,
    /// By the key points name them with: `gil`, `nogil`, or `python` for one.
    pub interpreters: BTreeMap<String, (PathBuf, Interpreter)>,
    scratch: PathBuf,
}

#[derive(Deserialize)]
struct About {
    version: String,
    gil: bool,
    free_threaded: bool,
    flags: Vec<String>,
}

impl Python {
    /// The checkout at `materials` and, for each base interpreter named (python3 if
    /// none), a virtual environment with the tutorial's requirements.
    pub fn new(
        materials: &Path,
        bases: &[PathBuf],
        venv_dir: Option<&Path>,
    ) -> anyhow::Result<Python> {
        if !materials.join("python-concurrency").is_dir() {
            return Err(UsageError(format!(
                "{} has no python-concurrency/ folder; get it with `{CLONE}`",
                materials.display()
            ))
            .into());
        }
        let requirements = materials.join("python-concurrency/requirements.txt");
        let default = [PathBuf::from(platform::DEFAULT_PYTHON)];
        let bases = if bases.is_empty() { &default[..] } else { bases };
        let mut interpreters = BTreeMap::new();
        for (n, base) in bases.iter().enumerate() {
            let dir = venv_dir.map(|d| d.join(n.to_string()));
            let (python, interpreter) = venv(base, &requirements, dir)
                .map_err(|error| UsageError(format!("{}: {error:#}", base.display())))?;
            let key = match (bases.len(), interpreter.gil) {
                (1, _) => "python",
                (_, true) => "gil",
                (_, false) => "nogil",
            };
            // Two of a kind (two builds with the GIL) are told apart by their place.
            let key = if interpreters.contains_key(key) {
                format!("{key}-{}", n + 1)
            } else {
                key.into()
            };
            interpreters.insert(key, (python, interpreter));
        }
        let scratch = std::env::temp_dir().join(format!("lab-python-{}", std::process::id()));
        std::fs::create_dir_all(&scratch)?;
        Ok(Python { materials: materials.to_owned(), interpreters, scratch })
    }

    /// The command that runs `script` (rewritten for the server at `base_url`, and for
    /// `--count N` in `args`) or the line `code`, on the interpreter `key`.
    pub fn command(
        &self,
        key: &str,
        script: Option<&str>,
        code: Option<&str>,
        args: &[String],
        base_url: Option<&str>,
    ) -> anyhow::Result<Command> {
        let (python, _) =
            self.interpreters.get(key).with_context(|| format!("no interpreter {key}"))?;
        let mut command = Command::new(python);
        // requests honours a proxy set in the environment; the server is local.
        command.env("NO_PROXY", "127.0.0.1,localhost").current_dir(&self.scratch);
        if let Some(code) = code {
            command.args(["-c", code]);
            return Ok(command);
        }
        let script = script.context("a Python point names a script or a line of code")?;
        let source = self.materials.join(script);
        let text = std::fs::read_to_string(&source)
            .with_context(|| format!("cannot read {}", source.display()))?;
        let count = args.iter().position(|a| a == "--count").and_then(|at| args.get(at + 1));
        let text = rewrite(&text, base_url, count.map(String::as_str))
            .with_context(|| script.to_owned())?;
        let copy = self.scratch.join(script.replace('/', "-"));
        std::fs::write(&copy, text)?;
        command.arg(copy);
        Ok(command)
    }

    /// Names the interpreters in the set.
    pub fn describe(&self, set: &mut Set) {
        for (key, (_, interpreter)) in &self.interpreters {
            set.interpreters.insert(key.clone(), interpreter.clone());
        }
    }

    /// The interpreter a point runs on when it names none: the first.
    pub fn first(&self) -> String {
        self.interpreters.keys().next().cloned().unwrap_or_default()
    }
}

impl Drop for Python {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// The script with its sites on the server at `base_url` and, for an I/O script, its
/// 160 sites (`] * 80`) made `count`, or for a CPU script its 20 results (`[35] * 20` or
/// `range(20)`) made `count`. Each literal replaced must be there exactly once.
pub fn rewrite(text: &str, base_url: Option<&str>, count: Option<&str>) -> anyhow::Result<String> {
    let mut rewrites: Vec<(&str, String)> = Vec::new();
    if let Some(base) = base_url {
        for (literal, page) in SITES {
            rewrites.push((literal, format!("\"{base}{page}\"")));
        }
    }
    if let Some(count) = count {
        let n: usize = count.parse().context("--count takes a number")?;
        let candidates = [
            ("] * 80", format!("] * {}", n / 2)),
            ("[35] * 20", format!("[35] * {n}")),
            ("range(20)", format!("range({n})")),
        ];
        let Some(found) = candidates.into_iter().find(|(from, _)| text.matches(from).count() == 1)
        else {
            bail!(
                "neither `] * 80`, `[35] * 20` nor `range(20)` is in it once: it cannot be made to do {n}"
            );
        };
        if base_url.is_some() && n % 2 == 1 {
            bail!("the script's sites come in pairs: {n} cannot be made of them");
        }
        rewrites.push(found);
    }
    let mut text = text.to_owned();
    for (from, to) in rewrites {
        let found = text.matches(from).count();
        if found != 1 {
            bail!(
                "{from} is there {found} times, not once: the upstream file has changed, so it is not run against the internet"
            );
        }
        text = text.replacen(from, &to, 1);
    }
    Ok(text)
}

/// A virtual environment made from `base` with `requirements` installed (once: it is
/// kept in the cache folder), and what its interpreter is.
fn venv(
    base: &Path,
    requirements: &Path,
    dir: Option<PathBuf>,
) -> anyhow::Result<(PathBuf, Interpreter)> {
    let base_about = about(base).with_context(|| {
        format!("no working `{}`: install Python 3, or name one with --python", base.display())
    })?;
    let wanted = std::fs::read_to_string(requirements)
        .with_context(|| format!("cannot read {}", requirements.display()))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (wanted.as_str(), base.to_string_lossy(), base_about.version.as_str(), base_about.gil)
        .hash(&mut hasher);
    let dir = match dir {
        Some(dir) => dir,
        None => platform::cache_dir()
            .context("no cache folder (no home folder?): name one with --venv-dir")?
            .join("rust-concurrency-lab")
            .join(format!("venv-{:016x}", hasher.finish())),
    };
    let python = platform::venv_python(&dir);
    let mut notes = vec![format!("configured with `{}`", base_about.flags.join(" "))];
    if base_about.free_threaded {
        notes.push("aiohttp installed as pure Python (AIOHTTP_NO_EXTENSIONS=1: its C extension does not build for a free-threaded CPython)".into());
    }
    if !dir.join("lab-ready").is_file() {
        eprintln!(
            "Making a virtual environment for the tutorial's scripts, once: {}",
            dir.display()
        );
        let _ = std::fs::remove_dir_all(&dir);
        let mut make = Command::new(base);
        make.arg("-m").arg("venv").arg(&dir);
        let mut pip = Command::new(&python);
        pip.args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "-r",
        ])
        .arg(requirements);
        if base_about.free_threaded {
            pip.env("AIOHTTP_NO_EXTENSIONS", "1");
        }
        let made = step(make, "could not make the virtual environment (on Debian or Ubuntu: apt install python3-venv)")
            .and_then(|()| step(pip, "pip could not install the tutorial's requirements (is its package index reachable?)"))
            .and_then(|()| Ok(std::fs::write(dir.join("lab-ready"), "")?));
        if let Err(error) = made {
            // Half made is not made: the next run starts again, rather than use it.
            let _ = std::fs::remove_dir_all(&dir);
            return Err(error);
        }
    }
    let about = about(&python)?;
    Ok((python, Interpreter { version: about.version, gil: about.gil, notes }))
}

fn step(command: Command, what: &str) -> anyhow::Result<()> {
    let ran = process::measure(command, Some(SETUP_LIMIT))?;
    if !ran.success() {
        bail!("{what} ({}): {}", ran.describe(), ran.last_error_line());
    }
    Ok(())
}

fn about(python: &Path) -> anyhow::Result<About> {
    let mut command = Command::new(python);
    command.args(["-c", ABOUT]);
    let ran = process::measure(command, Some(SETUP_LIMIT))?;
    if !ran.success() {
        bail!("{} does not run ({}): {}", python.display(), ran.describe(), ran.last_error_line());
    }
    serde_json::from_str(ran.stdout.trim())
        .with_context(|| format!("{} is not Python 3: {:?}", python.display(), ran.stdout))
}

/// `lab python`: each lesson's twins (the current tutorial's, and the 2019 one's where
/// it downloads the same sites) on each interpreter, in turns with the lesson, then a
/// table of each pair. The 2019 CPU scripts compute sums of squares, which no lesson
/// does any more: they are left out. With `record`, the runs are kept as that set.
pub fn run_pairs(
    bench: &super::Bench,
    only: Option<&str>,
    quick: bool,
    repeat: usize,
    record: Option<&str>,
    out: &Path,
) -> anyhow::Result<bool> {
    let python = bench.python.as_ref().context("no Python")?;
    let mut points = Vec::new();
    for lesson in crate::lessons::all()?.into_iter().filter(|l| only.is_none_or(|c| l.chapter == c))
    {
        let io = lesson.chapter == "io";
        let count = match (io, quick) {
            (true, true) => "20",
            (true, false) => "160",
            (false, true) => "4",
            (false, false) => "20",
        };
        for twin in &lesson.twins {
            let older = twin.starts_with("concurrency-overview/");
            if lesson.chapter == "races" || (older && !io) || !python.materials.join(twin).is_file()
            {
                continue;
            }
            let file = twin.rsplit('/').next().unwrap_or(twin);
            let prefix = if older { "2019-" } else { "" };
            // A script that cannot be pointed at the local server is left out, with why.
            let text = std::fs::read_to_string(python.materials.join(twin)).unwrap_or_default();
            if let Err(error) = rewrite(&text, io.then_some("http://127.0.0.1:1"), Some(count)) {
                eprintln!("{twin}: skipped: {error:#}");
                continue;
            }
            for key in python.interpreters.keys() {
                points.push(point(
                    format!("{prefix}{file}-{key}"),
                    twin,
                    count,
                    Some(twin.clone()),
                    Some(key.clone()),
                    io,
                ));
            }
            let mut args = vec!["--json".to_owned(), "--count".to_owned(), count.to_owned()];
            if io {
                args.push("--quiet".into());
            }
            let mut rust = point(
                format!("{}{}", lesson.name, if older { "-2019" } else { "" }),
                &lesson.name,
                count,
                None,
                None,
                io,
            );
            rust.args = args;
            points.push(rust);
        }
    }
    if points.is_empty() {
        bail!("no script of the tutorial found in {}", python.materials.display());
    }
    let plan = super::Plan {
        name: record.unwrap_or("python-vs-rust").to_owned(),
        about: "The tutorial's scripts on each interpreter, each in turns with its Rust twin against one site server (the I/O half) or alone (the CPU half).".into(),
        repeat: if quick { 1 } else { repeat },
        server: Some(crate::record::Server { latency_ms: if quick { 10 } else { 50 }, connection_cost_ms: 0 }),
        earlier: None,
        spans: false,
        points,
    };
    let command = format!(
        "cargo run --release -p lab -- {}",
        std::env::args().skip(1).collect::<Vec<_>>().join(" ")
    );
    let set = super::run(bench, &plan, &command, |point, repeat| {
        if let Some(repeat) = repeat {
            eprintln!(
                "{}: {:.3} s{}",
                point.id,
                repeat.wall_s,
                if repeat.succeeded() { "" } else { " FAILED" }
            );
        }
    })?;
    for point in &set.points {
        let walls: Vec<f64> = point.repeats.iter().map(|r| r.wall_s).collect();
        if let Some(s) = crate::stats::Spread::of(&walls) {
            println!("{:<40} {:>9.3} s  [{:.3}–{:.3}]", point.label, s.median, s.lo, s.hi);
        }
    }
    if let Some(name) = record {
        println!("Kept the runs as {name}: {}", set.write(out)?.display());
    }
    Ok(set.points.iter().all(|p| p.repeats.iter().all(crate::record::Repeat::succeeded)))
}

/// A point of `lab python`'s plan.
fn point(
    id: String,
    program: &str,
    count: &str,
    script: Option<String>,
    interpreter: Option<String>,
    io: bool,
) -> super::PlanPoint {
    super::PlanPoint {
        label: Some(match &interpreter {
            Some(key) => format!("{program} ({key})"),
            None => program.to_owned(),
        }),
        id,
        program: program.to_owned(),
        args: vec!["--count".into(), count.into()],
        env: BTreeMap::new(),
        script,
        code: None,
        interpreter,
        server: None,
        downloads: Some(io),
        copies: None,
        each: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "sites = [\n    \"https://www.jython.org\",\n    \"http://olympus.realpython.org/dice\",\n] * 80\n";

    #[test]
    fn a_script_is_pointed_at_the_server_and_its_count_changed() {
        let text = rewrite(SCRIPT, Some("http://127.0.0.1:9"), Some("20")).unwrap();
        assert!(
            text.contains("\"http://127.0.0.1:9/jython\"") && text.contains("] * 10"),
            "{text}"
        );
        assert!(!text.contains("olympus"));
    }

    #[test]
    fn a_script_that_changed_upstream_is_refused_not_run_against_the_internet() {
        let twice = format!("{SCRIPT}{SCRIPT}");
        let error = rewrite(&twice, Some("http://127.0.0.1:9"), None).unwrap_err();
        assert!(error.to_string().contains("2 times, not once"), "{error}");
        assert!(
            rewrite(SCRIPT, Some("http://x"), Some("21")).is_err(),
            "an odd count of paired sites"
        );
    }
}
