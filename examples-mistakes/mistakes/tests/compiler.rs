//! The compiler's verdict on each case, checked by running rustc on it: the refused
//! ones fail with the error named in the docs and no other, and what rustc says is what
//! `cases/CASE.rustc.txt` holds (the book shows those files); the others compile.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use testing::compiler;

/// rustc on `cases/CASE.rs`; with `link`, an executable is made (its path is returned).
fn rustc(case: &str, link: bool) -> (Output, PathBuf) {
    let source = cases().join(format!("{case}.rs"));
    compiler::rustc(&source, link, &Path::new(env!("CARGO_TARGET_TMPDIR")).join(case))
}

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// Checks that `case` is refused with `code` alone, and with the words committed.
fn assert_refused_with(case: &str, code: &str) {
    let (output, _) = rustc(case, false);
    assert!(!output.status.success(), "{case} compiled");
    let codes = compiler::error_codes(&output);
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c == code),
        "{case}: expected only {code}, got {codes:?}:\n{}",
        compiler::explain(&output)
    );
    compiler::assert_says(&cases().join(format!("{case}.rustc.txt")), &compiler::explain(&output));
}

#[test]
fn an_rc_handed_to_a_thread_is_refused_for_send() {
    assert_refused_with("rc_to_thread", "E0277");
}

#[test]
fn a_std_guard_held_across_await_in_a_spawned_task_is_refused_for_send() {
    assert_refused_with("guard_across_await", "(no code)");
    let (output, _) = rustc("guard_across_await", false);
    let said = compiler::explain(&output);
    assert!(
        said.contains("future cannot be sent between threads safely")
            && said.contains("MutexGuard"),
        "{said}"
    );
}

#[test]
fn a_recursive_async_fn_is_refused_until_boxed() {
    assert_refused_with("recursive_async", "E0733");
    let (output, exe) = rustc("recursive_async_boxed", true);
    assert!(output.status.success(), "{}", compiler::explain(&output));
    let ran = Command::new(exe).output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "fib(20) = 6765\n");
}

#[test]
fn a_copied_counter_compiles_with_warnings_only_about_counter_and_counts_nothing() {
    let (output, exe) = rustc("copied_counter", true);
    assert!(output.status.success());
    // Every warning is about the copied `counter`, and none is an error. rustc 1.95 gives
    // two under `unused_assignments`, rustc 1.85 (the declared minimum) one under
    // `unused_variables`, with the same hint.
    let warnings = compiler::warnings(&output);
    assert!(!warnings.is_empty(), "no warning");
    for warning in &warnings {
        assert!(warning.contains("`counter`"), "{warning}");
        assert!(
            warning.contains("[unused_assignments]") || warning.contains("[unused_variables]"),
            "{warning}"
        );
    }
    assert!(
        warnings.iter().any(|w| w.contains("did you mean to capture by reference")),
        "{warnings:?}"
    );
    let ran = Command::new(exe).output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "counter = 0, expected 500\n");
}

#[test]
fn opposite_lock_orders_compile_without_a_word() {
    let (output, _) = rustc("lock_order", false);
    assert!(output.status.success());
    assert!(compiler::warnings(&output).is_empty(), "{:?}", compiler::warnings(&output));
}
