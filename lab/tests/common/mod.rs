//! What the runner's test files share: where the runner and the examples are, and a
//! bounded wait.
#![allow(dead_code)] // Each test file uses its own part.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const RUNNER: &str = env!("CARGO_BIN_EXE_lab");

/// The directory of the example binaries, with `names` built.
pub fn bin_dir(names: &[&str]) -> PathBuf {
    let dir = PathBuf::from(RUNNER).parent().expect("a directory").to_owned();
    let exe = |name: &str| dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if names.iter().any(|name| !exe(name).is_file()) {
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args(["build", "--quiet"]);
        for name in names {
            cargo.args(["-p", name]);
        }
        assert!(cargo.status().expect("cargo runs").success(), "cargo build failed");
    }
    dir
}

pub fn runner(args: &[&str], names: &[&str]) -> Command {
    let mut command = Command::new(RUNNER);
    command.args(args).args(names).arg("--bin-dir").arg(bin_dir(names));
    command
}

/// Polls until `pick` finds something, failing the test after 60 seconds.
pub fn wait_for<T>(what: &str, mut pick: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(found) = pick() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The measured figures in `line`: a number with a decimal point followed by a unit of
/// time or memory, or a factor such as `2.04x`. Whole numbers are left alone: they are
/// the lessons' own settings (50 ms, 160 sites, 5 threads).
pub fn figures(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_matches(|c: char| "([,;:)".contains(c));
        let decimal = |w: &str| w.contains('.') && w.parse::<f64>().is_ok();
        let unit = words.get(i + 1).map(|u| u.trim_end_matches([',', '.', ';', ')', ':']));
        let timed = matches!(unit, Some("s" | "ms" | "seconds" | "KiB" | "MiB" | "GiB" | "%"));
        let factor = word.strip_suffix('x').is_some_and(decimal);
        if (decimal(word) && timed) || factor {
            found.push(word.to_owned());
        }
    }
    found
}

/// The workspace's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir` whose name ends with `suffix` (`.md`), or whose last
/// components are `suffix` (`src/main.rs`, on any platform's separators), in path
/// order; build output and the repository's own folder left out.
pub fn files(dir: &std::path::Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if path.is_dir() {
                if !matches!(name, "target" | ".git") {
                    folders.push(path);
                }
            } else if name.ends_with(suffix) || path.ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every lesson's `main.rs`: the examples' crates.
pub fn lessons() -> Vec<PathBuf> {
    ["examples-io", "examples-cpu", "examples-mistakes"]
        .iter()
        .flat_map(|group| files(&root().join(group), "src/main.rs"))
        .collect()
}
