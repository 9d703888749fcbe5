//! Act 1, proven: the tutorial's program in safe Rust fails to compile because of the shared
//! mutable borrow (E0499) and nothing else, and its atomic twin compiles.

use std::path::Path;
use std::process::{Command, Output};

fn rustc(source: &str) -> Output {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(source.replace('/', "_"));
    Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args([
            "--edition",
            "2024",
            "--error-format",
            "short",
            "--emit",
            "metadata",
            "-o",
        ])
        .arg(&out)
        .arg(dir.join(source))
        .output()
        .expect("rustc runs")
}

#[test]
fn the_unsynchronised_counter_is_refused_for_the_shared_borrow_alone() {
    let output = rustc("act1/unsynchronised.rs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error")).collect();
    assert!(!errors.is_empty(), "{stderr}");
    for error in &errors {
        assert!(
            error.contains("error[E0499]") && error.contains("`counter`"),
            "{stderr}"
        );
    }
}

#[test]
fn the_same_program_with_an_atomic_counter_compiles() {
    let output = rustc("act1/atomic.rs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_program_reports_exact_fixes_and_no_gained_updates() {
    let output = Command::new(env!("CARGO_BIN_EXE_race_condition"))
        .arg("--json")
        .output()
        .expect("runs");
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let expected = report["expected"].as_u64().expect("expected");
    assert_eq!(expected, 500_000);
    assert_eq!(report["fetch_add"], expected);
    assert_eq!(report["mutex"], expected);
    let raced = report["load_then_store"].as_u64().expect("load_then_store");
    assert!(raced <= expected);
    assert_eq!(report["lost"].as_u64(), Some(expected - raced));
}

#[test]
fn zero_workers_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_race_condition"))
        .args(["--workers", "0"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--workers"));
}
