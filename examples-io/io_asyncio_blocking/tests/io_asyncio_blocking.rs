//! io_asyncio_blocking, run as a program against a site server started by each test.

use io_testing::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_asyncio_blocking");

io_testing::common_tests!(EXE);

#[test]
fn a_blocking_client_in_async_tasks_downloads_one_site_at_a_time() {
    check_downloads_every_site(EXE, &["--client", "blocking"], 1);
}

#[test]
fn an_async_client_downloads_every_site_at_once() {
    check_downloads_every_site(EXE, &["--client", "reqwest"], SITES);
}

#[test]
fn blocking_calls_on_blocking_threads_download_every_site_at_once() {
    check_downloads_every_site(EXE, &["--client", "spawn-blocking"], SITES);
}

#[test]
fn json_reports_one_task_per_site() {
    check_json(EXE, "io_asyncio_blocking", &[], SITES);
}

#[test]
fn an_unknown_client_is_a_usage_error() {
    check_bad_flag(EXE, "--client", "curl");
}

#[test]
fn an_async_client_on_two_runtime_threads_downloads_every_site_at_once() {
    check_downloads_every_site(EXE, &["--client", "reqwest", "--threads", "2"], SITES);
}

#[test]
fn a_blocking_client_on_two_runtime_threads_downloads_two_sites_at_a_time() {
    // Each worker thread is held by one blocking call: two threads, two downloads.
    check_downloads_every_site(EXE, &["--client", "blocking", "--threads", "2"], 2);
}

#[test]
fn zero_runtime_threads_is_a_usage_error() {
    check_bad_flag(EXE, "--threads", "0");
}
