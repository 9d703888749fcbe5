//! The tutorial's own scripts, from the user's copy of the realpython/materials
//! repository: which ones there are, their Rust twins, and the copy of each that runs
//! against the local site server. The checkout itself is only ever read.

use std::fmt;
use std::path::{Path, PathBuf};

/// The work a CPU script does: `fib(35)` in the current tutorial, sums of squares in the
/// 2019 one. The lessons compute fib alone now; the 2019 scripts' committed runs stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// `fib(35)`.
    Fib,
    /// The 2019 tutorial's sums of squares.
    Squares,
}

use crate::usage::UsageError;

/// The environment variable that names the checkout, for `--python-materials`.
pub const MATERIALS_ENV: &str = "PYTHON_MATERIALS";

/// The command the README and the errors give for getting the scripts.
pub const CLONE_COMMAND: &str = "git clone --depth 1 https://github.com/realpython/materials";

/// The current tutorial's folder in the checkout.
pub const CURRENT: &str = "python-concurrency";
/// The 2019 tutorial's folder, gone from the repository's newest commit but present in
/// older checkouts.
pub const OLDER: &str = "concurrency-overview";

/// The tutorial's two sites, as the scripts spell them, and the local server's page for
/// each. Each must appear exactly once in a script, quotes included.
pub const SITES: [(&str, &str); 2] = [
    ("\"https://www.jython.org\"", "/jython"),
    ("\"http://olympus.realpython.org/dice\"", "/dice"),
];

/// Which half of the tutorial a script belongs to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Half {
    /// Downloading sites: the I/O-bound examples.
    Io,
    /// Computing: the CPU-bound examples.
    Cpu,
}

/// One Python script and the Rust example that mirrors it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    /// The folder of the checkout it lives in.
    pub folder: &'static str,
    /// Its file name.
    pub script: &'static str,
    /// The Rust example that mirrors it.
    pub twin: &'static str,
    /// I/O or CPU.
    pub half: Half,
    /// For the CPU scripts, the work they do (`fib(35)` today, sums of squares in 2019).
    pub workload: Option<Workload>,
}

impl Pair {
    /// `io_threads.py`, or `concurrency-overview/io_mp.py` for the older folder.
    pub fn label(&self) -> String {
        if self.folder == CURRENT {
            self.script.to_owned()
        } else {
            format!("{}/{}", self.folder, self.script)
        }
    }
}

const fn io(folder: &'static str, script: &'static str, twin: &'static str) -> Pair {
    Pair { folder, script, twin, half: Half::Io, workload: None }
}

const fn cpu(
    folder: &'static str,
    script: &'static str,
    twin: &'static str,
    workload: Workload,
) -> Pair {
    Pair { folder, script, twin, half: Half::Cpu, workload: Some(workload) }
}

/// Every script the runner knows, in the tutorial's order, with its twin. A script the
/// checkout does not have is left out; `race_condition.py` has no timing to compare.
pub const PAIRS: [Pair; 15] = [
    io(CURRENT, "io_non_concurrent.py", "io_non_concurrent"),
    io(CURRENT, "io_threads.py", "io_threading"),
    io(CURRENT, "io_asyncio.py", "io_asyncio"),
    io(CURRENT, "io_processes.py", "io_multiprocessing"),
    io(OLDER, "io_non_concurrent.py", "io_non_concurrent"),
    io(OLDER, "io_threading.py", "io_threading"),
    io(OLDER, "io_asyncio.py", "io_asyncio"),
    io(OLDER, "io_mp.py", "io_multiprocessing"),
    cpu(CURRENT, "cpu_non_concurrent.py", "cpu_non_concurrent", Workload::Fib),
    cpu(CURRENT, "cpu_threads.py", "cpu_threading", Workload::Fib),
    cpu(CURRENT, "cpu_asyncio.py", "cpu_asyncio", Workload::Fib),
    cpu(CURRENT, "cpu_processes.py", "cpu_multiprocessing", Workload::Fib),
    cpu(OLDER, "cpu_non_concurrent.py", "cpu_non_concurrent", Workload::Squares),
    cpu(OLDER, "cpu_threading.py", "cpu_threading", Workload::Squares),
    cpu(OLDER, "cpu_mp.py", "cpu_multiprocessing", Workload::Squares),
];

/// Files `lab read` shows beside a twin that have no timing to compare.
pub const READ_ONLY: [Pair; 1] = [Pair {
    folder: OLDER,
    script: "race_condition.py",
    twin: "race_condition",
    half: Half::Cpu,
    workload: None,
}];

