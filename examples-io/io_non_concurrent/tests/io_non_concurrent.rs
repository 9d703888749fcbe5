//! io_non_concurrent, run as a program against a site server started by each test.

use io_testing::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_non_concurrent");

#[test]
fn downloads_every_site_one_at_a_time() {
    check_downloads_every_site(EXE, &[], 1);
}

#[test]
fn read_lines_come_in_list_order() {
    let server = server();
    let ran = run(EXE, &server.base_url(), &["--count", "6"]);
    ran.assert_code(0);
    let urls: Vec<&str> = ran
        .read_lines()
        .iter()
        .filter_map(|l| l.rsplit(' ').next())
        .collect();
    let base = server.base_url();
    let expected: Vec<String> = ["jython", "dice"]
        .iter()
        .cycle()
        .take(6)
        .map(|p| format!("{base}/{p}"))
        .collect();
    assert_eq!(urls, expected);
}

#[test]
fn json_reports_the_run() {
    check_json(EXE, "io_non_concurrent", &[], 1);
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
