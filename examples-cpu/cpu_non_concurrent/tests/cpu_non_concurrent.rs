//! cpu_non_concurrent, run as a program: right answers, the output's shape, and who did the work.

use testing::cpu::*;

const EXE: &str = env!("CARGO_BIN_EXE_cpu_non_concurrent");

#[test]
fn computes_the_right_results() {
    check_results(EXE, "cpu_non_concurrent", &[]);
}

#[test]
fn prints_the_final_line() {
    check_final_line(EXE);
}

#[test]
fn exactly_one_thread_does_the_work() {
    assert_eq!(workers_used(EXE, &[]), 1);
}

#[test]
fn bad_input_is_a_usage_error() {
    check_bad_input(EXE);
}