/// `--quick` shrinks the work with one more rewrite: the first of these a script holds
/// exactly once. The Rust twin is given the same count.
pub const QUICK_IO: [(&str, &str); 1] = [("] * 80", "] * 10")];
/// `--quick` for the CPU scripts: 2 results instead of 20.
pub const QUICK_CPU: [(&str, &str); 2] = [("[35] * 20", "[35] * 2"), ("range(20)", "range(2)")];
/// Any other count of sites, for the scripts that say `[jython, dice] * 80`: the
/// literal, and what it becomes for `sites` (an even number: the list has two sites).
pub fn sites_rewrite(sites: usize) -> Option<(&'static str, String)> {
    (sites % 2 == 0).then(|| ("] * 80", format!("] * {}", sites / 2)))
}

/// How many sites a quick I/O script downloads: `[jython, dice] * 10`.
pub const QUICK_SITES: usize = 20;
/// How many results a quick CPU script computes.
pub const QUICK_RESULTS: usize = 2;

/// The user's checkout of the tutorial's repository: where each of its two folders is.
#[derive(Debug, Clone)]
pub struct Materials {
    /// The current tutorial's scripts (`python-concurrency/`).
    current: PathBuf,
    /// The 2019 tutorial's (`concurrency-overview/`), if the checkout has them.
    older: PathBuf,
}

impl Materials {
    /// Finds the scripts at `path`: a checkout of the repository (with
    /// `python-concurrency/` in it), or a folder of the scripts named directly (taken as
    /// the 2019 one if it is called `concurrency-overview`, else as the current one).
    pub fn find(path: &Path) -> Result<Materials, UsageError> {
        if !path.is_dir() {
            return Err(UsageError(format!(
                "{} is not a folder; get the tutorial's scripts with `{CLONE_COMMAND}`",
                path.display()
            )));
        }
        if path.join(CURRENT).is_dir() || path.join(OLDER).is_dir() {
            return Ok(Materials { current: path.join(CURRENT), older: path.join(OLDER) });
        }
        if !PAIRS.iter().any(|p| path.join(p.script).is_file()) {
            return Err(UsageError(format!(
                "{} holds neither {CURRENT}/ nor {OLDER}/ nor any of the tutorial's \
                 scripts; get them with `{CLONE_COMMAND}`",
                path.display()
            )));
        }
        let nowhere = path.join("(none)");
        Ok(if path.file_name().is_some_and(|name| name == OLDER) {
            Materials { current: nowhere, older: path.to_owned() }
        } else {
            Materials { current: path.to_owned(), older: nowhere }
        })
    }

    /// The folder of `pair`'s script.
    fn folder(&self, pair: &Pair) -> &Path {
        if pair.folder == CURRENT { &self.current } else { &self.older }
    }

    /// The path of `pair`'s script in the checkout.
    pub fn script(&self, pair: &Pair) -> PathBuf {
        self.folder(pair).join(pair.script)
    }

    /// The pairs whose script the checkout holds, of the halves asked for.
    pub fn pairs(&self, halves: &[Half]) -> Vec<Pair> {
        PAIRS
            .iter()
            .filter(|p| halves.contains(&p.half) && self.script(p).is_file())
            .copied()
            .collect()
    }

    /// The requirements file the virtual environment is made from: the current
    /// folder's, else the older one's.
    pub fn requirements(&self) -> Option<PathBuf> {
        [&self.current, &self.older]
            .iter()
            .map(|folder| folder.join("requirements.txt"))
            .find(|p| p.is_file())
    }
}

/// Why a script cannot be run as the tutorial wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What was looked for.
    pub literal: String,
    /// How many times it was found (not 1).
    pub found: usize,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let times = match self.found {
            0 => "not found".to_owned(),
            n => format!("found {n} times"),
        };
        write!(
            f,
            "{} {times}, where it should be once: the upstream file has changed, so it is \
             skipped rather than run against the internet",
            self.literal
        )
    }
}

/// Replaces each `(from, to)` in `text`, each of which must occur exactly once.
pub fn rewrite(text: &str, rewrites: &[(&str, String)]) -> Result<String, Refused> {
    let mut text = text.to_owned();
    for (from, to) in rewrites {
        let found = text.matches(from).count();
        if found != 1 {
            return Err(Refused { literal: (*from).to_owned(), found });
        }
        text = text.replacen(from, to, 1);
    }
    Ok(text)
}

