//! What the runner's test files share: where the runner and the examples are, and a
//! bounded wait.
#![allow(dead_code)] // Each test file uses its own part.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const RUNNER: &str = env!("CARGO_BIN_EXE_lab");

/// The directory of the example binaries, with `names` built.
pub fn bin_dir(names: &[&str]) -> PathBuf {
    let dir = PathBuf::from(RUNNER)
        .parent()
        .expect("a directory")
        .to_owned();
    let exe = |name: &str| dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if names.iter().any(|name| !exe(name).is_file()) {
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args(["build", "--quiet"]);
        for name in names {
            cargo.args(["-p", name]);
        }
        assert!(
            cargo.status().expect("cargo runs").success(),
            "cargo build failed"
        );
    }
    dir
}

pub fn runner(args: &[&str], names: &[&str]) -> Command {
    let mut command = Command::new(RUNNER);
    command
        .args(args)
        .args(names)
        .arg("--bin-dir")
        .arg(bin_dir(names));
    command
}

/// Polls until `pick` finds something, failing the test after 60 seconds.
pub fn wait_for<T>(what: &str, mut pick: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(found) = pick() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}
