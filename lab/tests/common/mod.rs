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

/// `lab ARGS --bin-dir DIR LESSONS`, with the lessons and the site server built in DIR.
pub fn runner(args: &[&str], lessons: &[&str]) -> Command {
    let built: Vec<&str> = lessons.iter().copied().chain(["site_server"]).collect();
    let mut command = Command::new(RUNNER);
    command.args(args).arg("--bin-dir").arg(bin_dir(&built)).args(lessons);
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

/// Figures that are settings, not measurements: the site server's latency and its two
/// pages' sizes, a far server's handshake, `--quick`'s latency, the deadlock's patience,
/// the downloads' timeout, a thread's stack (Rust's default), aiohttp's default limit,
/// the targets the issues set (a bounded downloader within 1.15x of its floor, in
/// 128 MiB), and how many requests the site server's log keeps.
const SETTINGS: [&str; 12] = [
    "100,000 requests",
    "50 ms",
    "100 ms",
    "10 ms",
    "2 s",
    "10 s",
    "2 MiB",
    "1.15x",
    "128 MiB",
    "10 KiB",
    "1 KiB",
    "100 connections",
];

/// Numbers written as words, which a measurement might hide in ("about eleven minutes").
const NUMBER_WORDS: [&str; 21] = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "hundreds", "thousand",
    "million",
];

/// The measured figures in `line`: a number (in digits or in words) followed by a unit
/// of time or memory, or a factor such as `2.04x`, or a whole number of connections or
/// requests, which only a run can count. The settings above are left alone, and so are
/// the lessons' own numbers (160 sites, 5 threads, fib(35)).
pub fn figures(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_matches(|c: char| "([,;:)".contains(c));
        let number = |w: &str| {
            w.replace(',', "").parse::<f64>().is_ok()
                || NUMBER_WORDS.contains(&w.to_lowercase().as_str())
        };
        let unit = words.get(i + 1).map(|u| u.trim_end_matches([',', '.', ';', ')', ':']));
        // "about a minute": a duration without a digit.
        let a_while = word.eq_ignore_ascii_case("a") && matches!(unit, Some("minute" | "hour"));
        // "39.5%": a share with its sign attached.
        let share = word.strip_suffix('%').is_some_and(|w| w.parse::<f64>().is_ok());
        let timed = matches!(
            unit,
            Some(
                "s" | "ms"
                    | "seconds"
                    | "minutes"
                    | "hours"
                    | "KiB"
                    | "MiB"
                    | "GiB"
                    | "MB"
                    | "GB"
                    | "%"
            )
        );
        let counted = matches!(unit, Some("connections" | "requests" | "handshakes"))
            && (word.parse::<u64>().is_ok_and(|n| n > 1) || number(word));
        let factor = word.strip_suffix('x').is_some_and(|w| w.parse::<f64>().is_ok());
        let setting = SETTINGS
            .iter()
            .any(|s| *s == format!("{word} {}", unit.unwrap_or_default()) || *s == word);
        if !setting && ((number(word) && timed) || factor || counted || share || a_while) {
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
