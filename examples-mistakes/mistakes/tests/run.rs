//! The mistakes that compile, run: the copied counter counts nothing, and the two
//! locks deadlock on every run (the program stops waiting after its patience runs
//! out, so the test cannot hang).

use std::process::Command;

#[test]
fn the_program_shows_a_count_of_zero_and_a_deadlock() {
    let output = Command::new(env!("CARGO_BIN_EXE_mistakes")).output().expect("runs");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("counter = 0, expected 500\n"), "{stdout}");
    assert!(stdout.contains("deadlock: neither thread finished in 2 s"), "{stdout}");
}
