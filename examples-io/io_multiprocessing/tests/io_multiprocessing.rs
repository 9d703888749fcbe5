//! io_multiprocessing, run as a program against a site server started by each test.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_multiprocessing");

testing::io_common_tests!(EXE);

#[test]
fn two_processes_download_two_sites_at_once() {
    check_downloads_every_site(EXE, &["--processes", "2"], 2);
}

#[test]
fn three_processes_download_three_sites_at_once() {
    check_downloads_every_site(EXE, &["--processes", "3"], 3);
}

#[test]
fn each_line_names_the_worker_process_that_printed_it() {
    let server = server();
    let ran = run(EXE, &server.base_url(), &["--count", "8", "--processes", "2"]);
    ran.assert_code(0);
    let mut workers: Vec<&str> =
        ran.read_lines().iter().filter_map(|l| l.split(":Read ").next()).collect();
    workers.sort();
    workers.dedup();
    assert_eq!(workers, ["worker-1", "worker-2"], "{}", ran.stdout);
}

#[test]
fn json_reports_the_run_and_its_processes() {
    check_json(EXE, "io_multiprocessing", &["--processes", "3"], 3);
}

#[test]
#[cfg(unix)] // It kills a worker with SIGKILL.
fn a_killed_worker_fails_only_its_site_and_leaves_no_process_behind() {
    let server =
        server_with(Config { latency: std::time::Duration::from_millis(500), ..Config::default() });
    let example = start(EXE, &server.base_url(), &["--count", "6", "--processes", "2", "--json"]);
    // Both workers are in the middle of a download: kill one of them.
    wait_for_in_flight(&server, 2);
    let workers = children_of(example.pid());
    assert_eq!(workers.len(), 2, "{workers:?}");
    let killed =
        std::process::Command::new("kill").args(["-KILL", &workers[0].to_string()]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let pid = example.pid();
    let ran = example.finish();
    ran.assert_code(1);
    let failures = ran.failures();
    assert_eq!(failures.len(), 1, "{}", ran.stderr);
    assert!(
        failures[0].contains("died while running item") && failures[0].contains("SIGKILL"),
        "{}",
        failures[0]
    );
    let json = ran.json();
    assert_eq!((json["ok"].as_u64(), json["failed"].as_u64()), (Some(5), Some(1)));
    assert!(children_of(pid).is_empty());
    assert!(workers.iter().all(|&w| !is_running(w)), "a worker outlived the run");
}

#[test]
fn zero_processes_and_more_than_a_machine_holds_are_usage_errors() {
    check_bad_flag(EXE, "--processes", "0");
    check_huge(EXE, "--processes", "at most 512 processes");
}
