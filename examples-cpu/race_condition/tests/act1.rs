//! Act 1, proven: the tutorial's program in safe Rust fails to compile because of the
//! shared mutable borrow (E0499) and nothing else, in the words `act1/unsynchronised.rustc.txt`
//! holds (the book shows them); its atomic twin compiles.

use std::path::{Path, PathBuf};
use std::process::Command;

use testing::compiler;

fn act1(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("act1").join(file)
}

fn out(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn the_unsynchronised_counter_is_refused_for_the_shared_borrow_alone() {
    let (output, _) = compiler::rustc(&act1("unsynchronised.rs"), false, &out("unsynchronised"));
    assert!(!output.status.success());
    let codes = compiler::error_codes(&output);
    assert!(!codes.is_empty() && codes.iter().all(|c| c == "E0499"), "{codes:?}");
    let said = compiler::explain(&output);
    assert!(said.contains("`counter`"), "{said}");
    compiler::assert_says(&act1("unsynchronised.rustc.txt"), &said);
}

#[test]
fn the_same_program_with_an_atomic_counter_compiles() {
    let (output, _) = compiler::rustc(&act1("atomic.rs"), false, &out("atomic"));
    assert!(output.status.success(), "{}", compiler::explain(&output));
}

#[test]
fn the_program_reports_exact_fixes_and_no_gained_updates() {
    let output =
        Command::new(env!("CARGO_BIN_EXE_race_condition")).arg("--json").output().expect("runs");
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["expected"], 500_000, "5,000 tasks of 100 increments");
    assert_eq!(
        (report["fetch_add"].as_u64(), report["mutex"].as_u64()),
        (Some(500_000), Some(500_000))
    );
    let raced = report["load_then_store"].as_u64().expect("load_then_store");
    assert!(raced <= 500_000, "a race cannot gain updates: {raced}");
}

#[test]
fn zero_workers_and_more_than_a_machine_holds_are_usage_errors() {
    for value in ["0", "18446744073709551615", "99999999999"] {
        let output = Command::new(env!("CARGO_BIN_EXE_race_condition"))
            .args(["--workers", value])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{value}: {stderr}");
        assert!(
            stderr.contains("--workers") && stderr.contains("at most 10000 threads"),
            "{stderr}"
        );
    }
}
