//! cpu_threading, run as a program: right answers, the output's shape, and who did the work.

use cpu_work::testing::*;

const EXE: &str = env!("CARGO_BIN_EXE_cpu_threading");

#[test]
fn computes_the_right_results_for_both_workloads() {
    check_results(EXE, "cpu_threading", &[]);
}

#[test]
fn prints_the_final_line() {
    check_final_line(EXE);
}

#[test]
fn the_work_spreads_over_several_threads() {
    check_work_spreads(EXE, &["--workers", "5"]);
}

#[test]
fn bad_input_is_a_usage_error() {
    check_bad_input(EXE);
}

#[test]
fn zero_workers_is_a_usage_error() {
    check_bad_flag(EXE, "--workers", "0");
}

#[test]
fn far_more_workers_than_tasks_start_one_thread_per_task() {
    // 60,000 threads would abort the program; only as many start as there are tasks
    // (workers_used runs 6 tasks).
    let used = workers_used(EXE, &["--workers", "60000"]);
    assert!((1..=6).contains(&used), "{used}");
}
