//! cpu_rayon, run as a program: right answers, the output's shape, and who did the work.

use testing::cpu::*;

const EXE: &str = env!("CARGO_BIN_EXE_cpu_rayon");

#[test]
fn computes_the_right_results() {
    check_results(EXE, "cpu_rayon", &[]);
}

#[test]
fn prints_the_final_line() {
    check_final_line(EXE);
}

#[test]
fn the_work_spreads_over_rayons_threads() {
    check_work_spreads(EXE, &[]);
}

#[test]
fn bad_input_is_a_usage_error() {
    check_bad_input(EXE);
}
