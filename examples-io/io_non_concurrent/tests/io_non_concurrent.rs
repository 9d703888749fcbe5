//! io_non_concurrent, run as a program against a site server started by each test.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_non_concurrent");

testing::io_common_tests!(EXE);

#[test]
fn downloads_every_site_one_at_a_time() {
    check_downloads_every_site(EXE, &[], 1);
}

#[test]
fn read_lines_come_in_list_order() {
    let server = server();
    let ran = run(EXE, &server.base_url(), &["--count", "6"]);
    ran.assert_code(0);
    let urls: Vec<&str> = ran.read_lines().iter().filter_map(|l| l.rsplit(' ').next()).collect();
    let base = server.base_url();
    let expected: Vec<String> =
        ["jython", "dice"].iter().cycle().take(6).map(|p| format!("{base}/{p}")).collect();
    assert_eq!(urls, expected);
}

#[test]
fn json_reports_the_run() {
    check_json(EXE, "io_non_concurrent", &[], 1);
}
