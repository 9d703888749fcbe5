//! Every check, both ways: each exercise's starter fails its check with its hint, and
//! its solution passes. Then what the checker does with bad input.
//!
//! The checks run one at a time: two at once would share the machine's cores, and the
//! parallel exercise's check counts threads computing at the same moment.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;

/// One check at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn checker(args: &[&str]) -> Output {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Command::new(env!("CARGO_BIN_EXE_exercises")).args(args).output().expect("the checker runs")
}

/// A book page's title, its first line without the `# `.
fn title(page: &str) -> String {
    let path = format!("{}/../book/src/{page}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the book's page is there");
    text.lines().next().and_then(|l| l.strip_prefix("# ")).expect("a title line").to_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The starter fails with the hint and the page; the solution passes.
fn both_ways(name: &str, page: &str) {
    let starter = checker(&["check", name]);
    let said = text(&starter.stdout);
    assert_eq!(starter.status.code(), Some(1), "{name}'s starter: {said}{}", text(&starter.stderr));
    assert!(said.contains("FAILED") && said.contains("Hint: "), "{said}");
    // The page by its title and its path.
    assert!(said.contains(&format!("Read again: \"{}\", book/src/{page}", title(page))), "{said}");
    let solution = checker(&["check", name, "--solution"]);
    let said = text(&solution.stdout);
    assert_eq!(
        solution.status.code(),
        Some(0),
        "{name}'s solution: {said}{}",
        text(&solution.stderr)
    );
    assert!(said.contains("PASSED"), "{said}");
    // Where the system lets the checker see everything, nothing goes unchecked.
    if cfg!(target_os = "linux") {
        assert!(!said.contains("not checked"), "{said}");
    }
}

#[test]
fn threads() {
    both_ways("threads", "io/threading.md");
}

#[test]
fn tasks() {
    both_ways("tasks", "io/asyncio.md");
}

#[test]
fn processes() {
    both_ways("processes", "io/multiprocessing.md");
}

#[test]
fn blocking() {
    both_ways("blocking", "io/blocking.md");
}

#[test]
fn hog() {
    both_ways("hog", "io/starved.md");
}

#[test]
fn bounded() {
    both_ways("bounded", "io/bounded.md");
}

#[test]
fn parallel() {
    both_ways("parallel", "cpu/rayon.md");
}

#[test]
fn race() {
    both_ways("race", "races/race_condition.md");
}

#[test]
fn send_sync() {
    both_ways("send_sync", "races/mistakes.md");
    let starter = checker(&["check", "send_sync"]);
    let said = text(&starter.stdout);
    assert!(said.contains("send_sync does not build"), "{said}");
    // The compiler's own message reaches the learner.
    assert!(text(&starter.stderr).contains("cannot be sent between threads safely"));
}

#[test]
fn capstone() {
    both_ways("capstone", "io/joinset.md");
}

/// Each starter's header gives the task's command; the workspace builds every starter
/// but send_sync's, which does not compile until it is solved.
#[test]
fn every_starter_names_its_check() {
    let listed = checker(&["list"]);
    let names: Vec<String> = text(&listed.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .collect();
    assert_eq!(names.len(), 10, "{names:?}");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in &names {
        let starter = std::fs::read_to_string(dir.join(format!("src/bin/{name}.rs")))
            .unwrap_or_else(|_| panic!("no starter for {name}"));
        assert!(starter.contains(&format!("cargo run -p exercises -- check {name}\n")), "{name}");
        let solution = std::fs::read_to_string(dir.join(format!("solutions/{name}.rs")))
            .unwrap_or_else(|_| panic!("no solution for {name}"));
        assert!(solution.contains(&format!("check {name} --solution")), "{name}");
    }
}

#[test]
fn an_unknown_exercise_is_a_usage_error_that_lists_them() {
    let output = checker(&["check", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    let said = text(&output.stderr);
    assert!(said.contains("there is no exercise nope; there are: threads, tasks"), "{said}");
}

/// A scratch folder holding an executable shell script.
#[cfg(unix)]
fn script(name: &str, body: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("exercises-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("executable");
    (dir, path)
}

#[test]
#[cfg(unix)]
fn a_program_that_hangs_is_stopped_with_what_it_started() {
    let (dir, program) =
        script("hangs", "sleep 300 >/dev/null 2>&1 &\necho $! > \"$0.pid\"\nsleep 300");
    let output =
        checker(&["check", "threads", "--timeout-s", "2", "--program", &program.to_string_lossy()]);
    let said = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("stopped after 2 s"), "{said}");
    // The script's own child, started in the background, went with it.
    let pid = std::fs::read_to_string(program.with_extension("pid"))
        .expect("the script wrote its child's pid");
    let pid: u32 = pid.trim().parse().expect("a pid");
    assert!(!testing::processes::is_running(pid), "process {pid} is still running");
    std::fs::remove_dir_all(dir).expect("removable");
}

#[test]
#[cfg(unix)]
fn a_program_that_panics_is_said_to_have_panicked_with_its_message() {
    let (dir, program) = script(
        "panics",
        "echo \"thread 'main' panicked at src/main.rs:1:1:\" >&2\necho 'the message' >&2\nexit 101",
    );
    let output = checker(&["check", "race", "--program", &program.to_string_lossy()]);
    let said = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("101: it panicked") && said.contains("the message"), "{said}");
    std::fs::remove_dir_all(dir).expect("removable");
}
