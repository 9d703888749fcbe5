//! io_asyncio_bounded, run as a program against a site server started by each test.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_asyncio_bounded");

testing::io_common_tests!(EXE);

#[test]
fn no_more_than_the_limit_is_in_flight_and_every_site_is_downloaded() {
    // 20 sites, 5 permits: the server sees exactly 5 at once, never more.
    check_downloads_every_site(EXE, &["--limit", "5"], 5);
}

#[test]
fn a_limit_above_the_sites_lets_every_site_be_in_flight_at_once() {
    check_downloads_every_site(EXE, &["--limit", "1000"], SITES);
}

#[test]
fn json_reports_the_limit_as_its_workers() {
    check_json(EXE, "io_asyncio_bounded", &["--limit", "5"], 5);
}

#[test]
fn a_limit_of_zero_or_past_any_count_is_a_usage_error() {
    check_bad_flag(EXE, "--limit", "0");
    check_huge(EXE, "--limit", "at most 1000000 downloads at once");
}
