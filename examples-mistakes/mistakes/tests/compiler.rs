//! The compiler's verdict on each case, checked by running rustc on it: the refused
//! ones fail with the error named in the docs and no other, the others compile.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where cargo put this test's dependencies, tokio among them: beside this test.
fn deps_dir() -> PathBuf {
    std::env::current_exe()
        .expect("the test's path")
        .parent()
        .expect("a folder")
        .to_owned()
}

/// Errors that say rustc could not load a crate, rather than judge the code.
const LOADING_ERRORS: [&str; 5] = ["E0460", "E0463", "E0464", "E0514", "E0519"];

/// rustc on `cases/CASE.rs`, with tokio available when the case uses it; with
/// `link`, an executable is made (its path is returned).
fn rustc(case: &str, link: bool) -> (Output, PathBuf) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("cases")
        .join(format!("{case}.rs"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(case);
    let uses_tokio = std::fs::read_to_string(&source)
        .expect("the case")
        .contains("tokio");
    let base = || {
        let mut command = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
        command
            .args(["--edition", "2024", "--emit"])
            .arg(if link { "link" } else { "metadata" })
            .arg("-o")
            .arg(&out)
            .arg(&source);
        command
    };
    if !uses_tokio {
        return (base().output().expect("rustc runs"), out);
    }
    // Several builds of tokio may sit in the folder (other feature sets); try each.
    let deps = deps_dir();
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(&deps)
        .expect("the deps folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libtokio-") && n.ends_with(".rlib"))
        })
        .collect();
    candidates.sort();
    for tokio in &candidates {
        let output = base()
            .arg("-L")
            .arg(format!("dependency={}", deps.display()))
            .arg("--extern")
            .arg(format!("tokio={}", tokio.display()))
            .output()
            .expect("rustc runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !LOADING_ERRORS.iter().any(|code| stderr.contains(code)) {
            return (output, out);
        }
    }
    panic!("no build of tokio in {} would load", deps.display());
}

/// The error codes rustc gave, one per error.
fn error_codes(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.starts_with("error"))
        .filter(|l| !l.starts_with("error: aborting"))
        .map(|l| {
            l.strip_prefix("error[")
                .and_then(|rest| rest.split(']').next())
                .unwrap_or("(no code)")
                .to_owned()
        })
        .collect()
}

fn assert_refused_with(case: &str, code: &str) {
    let (output, _) = rustc(case, false);
    assert!(!output.status.success(), "{case} compiled");
    let codes = error_codes(&output);
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c == code),
        "{case}: expected only {code}, got {codes:?}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_rc_handed_to_a_thread_is_refused_for_send() {
    assert_refused_with("rc_to_thread", "E0277");
}

#[test]
fn a_std_guard_held_across_await_in_a_spawned_task_is_refused_for_send() {
    let (output, _) = rustc("guard_across_await", false);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("future cannot be sent between threads safely")
            && stderr.contains("MutexGuard"),
        "{stderr}"
    );
    assert_eq!(error_codes(&output), ["(no code)"], "{stderr}");
}

#[test]
fn a_recursive_async_fn_is_refused_until_boxed() {
    assert_refused_with("recursive_async", "E0733");
    let (output, exe) = rustc("recursive_async_boxed", true);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ran = Command::new(exe).output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "fib(20) = 6765\n");
}

#[test]
fn a_copied_counter_compiles_with_warnings_only_about_counter_and_counts_nothing() {
    let (output, exe) = rustc("copied_counter", true);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Every warning is about the copied `counter`, and none is an error. rustc 1.95 gives
    // two under `unused_assignments`, rustc 1.85 (the declared minimum) one under
    // `unused_variables`, with the same hint.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: ") && !l.contains("emitted"))
        .collect();
    assert!(!warnings.is_empty(), "{stderr}");
    assert!(warnings.iter().all(|w| w.contains("`counter`")), "{stderr}");
    assert!(
        stderr.contains("#[warn(unused_assignments)]")
            || stderr.contains("#[warn(unused_variables)]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean to capture by reference"),
        "{stderr}"
    );
    let ran = Command::new(exe).output().expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&ran.stdout),
        "counter = 0, expected 500\n"
    );
}

#[test]
fn opposite_lock_orders_compile_without_a_word() {
    let (output, _) = rustc("lock_order", false);
    assert!(output.status.success());
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
