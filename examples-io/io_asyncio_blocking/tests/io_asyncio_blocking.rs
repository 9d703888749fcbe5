//! io_asyncio_blocking, run as a program against a site server started by each test.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_asyncio_blocking");

testing::io_common_tests!(EXE);

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
