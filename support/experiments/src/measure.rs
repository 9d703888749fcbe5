//! Running one example and measuring it from the outside: wall time, CPU time and peak
//! memory, as the operating system counted them.
//!
//! The counts come from `getrusage(RUSAGE_CHILDREN)`, which sums the children a process
//! has waited for. To get one example's figures alone, the experiments binary starts a
//! copy of itself as a helper ([`MEASURE_ENV`]) whose only child is the example: the
//! helper's children's usage is then exactly the example's (with its own worker
//! processes, which belong to its cost).

use std::ffi::OsString;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::platform;

/// Marks the helper process.
pub const MEASURE_ENV: &str = "EXPERIMENTS_MEASURE";

/// One run of an example, measured.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit code, or `None` if a signal ended it.
    pub code: Option<i32>,
    /// Wall-clock time from start to exit.
    pub wall: Duration,
    /// User plus system CPU time, the example's and its children's.
    pub cpu: Duration,
    /// The largest resident set of the example or any of its children, in KiB.
    pub max_rss_kb: u64,
    /// The example's `--json` report, if it printed one.
    pub report: Value,
    /// The last line the example wrote to stderr, for a failure's reason.
    pub last_error: String,
}

/// Runs `exe args` through the helper, with `env` set, and returns its measurements.
pub fn run(exe: &str, args: &[String], env: &[(&str, String)]) -> anyhow::Result<Run> {
    let helper = std::env::current_exe().context("cannot find the experiments binary")?;
    let output = Command::new(helper)
        .env(MEASURE_ENV, "1")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .arg(exe)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {exe}"))?;
    let line = String::from_utf8_lossy(&output.stdout);
    let measured: Value = serde_json::from_str(line.trim())
        .with_context(|| format!("the measuring helper for {exe} printed {line:?}"))?;
    let seconds = |key: &str| Duration::from_secs_f64(measured[key].as_f64().unwrap_or(0.0));
    Ok(Run {
        code: measured["code"].as_i64().map(|c| c as i32),
        wall: seconds("wall_s"),
        cpu: seconds("user_s") + seconds("sys_s"),
        max_rss_kb: measured["max_rss_kb"].as_u64().unwrap_or(0),
        report: serde_json::from_str(measured["stdout"].as_str().unwrap_or(""))
            .unwrap_or(Value::Null),
        last_error: measured["stderr"]
            .as_str()
            .unwrap_or("")
            .lines()
            .last()
            .unwrap_or("")
            .to_owned(),
    })
}

/// The helper's whole life: run the command in its arguments, wait, and print one JSON
/// line with what the OS counted.
pub fn helper_main() -> anyhow::Result<()> {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.is_empty() {
        bail!("{MEASURE_ENV} is set but no command was given");
    }
    let exe = args.remove(0);
    let start = Instant::now();
    let output = Command::new(&exe)
        .args(&args)
        .stdin(Stdio::null())
        .output()?;
    let wall = start.elapsed();
    let usage = platform::children_usage()?;
    let report = json!({
        "code": output.status.code(),
        "wall_s": wall.as_secs_f64(),
        "user_s": usage.user.as_secs_f64(),
        "sys_s": usage.system.as_secs_f64(),
        "max_rss_kb": usage.max_rss_bytes / 1024,
        "stdout": String::from_utf8_lossy(&output.stdout),
        "stderr": String::from_utf8_lossy(&output.stderr),
    });
    println!("{report}");
    Ok(())
}
