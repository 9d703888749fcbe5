//! io_threading, run as a program against a site server started by each test.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_threading");

testing::io_common_tests!(EXE);

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
fn zero_workers_and_more_than_a_machine_holds_are_usage_errors() {
    check_bad_flag(EXE, "--workers", "0");
    check_huge(EXE, "--workers", "at most 10000 threads");
}

#[test]
fn far_more_workers_than_sites_start_one_thread_per_site() {
    // ThreadPoolExecutor starts only what the work needs, and so does this pool: 10,000
    // threads asked for, 20 sites, 20 threads, 20 downloads at once.
    check_downloads_every_site(EXE, &["--workers", "10000"], SITES);
}
