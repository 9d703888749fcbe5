//! The pool, tested through `pool_demo`: a real parent re-executing itself as workers.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use testing::processes::is_running;

fn pool_demo(processes: usize, items: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pool_demo"))
        .arg("--processes")
        .arg(processes.to_string())
        .args(items)
        .output()
        .expect("pool_demo runs")
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect()
}

/// The `item N: ...` lines, in the order printed.
fn item_lines(output: &Output) -> Vec<String> {
    stdout_lines(output).into_iter().filter(|l| l.starts_with("item ")).collect()
}

/// The `init worker-N` lines, without the pid that follows.
fn init_lines(output: &Output) -> Vec<String> {
    stdout_lines(output)
        .into_iter()
        .filter(|l| l.starts_with("init "))
        .map(|l| l.split(" pid ").next().unwrap_or_default().to_owned())
        .collect()
}

/// The process id of every worker, from what each printed when it started.
fn worker_pids(output: &str) -> Vec<u32> {
    output
        .lines()
        .filter(|l| l.starts_with("init "))
        .filter_map(|l| l.rsplit(' ').next()?.parse().ok())
        .collect()
}

/// Checks that pool_demo started workers, and that none of them is still running now
/// that pool_demo has exited.
fn assert_no_children_left(output: &Output) {
    let pids = worker_pids(&String::from_utf8_lossy(&output.stdout));
    assert!(!pids.is_empty(), "no worker said it started");
    for pid in pids {
        assert!(!is_running(pid), "worker {pid} outlived the pool");
    }
}

#[test]
fn results_come_back_in_input_order() {
    // The first items take longest, so they finish last; the results must not care.
    let items: Vec<String> = (0..12).map(|i| format!("work:{}:r{i}", (12 - i) * 15)).collect();
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    let output = pool_demo(3, &items);
    assert!(output.status.success());
    let expected: Vec<String> = (0..12).map(|i| format!("item {i}: ok r{i}")).collect();
    assert_eq!(item_lines(&output), expected);
    assert_no_children_left(&output);
}

#[test]
fn the_initializer_runs_once_per_worker() {
    let items = ["pid"; 12];
    let output = pool_demo(3, &items);
    assert!(output.status.success());
    let mut inits = init_lines(&output);
    inits.sort();
    assert_eq!(inits, ["init worker-1", "init worker-2", "init worker-3"]);
    // Every item ran in one of the three worker processes, none in the parent.
    let mut pids: Vec<String> = item_lines(&output)
        .iter()
        .map(|l| l.rsplit(' ').next().unwrap_or_default().to_owned())
        .collect();
    pids.sort();
    pids.dedup();
    assert!(!pids.is_empty() && pids.len() <= 3, "{pids:?}");
}

