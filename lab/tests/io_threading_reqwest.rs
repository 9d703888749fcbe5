//! The lab's variant io_threading_reqwest, run as a program against a site server
//! started by each test: it must download as io_threading does, with reqwest.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_threading_reqwest");

testing::io_common_tests!(EXE);

#[test]
fn five_threads_download_five_sites_at_once_by_default() {
    check_downloads_every_site(EXE, &[], 5);
}

#[test]
fn far_more_workers_than_sites_start_one_thread_per_site() {
    // As io_threading's pool: only what the work needs, one thread per site, each with
    // a client of its own, so one connection per site. (How many are in flight at once
    // depends on how fast each thread makes its client on a loaded machine, so the
    // connections are counted, not the server's peak.)
    let server = server();
    let count = SITES.to_string();
    let ran = run(EXE, &server.base_url(), &["--count", &count, "--workers", "10000"]);
    ran.assert_code(0);
    assert_final_line(ran.final_line(), SITES);
    let stats = server.stats().snapshot();
    assert_eq!(stats.requests, SITES as u64);
    assert_eq!(stats.connections, SITES as u64, "a client, so a connection, per thread");
}

#[test]
fn json_reports_the_run_and_its_workers() {
    check_json(EXE, "io_threading_reqwest", &["--workers", "4"], 4);
}

#[test]
fn zero_workers_is_a_usage_error() {
    check_bad_flag(EXE, "--workers", "0");
}
