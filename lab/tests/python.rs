//! `lab python` and `lab read`, run on small Python scripts this project wrote in the
//! tutorial's form (`tests/materials/`): no network, no copy of the tutorial needed.
//! Where `python3` is missing, each test says so and passes without running.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{RUNNER, bin_dir, wait_for};
use testing::processes::is_running;

/// The stand-in scripts: io_non_concurrent.py works, io_threads.py fails, io_asyncio.py
/// names its site twice (refused), cpu_non_concurrent.py works, cpu_threads.py hangs.
const MATERIALS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/materials");

/// The Rust twins of the stand-ins, and the server.
const TWINS: [&str; 5] =
    ["io_non_concurrent", "io_threading", "cpu_non_concurrent", "cpu_threading", "site_server"];

/// Whether there is a python3 to test with; if not, says so.
fn have_python() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: no python3 on this machine");
    }
    found
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// `lab python --python-materials MATERIALS ARGS --out OUT` with the twins built, its
/// environment made in `venv`.
fn python_run(args: &[&str], out: &Path, venv: &Path) -> Command {
    let mut command = Command::new(RUNNER);
    command
        .arg("python")
        .args(["--python-materials", MATERIALS])
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--venv-dir")
        .arg(venv);
    command.arg("--bin-dir").arg(bin_dir(&TWINS));
    command
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            files.insert(path.clone(), std::fs::read(&path).expect("readable"));
        }
    }
    files
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn each_script_runs_beside_its_twin_and_failures_do_not_stop_the_run() {
    if !have_python() {
        return;
    }
    let before = snapshot(Path::new(MATERIALS));
    let dir = scratch("python-pairs");
    let pids = dir.join("hang.pids");
    let output =
        python_run(&["--quick", "--timeout-s", "5", "--record", "t"], &dir, &dir.join("venv"))
            .env("HANG_PID_FILE", &pids)
            .output()
            .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "a failed script fails the run: {stderr}");
    assert!(stderr.contains("python-concurrency/io_asyncio.py: skipped"), "{stderr}");
    assert!(stderr.contains("\"https://www.jython.org\" is there 2 times, not once"), "{stderr}");
    let set: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("t.json")).expect("written"))
            .expect("JSON");
    let point = |id: &str| {
        set["points"]
            .as_array()
            .expect("points")
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {set}"))
            .clone()
    };
    // One download at a time in both, every site counted by the server.
    let good = point("io_non_concurrent.py-python");
    assert_eq!(
        (good["repeats"][0]["exit"].as_i64(), good["repeats"][0]["server"]["requests"].as_u64()),
        (Some(0), Some(20))
    );
    assert_eq!(good["repeats"][0]["server"]["peak_in_flight"], 1);
    assert!(good["repeats"][0]["own_s"].as_f64().is_some_and(|s| s > 0.0));
    assert_eq!(point("io_non_concurrent")["repeats"][0]["server"]["requests"], 20);
    // The failing script's reason, and the hanging one's, are kept.
    let failed = point("io_threads.py-python");
    assert!(
        failed["repeats"][0]["last_error"].as_str().is_some_and(|e| e.contains("ConnectionError")),
        "{failed}"
    );
    let hung = point("cpu_threads.py-python");
    assert_eq!(hung["repeats"][0]["last_error"], "timed out after 5 s");
    // The hanging script and the process it started are both gone.
    let pids: Vec<u32> = std::fs::read_to_string(&pids)
        .expect("the hanging script wrote its pids")
        .split_whitespace()
        .map(|p| p.parse().expect("a pid"))
        .collect();
    assert_eq!(pids.len(), 2);
    for pid in pids {
        wait_for("the stopped script's processes to go", || (!is_running(pid)).then_some(()));
    }
    // No folder of this machine is written down but in the set's command line.
    let mut without_command = set.clone();
    without_command["command"] = serde_json::Value::Null;
    assert!(!without_command.to_string().contains("venv"), "{without_command}");
    assert_eq!(snapshot(Path::new(MATERIALS)), before, "the checkout changed");
    std::fs::remove_dir_all(&dir).expect("removable");
}

#[test]
fn no_checkout_or_a_wrong_one_is_a_usage_error() {
    let dir = scratch("python-no-checkout");
    let output =
        Command::new(RUNNER).arg("python").env_remove("PYTHON_MATERIALS").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--python-materials"));
    let output = Command::new(RUNNER)
        .args(["python", "--python-materials"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("has no python-concurrency/ folder"),
        "{}",
        text(&output.stderr)
    );
    std::fs::remove_dir_all(&dir).expect("removable");
}

#[test]
fn an_interpreter_that_does_not_run_is_a_usage_error() {
    let dir = scratch("python-no-interpreter");
    let output = python_run(&["--python", "/no/such/python3", "--only", "cpu"], &dir, &dir)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("/no/such/python3: no working `/no/such/python3`"),
        "{}",
        text(&output.stderr)
    );
    std::fs::remove_dir_all(&dir).expect("removable");
}

