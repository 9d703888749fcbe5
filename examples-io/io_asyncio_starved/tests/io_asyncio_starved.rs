//! io_asyncio_starved, run as a program against a site server started by each test.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_asyncio_starved");

testing::io_common_tests!(EXE);

/// Runs the example with `--hog HOG` and returns its report and the server's peak.
fn run_with(hog: &str) -> (serde_json::Value, u64) {
    let server = server();
    let ran = run(
        EXE,
        &server.base_url(),
        &["--count", &SITES.to_string(), "--json", "--hog", hog],
    );
    ran.assert_code(0);
    (ran.json(), server.stats().snapshot().peak_in_flight)
}

#[test]
fn computing_in_a_task_lets_no_download_finish_until_it_is_done() {
    let (report, peak) = run_with("in-task");
    assert_eq!(report["hog_on_runtime_thread"], true);
    // The runtime's only thread computed; nothing else could run meanwhile.
    assert_eq!(report["finished_during_hog"], 0, "{report}");
    assert_eq!(report["ok"], SITES);
    // Once it was done, the downloads still all ran at once.
    assert_eq!(peak, SITES as u64);
}

#[test]
fn computing_on_a_blocking_thread_leaves_the_runtime_to_the_downloads() {
    let (report, peak) = run_with("spawn-blocking");
    assert_eq!(report["hog_on_runtime_thread"], false, "{report}");
    assert_eq!(report["ok"], SITES);
    assert_eq!(peak, SITES as u64);
}

#[test]
fn every_site_is_in_flight_at_once() {
    check_downloads_every_site(EXE, &[], SITES);
}

#[test]
fn an_unknown_hog_is_a_usage_error() {
    check_bad_flag(EXE, "--hog", "nowhere");
}
