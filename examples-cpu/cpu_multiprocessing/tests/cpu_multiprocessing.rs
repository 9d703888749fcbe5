//! cpu_multiprocessing, run as a program: right answers, the output's shape, and who did the work.

use testing::cpu::*;

const EXE: &str = env!("CARGO_BIN_EXE_cpu_multiprocessing");

#[test]
fn computes_the_right_results() {
    check_results(EXE, "cpu_multiprocessing", &[]);
}

#[test]
fn prints_the_final_line() {
    check_final_line(EXE);
}

#[test]
fn the_work_spreads_over_several_processes() {
    check_work_spreads(EXE, &["--processes", "2"]);
}

#[test]
fn bad_input_is_a_usage_error() {
    check_bad_input(EXE);
}

#[test]
fn zero_processes_and_more_than_a_machine_holds_are_usage_errors() {
    check_bad_flag(EXE, "--processes", "0");
    check_huge(EXE, "--processes", "at most 512 processes");
}