#[test]
fn a_requirement_that_cannot_install_leaves_no_half_made_environment() {
    if !have_python() {
        return;
    }
    let dir = scratch("python-bad-requirements");
    let checkout = dir.join("python-concurrency");
    std::fs::create_dir_all(&checkout).expect("folder");
    std::fs::copy(
        Path::new(MATERIALS).join("python-concurrency/cpu_non_concurrent.py"),
        checkout.join("cpu_non_concurrent.py"),
    )
    .expect("copied");
    // Refused by pip at once, before it would look for an index.
    std::fs::write(checkout.join("requirements.txt"), "this is not a requirement!\n")
        .expect("written");
    let venv = dir.join("venv");
    let output = Command::new(RUNNER)
        .args(["python", "--quick", "--python-materials"])
        .arg(&dir)
        .arg("--venv-dir")
        .arg(&venv)
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("pip could not install"), "{stderr}");
    assert!(!venv.join("0").exists(), "a half-made environment was left");
    std::fs::remove_dir_all(&dir).expect("removable");
}

#[test]
fn the_environment_is_made_once_and_two_interpreters_run_in_turns() {
    if !have_python() {
        return;
    }
    let dir = scratch("python-venv");
    let run = |args: &[&str]| python_run(args, &dir, &dir.join("venv")).output().expect("runs");
    let first = run(&["--quick", "--only", "cpu", "--timeout-s", "5"]);
    assert!(
        text(&first.stderr).contains("Making a virtual environment"),
        "{}",
        text(&first.stderr)
    );
    let second = run(&["--quick", "--only", "cpu", "--timeout-s", "5"]);
    assert!(!text(&second.stderr).contains("Making a virtual environment"));
    let out = dir.join("out");
    let two = python_run(
        &["--python", "python3", "--python", "python3", "--only", "io", "--quick", "--record", "t"],
        &out,
        &dir.join("venv"),
    )
    .output()
    .expect("runs");
    let set: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("t.json"))
            .unwrap_or_else(|_| panic!("{}", text(&two.stderr))),
    )
    .expect("JSON");
    // The script on each interpreter, then its twin: in turns.
    let ids: Vec<&str> = set["points"]
        .as_array()
        .expect("points")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .take(3)
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        ids[0].starts_with("io_non_concurrent.py-")
            && ids[1].starts_with("io_non_concurrent.py-")
            && ids[2] == "io_non_concurrent",
        "{ids:?}"
    );
    std::fs::remove_dir_all(&dir).expect("removable");
}

#[test]
#[cfg(unix)] // Sending Ctrl-C to one process by its id is a Unix signal.
fn ctrl_c_stops_the_python_script_its_children_and_the_runner() {
    use std::process::Stdio;

    if !have_python() {
        return;
    }
    let dir = scratch("python-ctrl-c");
    let pids = dir.join("hang.pids");
    let mut runner = python_run(&["--quick", "--only", "cpu"], &dir, &dir.join("venv"))
        .env("HANG_PID_FILE", &pids)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let pids = wait_for("the hanging script's pids", || pids_in(&pids));
    let sent = Command::new("kill").args(["-INT", &runner.id().to_string()]).status();
    assert!(sent.is_ok_and(|s| s.success()));
    assert_eq!(runner.wait().expect("wait").code(), Some(130));
    for pid in pids {
        wait_for("every process to stop", || (!is_running(pid)).then_some(()));
    }
    std::fs::remove_dir_all(&dir).expect("removable");
}

/// The process ids the hanging script wrote to `file`, once it has.
#[cfg(unix)]
fn pids_in(file: &Path) -> Option<Vec<u32>> {
    let text = std::fs::read_to_string(file).ok()?;
    Some(text.split_whitespace().filter_map(|p| p.parse().ok()).collect())
}

#[test]
fn read_puts_each_function_beside_its_namesake_within_columns() {
    let output: Output = Command::new(RUNNER)
        .args(["read", "io_non_concurrent", "--python-materials", MATERIALS])
        .env("COLUMNS", "100")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    for line in stdout.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line:?}");
    }
    for name in ["main", "download_all_sites", "download_site"] {
        let row = stdout
            .lines()
            .find(|l| l.starts_with(&format!("-- {name} ")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{stdout}"));
        assert!(row.contains(&format!(" | -- {name} ")), "{row}");
    }
    let unknown = Command::new(RUNNER)
        .args(["read", "no_such_lesson", "--python-materials", MATERIALS])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
}
