//! io_threading, run as a program against a site server started by each test.

use io_testing::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_threading");

#[test]
fn five_threads_download_five_sites_at_once_by_default() {
    check_downloads_every_site(EXE, &[], 5);
}

#[test]
fn three_workers_download_three_sites_at_once() {
    check_downloads_every_site(EXE, &["--workers", "3"], 3);
}

#[test]
fn json_reports_the_run_and_its_workers() {
    check_json(EXE, "io_threading", &["--workers", "4"], 4);
}

#[test]
fn quiet_prints_only_the_final_line() {
    check_quiet(EXE);
}

#[test]
fn a_server_that_is_down_fails_every_site() {
    check_server_down(EXE);
}

#[test]
fn http_500_is_reported_and_the_rest_downloaded() {
    check_http_500(EXE);
}

#[test]
fn zero_workers_is_a_usage_error() {
    check_bad_flag(EXE, "--workers", "0");
}

#[test]
fn a_bad_count_is_a_usage_error() {
    check_bad_flag(EXE, "--count", "abc");
}

#[test]
fn a_site_slower_than_the_timeout_fails() {
    check_timeout(EXE);
}

#[test]
fn a_server_that_dies_mid_run_fails_the_rest_and_loses_none() {
    check_server_dies_mid_run(EXE);
}

#[test]
fn broken_responses_are_failures_not_downloads() {
    check_broken_responses(EXE);
}
