//! lab io and lab cpu, run as a program on the real example binaries.
//!
//! The examples are found beside the runner in target/debug, where `cargo test
//! --workspace` builds every binary of the workspace before any test runs. A test run
//! of this package alone (`cargo test -p lab`) builds the ones it needs first.

mod common;

use std::process::{Command, Output};

use common::{RUNNER, runner};

fn lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect()
}

/// The table row of `example`, split into cells.
fn row(output: &Output, example: &str) -> Vec<String> {
    lines(output)
        .iter()
        .rev()
        .find(|l| l.starts_with(&format!("{example} ")))
        .unwrap_or_else(|| {
            panic!("no row for {example}: {}", String::from_utf8_lossy(&output.stdout))
        })
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_io_table_shows_each_lessons_speed_up_and_peak() {
    let names = ["io_non_concurrent", "io_threading", "io_asyncio"];
    let output = runner(&["io", "--quick"], &names).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // lesson, seconds, CPU s, speed-up, at once, result
    let baseline = row(&output, "io_non_concurrent");
    assert_eq!((&baseline[3][..], &baseline[4][..], &baseline[5][..]), ("1.00x", "1", "ok"));
    assert_eq!(row(&output, "io_threading")[4], "5");
    assert_eq!(row(&output, "io_asyncio")[4], "20");
}

/// What the runner printed for `example`: from its `== example` line to the next.
fn section(output: &Output, example: &str) -> Vec<String> {
    lines(output)
        .into_iter()
        .skip_while(|l| *l != format!("== {example}"))
        .skip(1)
        .take_while(|l| !l.starts_with("== ") && !l.starts_with("lesson "))
        .collect()
}

/// How many lanes the timeline under `example` draws one by one.
fn lanes_drawn(output: &Output, example: &str) -> usize {
    section(output, example)
        .iter()
        .filter(|l| l.starts_with("connection ") || l.starts_with("worker "))
        .count()
}

#[test]
fn a_recorded_run_keeps_every_site_on_the_timelines_lanes() {
    let names = ["io_non_concurrent", "io_threading"];
    let out = std::env::temp_dir().join(format!("lab-record-{}", std::process::id()));
    let out_arg = out.to_str().expect("a UTF-8 temporary folder");
    let output = runner(&["io", "--quick", "--record", "t", "--out", out_arg], &names)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let set: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("t.json")).expect("written"))
            .expect("JSON");
    std::fs::remove_dir_all(&out).expect("removable");
    for (point, example) in
        set["points"].as_array().expect("points").iter().zip(["io_non_concurrent", "io_threading"])
    {
        assert_eq!(point["id"], example);
        let spans = point["repeats"][0]["spans"].as_array().expect("spans");
        assert_eq!(spans.len(), 20, "{example}: one span per site");
        let mut lanes: Vec<u64> = spans.iter().filter_map(|s| s["lane"].as_u64()).collect();
        lanes.sort_unstable();
        lanes.dedup();
        assert_eq!(lanes.len(), lanes_drawn(&output, example), "{example}");
        assert_eq!(point["repeats"][0]["server"]["requests"], 20);
    }
}

#[test]
fn each_cpu_example_is_drawn_worker_by_worker() {
    let names = ["cpu_non_concurrent", "cpu_threading", "cpu_rayon", "cpu_asyncio"];
    let output = runner(&["cpu", "--quick", "--count", "10"], &names).output().expect("runs");
    assert!(output.status.success());
    assert_eq!(lanes_drawn(&output, "cpu_non_concurrent"), 1);
    assert_eq!(lanes_drawn(&output, "cpu_asyncio"), 1, "one thread runs every task");
    // 5 threads for 10 results: every thread takes some (the pool hands them out as
    // threads come free, so a thread that starts late may get none: at most 5).
    let threads = lanes_drawn(&output, "cpu_threading");
    assert!((1..=5).contains(&threads), "{threads}");
    // rayon: at most its thread count, one per core.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!((1..=cores).contains(&lanes_drawn(&output, "cpu_rayon")));
}