/// What `pair`'s script must have rewritten to run here: its two site URLs pointed at
/// `base_url` (I/O), and with `quick`, its count made smaller.
pub fn rewrites_for(
    text: &str,
    pair: &Pair,
    base_url: &str,
    quick: bool,
) -> Result<Vec<(&'static str, String)>, Refused> {
    let mut rewrites = Vec::new();
    if pair.half == Half::Io {
        for (literal, page) in SITES {
            rewrites.push((literal, format!("\"{base_url}{page}\"")));
        }
    }
    if quick {
        let candidates: &[(&'static str, &str)] = match pair.half {
            Half::Io => &QUICK_IO,
            Half::Cpu => &QUICK_CPU,
        };
        let (from, to) = candidates
            .iter()
            .find(|(from, _)| text.matches(from).count() == 1)
            .ok_or_else(|| Refused {
                literal: candidates
                    .iter()
                    .map(|(from, _)| format!("`{from}`"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                found: 0,
            })?;
        rewrites.push((from, (*to).to_owned()));
    }
    Ok(rewrites)
}

/// The checkout the user named with `--python-materials` (`named`), or else with
/// `PYTHON_MATERIALS`.
pub fn materials_path(named: Option<PathBuf>) -> Result<PathBuf, UsageError> {
    named.or_else(|| std::env::var_os(MATERIALS_ENV).map(PathBuf::from)).ok_or_else(|| {
        UsageError(format!(
            "name your clone of the tutorial's repository with --python-materials PATH \
                 or {MATERIALS_ENV}; get it with `{CLONE_COMMAND}`"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "sites = [\n    \"https://www.jython.org\",\n    \
                          \"http://olympus.realpython.org/dice\",\n] * 80\n";

    #[test]
    fn both_urls_are_pointed_at_the_local_server() {
        let pair = PAIRS[0];
        let rewrites = rewrites_for(SCRIPT, &pair, "http://127.0.0.1:9", false).unwrap();
        let text = rewrite(SCRIPT, &rewrites).unwrap();
        assert!(text.contains("\"http://127.0.0.1:9/jython\""));
        assert!(text.contains("\"http://127.0.0.1:9/dice\""));
        assert!(!text.contains("jython.org") && !text.contains("olympus"));
        assert!(text.contains("] * 80"), "nothing else changes");
    }

    #[test]
    fn a_missing_or_doubled_url_is_refused() {
        let pair = PAIRS[0];
        let missing = SCRIPT.replace("\"https://www.jython.org\",", "");
        let rewrites = rewrites_for(&missing, &pair, "http://h", false).unwrap();
        let refused = rewrite(&missing, &rewrites).unwrap_err();
        assert_eq!(refused.found, 0);
        assert!(refused.to_string().contains("jython.org\" not found"));

        let doubled = format!("{SCRIPT}{SCRIPT}");
        let refused = rewrite(&doubled, &rewrites).unwrap_err();
        assert_eq!(refused.found, 2);
    }

    #[test]
    fn quick_shrinks_the_count_and_refuses_when_it_cannot() {
        let io_pair = PAIRS[0];
        let rewrites = rewrites_for(SCRIPT, &io_pair, "http://h", true).unwrap();
        assert!(rewrite(SCRIPT, &rewrites).unwrap().contains("] * 10"));

        let cpu_pair = PAIRS[8];
        let fib = "for _ in range(20):\n    fib(35)\n";
        let rewrites = rewrites_for(fib, &cpu_pair, "http://h", true).unwrap();
        assert!(rewrite(fib, &rewrites).unwrap().contains("range(2):"));
        assert!(rewrites_for("fib(35)", &cpu_pair, "http://h", true).is_err());
    }

    #[test]
    fn the_checkout_or_one_of_its_folders_is_accepted() {
        let root = std::env::temp_dir().join(format!("materials-find-{}", std::process::id()));
        let folder = root.join(CURRENT);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("io_threads.py"), SCRIPT).unwrap();
        for path in [&root, &folder] {
            let materials = Materials::find(path).unwrap();
            let pairs = materials.pairs(&[Half::Io, Half::Cpu]);
            assert_eq!(pairs.len(), 1);
            assert_eq!(pairs[0].twin, "io_threading");
        }
        assert!(Materials::find(&root.join("nowhere")).is_err());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
