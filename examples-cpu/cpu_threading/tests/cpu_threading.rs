//! cpu_threading, run as a program: right answers, the output's shape, and who did the work.

use testing::cpu::*;

const EXE: &str = env!("CARGO_BIN_EXE_cpu_threading");

#[test]
fn computes_the_right_results() {
    check_results(EXE, "cpu_threading", &[]);
}

#[test]
fn prints_the_final_line() {
    check_final_line(EXE);
}

#[test]
fn the_work_spreads_over_several_threads() {
    check_work_spreads(EXE, &["--workers", "5"]);
}

#[test]
fn bad_input_is_a_usage_error() {
    check_bad_input(EXE);
}

#[test]
fn zero_workers_and_more_than_a_machine_holds_are_usage_errors() {
    check_bad_flag(EXE, "--workers", "0");
    check_huge(EXE, "--workers", "at most 10000 threads");
}

#[test]
fn far_more_workers_than_tasks_start_one_thread_per_task() {
    // 10,000 threads asked for; only as many start as there are numbers
    // (workers_used runs 6).
    let used = workers_used(EXE, &["--workers", "10000"]);
    assert!((1..=6).contains(&used), "{used}");
}

/// A Linux control group whose `pids.max` caps how many threads its processes may have:
/// a limit the kernel holds root to as well, where `ulimit -u` does not. Removed when
/// dropped (it is empty by then: the example has exited).
#[cfg(target_os = "linux")]
struct ThreadLimit {
    dir: std::path::PathBuf,
}

#[cfg(target_os = "linux")]
impl ThreadLimit {
    /// A group allowing `max` threads, or `None` where this process may not make one
    /// (not root, or no pids controller): then the test says so and does not run.
    fn new(max: u32) -> Option<ThreadLimit> {
        // cgroup v1 mounts the controller on its own; under v2 it is in the one tree.
        let root = ["/sys/fs/cgroup/pids", "/sys/fs/cgroup"]
            .into_iter()
            .map(std::path::Path::new)
            .find(|root| root.join("cgroup.procs").is_file())?;
        let dir = root.join(format!("cpu-threading-test-{}-{max}", std::process::id()));
        std::fs::create_dir(&dir).ok()?;
        let limit = ThreadLimit { dir };
        std::fs::write(limit.dir.join("pids.max"), max.to_string()).ok()?;
        Some(limit)
    }

    /// Runs the example inside the group: a shell moves itself in, then becomes it.
    fn run(&self, args: &str) -> std::process::Output {
        let script = format!("echo $$ > {}/cgroup.procs && exec \"$0\" {args}", self.dir.display());
        std::process::Command::new("sh").args(["-c", &script, EXE]).output().expect("sh runs")
    }
}

#[cfg(target_os = "linux")]
impl Drop for ThreadLimit {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.dir);
    }
}

#[test]
#[cfg(target_os = "linux")]
fn threads_the_system_refuses_leave_the_pool_with_those_it_has() {
    // 6 tasks in the group: the main thread and 5 pool threads; 50 were asked for.
    let Some(limit) = ThreadLimit::new(6) else {
        eprintln!("SKIPPED: cannot make a control group with pids.max here");
        return;
    };
    let output = limit.run("--workers 50 --count 50 --json");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("warning: the system refused a thread"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["count"], 50, "every result computed and checked");
    let used = report["workers_used"].as_u64().expect("workers_used");
    assert!((1..=5).contains(&used), "{used} threads computed");
}

#[test]
#[cfg(target_os = "linux")]
fn no_thread_at_all_leaves_the_work_to_the_main_thread_not_an_abort() {
    // Room for the main thread only.
    let Some(limit) = ThreadLimit::new(1) else {
        eprintln!("SKIPPED: cannot make a control group with pids.max here");
        return;
    };
    let output = limit.run("--workers 5 --count 5 --json");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("warning: the system refused a thread"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!((report["count"].as_u64(), report["workers_used"].as_u64()), (Some(5), Some(1)));
}
