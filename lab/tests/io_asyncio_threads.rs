//! The lab's variant io_asyncio_threads, run as a program against a site server started
//! by each test: it must download as io_asyncio does, on however many runtime threads.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_asyncio_threads");

testing::io_common_tests!(EXE);

#[test]
fn tasks_on_two_runtime_threads_download_every_site_at_once() {
    check_downloads_every_site(EXE, &["--threads", "2"], SITES);
}

#[test]
fn tasks_on_one_runtime_thread_still_download_every_site_at_once() {
    check_downloads_every_site(EXE, &["--threads", "1"], SITES);
}

#[test]
fn json_reports_one_task_per_site() {
    check_json(EXE, "io_asyncio_threads", &[], SITES);
}

#[test]
fn zero_runtime_threads_is_a_usage_error() {
    check_bad_flag(EXE, "--threads", "0");
}
