//! `lab python`, run on small Python scripts this project wrote in the
//! tutorial's form (`tests/materials/`): no network, no copy of the tutorial needed.
//! Where `python3` is missing, each test says so and passes without running.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{RUNNER, bin_dir, wait_for};
use testing::processes::is_running;

/// The stand-in scripts.
const MATERIALS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/materials");

/// The Rust twins of the stand-ins.
const TWINS: [&str; 4] =
    ["io_non_concurrent", "io_threading", "cpu_non_concurrent", "cpu_threading"];

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
    let dir = std::env::temp_dir().join(format!("run-examples-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// `lab python --python-materials MATERIALS ...` with the twins built.
fn python_run(args: &[&str]) -> Command {
    let mut command = Command::new(RUNNER);
    command
        .arg("python")
        .args(["--python-materials", MATERIALS])
        .args(args)
        .arg("--bin-dir")
        .arg(bin_dir(&TWINS));
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

/// The table row that starts with `script`, split on runs of two spaces or more.
fn row(output: &Output, script: &str) -> Vec<String> {
    let stdout = text(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with(&format!("{script} ")))
        .unwrap_or_else(|| panic!("no row for {script} in:\n{stdout}"));
    line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect()
}

#[test]
fn each_script_runs_beside_its_twin_and_failures_do_not_stop_the_run() {
    if !have_python() {
        return;
    }
    let before = snapshot(Path::new(MATERIALS));
    let out = scratch("python-out");
    let pids = out.join("hang.pids");
    let output = python_run(&["--python", "python3", "--quick", "--timeout-s", "5"])
        .arg("--out")
        .arg(&out)
        .env("HANG_PID_FILE", &pids)
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");

    // Script, twin, Py s, Rs s, Py/Rs, CPU x2, MiB x2, peak x2, conns x2, result.
    let good = row(&output, "io_non_concurrent.py");
    assert_eq!(good[1], "io_non_concurrent");
    // One download at a time in both; urllib opens a connection per request, where
    // ureq keeps one alive.
    assert_eq!(&good[9..], ["1", "1", "20", "1", "ok"], "{good:?}");
    let failed = row(&output, "io_threads.py");
    assert!(
        failed[13].starts_with(
            "FAILED (Python run 1: exit 1: ConnectionError: cannot reach http://127.0.0.1:"
        ),
        "{failed:?}"
    );
    let skipped = row(&output, "io_asyncio.py");
    assert_eq!(skipped.last().map(String::as_str), Some("SKIPPED (see above)"));
    assert!(stderr.contains("\"https://www.jython.org\" found 2 times"), "{stderr}");
    let cpu = row(&output, "cpu_non_concurrent.py");
    assert_eq!(cpu.last().map(String::as_str), Some("ok"), "{cpu:?}");
    let hung = row(&output, "cpu_threads.py");
    assert_eq!(hung.last().map(String::as_str), Some("FAILED (Python run 1: timed out after 5 s)"));

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

    // The raw figures: one run of each program, with the server's counts.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("python-vs-rust.json")).expect("written"),
    )
    .expect("JSON");
    let runs = json["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 8, "4 pairs run, 1 skipped");
    let first = &runs[0];
    assert_eq!(
        (&first["pair"], &first["language"], &first["requests"]),
        (
            &serde_json::json!("io_non_concurrent.py"),
            &serde_json::json!("python"),
            &serde_json::json!(20)
        )
    );
    assert!(first["own_seconds"].as_f64().is_some_and(|s| s > 0.0));
    let markdown = std::fs::read_to_string(out.join("python-vs-rust.md")).expect("written");
    assert!(markdown.contains("| io_non_concurrent.py | io_non_concurrent |"));

    // The same tables drawn again from the JSON alone, without running anything.
    let again = scratch("python-tables-again");
    let redrawn = Command::new(RUNNER)
        .args(["python", "--tables-from"])
        .arg(out.join("python-vs-rust.json"))
        .arg("--out")
        .arg(&again)
        .output()
        .expect("runs");
    assert_eq!(redrawn.status.code(), Some(1), "a failed run is still a failure");
    assert_eq!(
        std::fs::read_to_string(again.join("python-vs-rust.md")).expect("written"),
        markdown
    );
    std::fs::remove_dir_all(&again).expect("removable");

    assert_eq!(snapshot(Path::new(MATERIALS)), before, "the checkout changed");
    std::fs::remove_dir_all(&out).expect("removable");
}

#[test]
fn no_checkout_or_a_wrong_one_is_a_usage_error() {
    let output =
        Command::new(RUNNER).arg("python").env_remove("PYTHON_MATERIALS").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("--python-materials") && stderr.contains("git clone"), "{stderr}");

    let empty = scratch("python-empty");
    let output =
        Command::new(RUNNER).arg("python").env("PYTHON_MATERIALS", &empty).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("holds neither python-concurrency/"));
    std::fs::remove_dir_all(&empty).expect("removable");
}

#[test]
fn an_interpreter_that_does_not_run_is_a_usage_error() {
    let output =
        python_run(&["--python", "/no/such/python3", "--only", "cpu"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--python /no/such/python3: cannot start"));
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
        .arg("--bin-dir")
        .arg(bin_dir(&TWINS))
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pip could not install"), "{stderr}");
    assert!(!venv.exists(), "a half-made environment was left");
    std::fs::remove_dir_all(&dir).expect("removable");
}

#[test]
fn the_project_makes_its_environment_once_and_runs_with_it() {
    if !have_python() {
        return;
    }
    let venv = scratch("python-venv").join("venv");
    let run = || {
        python_run(&["--quick", "--only", "cpu", "--timeout-s", "5"])
            .arg("--venv-dir")
            .arg(&venv)
            .output()
            .expect("runs")
    };
    let first = run();
    let stderr = text(&first.stderr);
    assert!(stderr.contains("Making a virtual environment"), "{stderr}");
    assert!(text(&first.stdout).starts_with("Python: CPython 3."), "{}", text(&first.stdout));
    assert_eq!(row(&first, "cpu_non_concurrent.py").last().map(String::as_str), Some("ok"));
    let second = run();
    assert!(!text(&second.stderr).contains("Making a virtual environment"));
    std::fs::remove_dir_all(venv.parent().expect("parent")).expect("removable");
}

#[test]
#[cfg(unix)] // Sending Ctrl-C to one process by its id is a Unix signal.
fn ctrl_c_stops_the_python_script_its_children_and_the_runner() {
    use std::process::Stdio;

    if !have_python() {
        return;
    }
    let pids = scratch("python-ctrl-c").join("hang.pids");
    let mut runner = python_run(&["--python", "python3", "--quick", "--only", "cpu"])
        .env("HANG_PID_FILE", &pids)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let pids = wait_for("the hanging script's pids", || pids_written_to(&pids));
    let sent = Command::new("kill").args(["-INT", &runner.id().to_string()]).status();
    assert!(sent.is_ok_and(|s| s.success()));
    assert_eq!(runner.wait().expect("wait").code(), Some(130));
    for pid in pids {
        wait_for("every process to stop", || (!is_running(pid)).then_some(()));
    }
}

/// The process ids the hanging stand-in script wrote to `file`, once it has.
#[cfg(unix)]
fn pids_written_to(file: &Path) -> Option<Vec<u32>> {
    let text = std::fs::read_to_string(file).ok()?;
    Some(text.split_whitespace().filter_map(|p| p.parse().ok()).collect())
}

#[test]
fn read_puts_each_function_beside_its_namesake_within_columns() {
    let output = Command::new(RUNNER)
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
    // The Python's `if __name__ == "__main__":` has no twin: a row of its own.
    let guard =
        stdout.lines().find(|l| l.starts_with("-- __main__ ")).expect("a row for the main guard");
    assert!(guard.trim_end().ends_with('|'), "{guard}");

    let unknown = Command::new(RUNNER)
        .args(["read", "no_such_example", "--python-materials", MATERIALS])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn no_python3_is_a_clear_error() {
    let empty = scratch("python-no-path");
    let output = python_run(&["--quick"])
        .arg("--venv-dir")
        .arg(empty.join("venv"))
        .env("PATH", &empty)
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no working `python3` found") && stderr.contains("--python"),
        "{stderr}"
    );
    assert!(!empty.join("venv").exists());
    std::fs::remove_dir_all(&empty).expect("removable");
}

#[test]
#[cfg(unix)] // The stand-in interpreter is a shell script.
fn a_python_without_venv_says_how_to_get_it() {
    if !have_python() {
        return;
    }
    // A python3 that answers like the real one but has no ensurepip, as Debian's
    // python3 without python3-venv.
    let dir = scratch("python-no-venv");
    let real = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 runs");
    let fake = dir.join("python3");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nif [ \"$2\" = \"import venv, ensurepip\" ]; then\n  \
             echo \"ModuleNotFoundError: No module named 'ensurepip'\" >&2\n  exit 1\nfi\n\
             exec {} \"$@\"\n",
            text(&real.stdout).trim()
        ),
    )
    .expect("written");
    let chmod = Command::new("chmod").arg("+x").arg(&fake).status();
    assert!(chmod.is_ok_and(|s| s.success()));
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
    let output = python_run(&["--quick"])
        .arg("--venv-dir")
        .arg(dir.join("venv"))
        .env("PATH", path)
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot make virtual environments")
            && stderr.contains("apt install python3-venv"),
        "{stderr}"
    );
    assert!(!dir.join("venv").exists(), "a half-made environment was left");
    std::fs::remove_dir_all(&dir).expect("removable");
}

#[test]
fn several_interpreters_run_in_turns_each_with_its_row_and_no_path_is_recorded() {
    if !have_python() {
        return;
    }
    let out = scratch("python-two");
    let args = ["--python", "python3", "--python", "python3", "--only", "io"];
    let output = python_run(&args)
        .args(["--quick", "--timeout-s", "20", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    let stdout = text(&output.stdout);
    let rows = stdout.lines().filter(|l| l.starts_with("io_non_concurrent.py (")).count();
    assert_eq!(rows, 2, "a row per interpreter:\n{stdout}");
    let json_text = std::fs::read_to_string(out.join("python-vs-rust.json")).expect("written");
    let json: serde_json::Value = serde_json::from_str(&json_text).expect("JSON");
    assert_eq!(json["interpreters"].as_array().map(Vec::len), Some(2));
    // In turns: the script on each interpreter, then its twin.
    let order: Vec<(String, Option<u64>)> = json["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .filter(|r| r["pair"] == "io_non_concurrent.py")
        .map(|r| (r["language"].as_str().unwrap_or_default().to_owned(), r["interpreter"].as_u64()))
        .collect();
    let expected = [("python", Some(0)), ("python", Some(1)), ("rust", None)];
    let expected: Vec<(String, Option<u64>)> =
        expected.iter().map(|(l, i)| (l.to_string(), *i)).collect();
    assert_eq!(order, expected);
    // No folder of this machine is written down.
    assert!(!json_text.contains("\"executable\""), "{json_text}");
    if let Some(home) = std::env::var_os("HOME") {
        let home = home.to_string_lossy().into_owned();
        assert!(home.len() < 2 || !json_text.contains(&home), "{home} in {json_text}");
    }
    std::fs::remove_dir_all(&out).expect("removable");
}

/// A free-threaded CPython to test with: `LAB_FREE_THREADED_PYTHON`, or the one
/// docs/runs/free-threaded.sh builds.
fn free_threaded_python() -> Option<PathBuf> {
    let named = std::env::var_os("LAB_FREE_THREADED_PYTHON").map(PathBuf::from);
    let built = std::env::var_os("HOME")
        .map(|home| Path::new(&home).join(".cache/rust-concurrency-lab/cpython/nogil/bin/python3"));
    named.or(built).filter(|p| p.is_file())
}

#[test]
fn a_free_threaded_python_is_said_to_run_with_the_gil_off() {
    let Some(python) = free_threaded_python() else {
        eprintln!(
            "SKIPPED: no free-threaded CPython (set LAB_FREE_THREADED_PYTHON, or build one \
             with docs/runs/free-threaded.sh)"
        );
        return;
    };
    let python = python.to_string_lossy();
    let args = ["--only", "cpu", "--quick", "--timeout-s", "5", "--python", &python];
    let output = python_run(&args).output().expect("runs");
    let stdout = text(&output.stdout);
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.contains("GIL off (free-threaded)") && first.contains("--disable-gil"),
        "{stdout}"
    );
}
