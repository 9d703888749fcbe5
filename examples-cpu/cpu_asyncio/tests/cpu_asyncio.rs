//! cpu_asyncio, run as a program: right answers, the output's shape, and who did the work.

use testing::cpu::*;

const EXE: &str = env!("CARGO_BIN_EXE_cpu_asyncio");

#[test]
fn computes_the_right_results() {
    check_results(EXE, "cpu_asyncio", &[]);
}

#[test]
fn prints_the_final_line() {
    check_final_line(EXE);
}

#[test]
fn one_thread_runs_every_task() {
    assert_eq!(workers_used(EXE, &[]), 1);
}

#[test]
fn bad_input_is_a_usage_error() {
    check_bad_input(EXE);
}
