//! Act 2 must show the lost update on every run, or the lesson fails: the program is run
//! 20 times and each run must lose updates, while act 3 stays exact.

use std::process::Command;

use reports::RaceReport;

/// How many runs: the lesson failed on 3 of 6 runs before the window was widened.
const RUNS: usize = 20;

fn run(workers: &str) -> RaceReport {
    let output = Command::new(env!("CARGO_BIN_EXE_race_condition"))
        .args(["--json", "--workers", workers])
        .output()
        .expect("race_condition runs");
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).expect("a race report")
}

#[test]
fn every_run_loses_updates_and_the_fixes_are_exact() {
    for _ in 0..RUNS {
        let report = run("8");
        assert!(report.load_then_store < report.expected, "no update lost: {report:?}");
        assert_eq!((report.fetch_add, report.mutex), (report.expected, report.expected));
    }
}

#[test]
fn one_thread_has_no_one_to_race_with() {
    let report = run("1");
    assert_eq!(report.load_then_store, report.expected);
}