#[test]
fn each_io_example_is_drawn_lane_by_lane() {
    let names = ["io_non_concurrent", "io_threading", "io_asyncio", "io_multiprocessing"];
    let output = runner(&["io", "--quick"], &names).output().expect("runs");
    assert!(output.status.success());
    // One connection, used for every download in turn.
    assert_eq!(lanes_drawn(&output, "io_non_concurrent"), 1);
    // A connection per thread.
    assert_eq!(lanes_drawn(&output, "io_threading"), 5);
    // Every download at once, a connection each: eight drawn, the others counted.
    let asyncio = section(&output, "io_asyncio").join("\n");
    assert_eq!(lanes_drawn(&output, "io_asyncio"), 8, "{asyncio}");
    assert!(asyncio.contains("(and 12 more connections like these)"), "{asyncio}");
    // A connection per worker process, one process per core.
    let processes = std::thread::available_parallelism().map_or(1, |n| n.get()).min(20);
    assert_eq!(lanes_drawn(&output, "io_multiprocessing"), processes);
}

#[test]
fn the_cpu_table_checks_answers_and_counts_workers() {
    let names = ["cpu_non_concurrent", "cpu_rayon"];
    let output = runner(&["cpu", "--quick"], &names).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // lesson, seconds, CPU s, speed-up, workers, result
    let baseline = row(&output, "cpu_non_concurrent");
    assert_eq!((&baseline[3][..], &baseline[4][..], &baseline[5][..]), ("1.00x", "1", "ok"));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    assert_eq!(row(&output, "cpu_rayon")[4], threads.to_string());
}

#[test]
fn an_example_that_does_not_exist_is_a_usage_error_that_lists_them() {
    let output = runner(&["io", "--quick"], &["io_non_concurrent"])
        .arg("no_such_example")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("== io_non_concurrent")
            && stderr.contains("no lesson called no_such_example here")
            && stderr.contains("there are: io_non_concurrent, io_threading"),
        "{stderr}"
    );
}

#[test]
fn an_example_that_was_not_built_is_a_clear_error_before_any_run() {
    let empty = std::env::temp_dir().join(format!("lab-no-builds-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("a folder");
    let output = Command::new(RUNNER)
        .args(["cpu", "--quick", "cpu_rayon", "--bin-dir"])
        .arg(&empty)
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir(&empty);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cpu_rayon not found") && stderr.contains("cargo build --release"),
        "{stderr}"
    );
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let output = Command::new(RUNNER).args(["cpu", "--repeat", "nope"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--repeat"));
}

#[test]
#[cfg(unix)] // Sending Ctrl-C to one process by its id is a Unix signal.
fn ctrl_c_stops_the_example_its_workers_and_the_runner() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    use common::wait_for;
    use testing::processes::{children_of, is_running};

    // Slow sites, so the run is surely in the middle when Ctrl-C comes.
    let names = ["io_multiprocessing"];
    let mut runner = runner(&["io", "--count", "40", "--latency-ms", "500"], &names)
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdout = BufReader::new(runner.stdout.take().expect("stdout"));
    let mut line = String::new();
    while !line.starts_with("== io_multiprocessing") {
        line.clear();
        assert!(stdout.read_line(&mut line).expect("read") > 0, "the runner ended early");
    }
    // The runner starts each example through a measuring helper (itself, again); its
    // other child, the site server, has none of its own.
    let helper = wait_for("the helper", || {
        children_of(runner.id()).into_iter().find(|c| !children_of(*c).is_empty())
    });
    let example = wait_for("the example", || children_of(helper).first().copied());
    let workers = wait_for("two workers", || {
        let workers = children_of(example);
        (workers.len() >= 2).then_some(workers)
    });
    // As a terminal would, but to the runner alone: it must stop the rest itself.
    let sent = Command::new("kill").args(["-INT", &runner.id().to_string()]).status();
    assert!(sent.is_ok_and(|s| s.success()));
    assert_eq!(runner.wait().expect("wait").code(), Some(130));
    for pid in [helper, example].into_iter().chain(workers) {
        wait_for("every process to stop", || (!is_running(pid)).then_some(()));
    }
}
