//! io_asyncio_starved, run as a program against a site server started by each test.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_asyncio_starved");

testing::io_common_tests!(EXE);

/// What one run showed: where the computing ran against the downloads, from the spans
/// in its report.
struct Starved {
    /// Whether fib(38) ran on the thread that ran the downloads.
    on_runtime_thread: bool,
    /// How many downloads ended while it computed.
    finished_during: usize,
    /// The server's most downloads at once.
    peak: u64,
}

/// Runs the example with `--hog HOG` and reads its spans.
fn run_with(hog: &str) -> Starved {
    let server = server();
    let ran =
        run(EXE, &server.base_url(), &["--count", &SITES.to_string(), "--json", "--hog", hog]);
    ran.assert_code(0);
    let report = ran.json();
    assert_eq!(report["ok"], SITES);
    let items = report["items"].as_array().expect("items").clone();
    let of = |what: &str| items.iter().filter(|i| i["what"] == what).cloned().collect::<Vec<_>>();
    let (hogs, downloads) = (of("fib(38)"), of("download"));
    assert_eq!((hogs.len(), downloads.len()), (1, SITES), "{report}");
    let hog_end = hogs[0]["end_ms"].as_f64().expect("end_ms");
    Starved {
        on_runtime_thread: downloads.iter().all(|d| d["worker"] == hogs[0]["worker"]),
        finished_during: downloads.iter().filter(|d| d["end_ms"].as_f64() < Some(hog_end)).count(),
        peak: server.stats().snapshot().peak_in_flight,
    }
}

#[test]
fn computing_in_a_task_lets_no_download_finish_until_it_is_done() {
    let starved = run_with("in-task");
    assert!(starved.on_runtime_thread);
    // The runtime's only thread computed; nothing else could run meanwhile.
    assert_eq!(starved.finished_during, 0);
    // Once it was done, the downloads still all ran at once.
    assert_eq!(starved.peak, SITES as u64);
}

#[test]
fn computing_on_a_blocking_thread_leaves_the_runtime_to_the_downloads() {
    let starved = run_with("spawn-blocking");
    assert!(!starved.on_runtime_thread);
    assert_eq!(starved.peak, SITES as u64);
}

#[test]
fn every_site_is_in_flight_at_once() {
    check_downloads_every_site(EXE, &[], SITES);
}

#[test]
fn an_unknown_hog_is_a_usage_error() {
    check_bad_flag(EXE, "--hog", "nowhere");
}
