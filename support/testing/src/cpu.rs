//! What the CPU examples' integration tests share: a run of an example's real binary,
//! and the checks every CPU example must pass. Not used by the examples themselves.

use std::process::{Command, Output};

use serde_json::Value;

/// Runs an example binary with `args` and returns what it printed.
pub fn run(exe: &str, args: &[&str]) -> Output {
    Command::new(exe).args(args).output().expect("the example runs")
}

/// Runs an example with `--json` and returns the report, asserting exit 0.
pub fn run_json(exe: &str, args: &[&str]) -> Value {
    let output = run(exe, &[&["--json"], args].concat());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"))
}

/// Checks the answers, independently of the example's own check: fib(35) is 9227465,
/// four times.
pub fn check_results(exe: &str, example: &str, args: &[&str]) {
    let report = run_json(exe, &[&["--count", "4"], args].concat());
    assert_eq!(report["example"], example);
    assert_eq!((report["workload"].as_str(), report["count"].as_u64()), (Some("fib"), Some(4)));
    assert_eq!(report["results"], serde_json::json!(vec!["9227465"; 4]));
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 4, "one timed span per result: {report}");
}

/// Checks the human output: exit 0 and the final line's shape.
pub fn check_final_line(exe: &str) {
    let output = run(exe, &["--count", "2"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    let seconds = line
        .strip_prefix("Computed 2 results in ")
        .and_then(|rest| rest.strip_suffix(" seconds"))
        .unwrap_or_else(|| panic!("not the final line: {line:?}"));
    let (whole, fraction) = seconds.split_once('.').unwrap_or_else(|| panic!("{line:?}"));
    assert!(whole.parse::<u64>().is_ok() && fraction.len() == 3, "{line:?}");
}

/// How many distinct threads or processes did the work, from `--json`.
pub fn workers_used(exe: &str, args: &[&str]) -> u64 {
    let report = run_json(exe, &[&["--count", "6"], args].concat());
    report["workers_used"].as_u64().expect("workers_used")
}

/// Checks that more than one thread or process computed results. Only a machine that
/// runs two threads at once can show it; on one core the check says so and passes.
pub fn check_work_spreads(exe: &str, args: &[&str]) {
    let used = workers_used(exe, args);
    if std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2) {
        assert!(used > 1, "{used} worker did all the work");
    } else {
        eprintln!("one core: the work cannot spread; {used} worker(s) used");
    }
}

/// A bad flag value: exit 2, and a message that names the flag.
pub fn check_bad_flag(exe: &str, flag: &str, value: &str) {
    let output = run(exe, &[flag, value]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(flag), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// The bad inputs every CPU example refuses, the counts no machine could hold among
/// them: a usage error before anything is allocated, naming the bound.
pub fn check_bad_input(exe: &str) {
    check_bad_flag(exe, "--count", "-1");
    check_bad_flag(exe, "--count", "many");
    check_huge(exe, "--count", "at most 1000000 results");
}

/// `flag` with the two values too large for any machine, 2^64 - 1 and 99,999,999,999:
/// exit 2, a message that says the largest value accepted and why, and no abort.
pub fn check_huge(exe: &str, flag: &str, bound: &str) {
    for huge in ["18446744073709551615", "99999999999"] {
        let output = run(exe, &[flag, huge]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flag} {huge}: {stderr}");
        assert!(stderr.contains(flag) && stderr.contains(bound), "{flag} {huge}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("memory allocation"), "{stderr}");
    }
}