#[test]
fn a_worker_that_exits_mid_item_fails_only_that_item() {
    let items = ["work:20:a", "exit:3", "work:20:b", "work:20:c", "work:20:d", "work:20:e"];
    let output = pool_demo(2, &items);
    assert_eq!(output.status.code(), Some(1));
    let lines = item_lines(&output);
    assert_eq!(lines.len(), 6);
    assert!(
        lines[1].starts_with("item 1: err worker-")
            && lines[1].ends_with("died while running item 1 (exit status: 3)"),
        "{}",
        lines[1]
    );
    for (i, name) in [(0, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e")] {
        assert_eq!(lines[i], format!("item {i}: ok {name}"));
    }
    // The dead worker was replaced, and the replacement ran its initializer too.
    assert_eq!(init_lines(&output).len(), 3);
    assert_no_children_left(&output);
}

#[test]
#[cfg(unix)] // Windows has no signals.
fn a_worker_killed_by_a_signal_is_reported_with_the_signal() {
    let output = pool_demo(2, &["work:5:a", "abort", "work:5:b"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = item_lines(&output);
    assert!(
        lines[1].contains("died while running item 1") && lines[1].contains("SIGABRT"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], "item 2: ok b");
    assert_no_children_left(&output);
}

#[test]
fn garbage_on_stdout_fails_the_item_and_the_worker_is_replaced() {
    let output = pool_demo(1, &["garbage", "work:1:after"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = item_lines(&output);
    assert!(
        lines[0].starts_with("item 0: err worker-1 answered garbage for item 0"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "item 1: ok after");
    assert_eq!(init_lines(&output), ["init worker-1", "init worker-2"]);
    assert_no_children_left(&output);
}

#[test]
fn an_error_from_the_work_function_names_the_item_and_the_worker() {
    let output = pool_demo(1, &["work:1:x", "fail:no such thing"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(item_lines(&output)[1], "item 1: err no such thing (item 1, in worker-1)");
    // A clean error does not cost the worker its life.
    assert_eq!(init_lines(&output), ["init worker-1"]);
}

#[test]
fn a_panic_in_the_work_function_fails_only_its_item() {
    let output = pool_demo(1, &["panic:out of range", "work:1:after"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = item_lines(&output);
    assert_eq!(
        lines[0],
        "item 0: err the work function panicked: out of range (item 0, in worker-1)"
    );
    assert_eq!(lines[1], "item 1: ok after");
    assert_eq!(init_lines(&output), ["init worker-1"], "the worker carried on");
}

#[test]
fn a_worker_refuses_items_for_a_function_it_does_not_serve() {
    // pool_demo's map is given `shout`, but its workers serve `work`: same types, so it
    // compiles, and the workers must say so rather than run the wrong function.
    let output = Command::new(env!("CARGO_BIN_EXE_pool_demo"))
        .args(["--processes", "1", "--map-shout", "1", "pid"])
        .output()
        .expect("pool_demo runs");
    assert_eq!(output.status.code(), Some(1));
    let lines = item_lines(&output);
    assert!(
        lines[0].contains("the pool's map was given pool_demo::shout, but this program's workers run pool_demo::work"),
        "{}",
        lines[0]
    );
    assert!(init_lines(&output).is_empty(), "nothing of the wrong code ran");
}

#[test]
fn what_a_worker_prints_reaches_the_parent_intact() {
    let output = pool_demo(1, &["print:a line with: colons and spaces"]);
    assert!(output.status.success());
    assert!(stdout_lines(&output).contains(&"a line with: colons and spaces".to_owned()));
}

#[test]
fn more_processes_than_items_starts_only_what_is_needed() {
    let output = pool_demo(8, &["pid", "pid"]);
    assert!(output.status.success());
    assert_eq!(init_lines(&output).len(), 2);
}

#[test]
fn no_items_means_no_workers() {
    let output = pool_demo(4, &[]);
    assert!(output.status.success());
    assert!(init_lines(&output).is_empty());
}

#[test]
fn zero_processes_fails_every_item_instead_of_hanging() {
    let output = pool_demo(0, &["pid", "pid"]);
    assert_eq!(output.status.code(), Some(1));
    for line in item_lines(&output) {
        assert!(line.contains("no worker process could be started"), "{line}");
    }
}

#[test]
fn an_item_that_hangs_is_timed_out_and_the_others_finish() {
    let output = Command::new(env!("CARGO_BIN_EXE_pool_demo"))
        .args([
            "--processes",
            "2",
            "--item-timeout-ms",
            "300",
            "work:10:a",
            "hang",
            "work:10:b",
            "work:10:c",
        ])
        .output()
        .expect("pool_demo runs");
    assert_eq!(output.status.code(), Some(1));
    let lines = item_lines(&output);
    assert!(
        lines[1].starts_with("item 1: err worker-")
            && lines[1].ends_with("was killed after running item 1 for 300ms (the item timeout)"),
        "{}",
        lines[1]
    );
    assert_eq!(&lines[2..], ["item 2: ok b", "item 3: ok c"]);
    assert_no_children_left(&output);
}

#[test]
fn workers_exit_when_their_parent_dies() {
    let mut parent = Command::new(env!("CARGO_BIN_EXE_pool_demo"))
        .args(["--processes", "2", "hang", "hang", "hang"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("pool_demo runs");
    let deadline = Instant::now() + Duration::from_secs(30);
    // Each worker prints its pid as it starts; the parent passes the lines on at once.
    let mut stdout = std::io::BufReader::new(parent.stdout.take().expect("stdout"));
    let mut workers = Vec::new();
    while workers.len() < 2 {
        let mut line = String::new();
        let read = std::io::BufRead::read_line(&mut stdout, &mut line).expect("read");
        assert!(read > 0, "pool_demo exited before its workers started");
        workers.extend(worker_pids(&line));
    }
    // The hardest way to die, and the only one Windows has: no signal handler runs.
    parent.kill().expect("kill");
    assert!(!parent.wait().expect("wait").success());
    // The parent is gone mid-item; each worker sees its stdin close and exits.
    for worker in workers {
        while is_running(worker) {
            assert!(Instant::now() < deadline, "worker {worker} outlived its parent");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
