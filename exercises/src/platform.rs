//! What the checker reads of a running program, where the system says it without a
//! native call: Linux's `/proc`. Elsewhere these return `None`, and the checker says
//! that it could not observe what they measure. Also how a program is stopped, and how
//! it is given a low open-file limit, which differ between Unix and Windows.

use std::process::Command;

/// How many clock ticks a second `/proc` counts CPU time in: Linux's `USER_HZ`, 100 on
/// the architectures this project runs on.
pub const TICKS_PER_SECOND: f64 = 100.0;

/// Whether this system lets the checker read a running program's threads, CPU time and
/// memory: Linux's `/proc`.
pub const SEES_INSIDE: bool = cfg!(target_os = "linux");

/// Each thread of process `pid` with the CPU time it has used, in ticks.
pub fn threads(pid: u32) -> Option<Vec<(u32, u64)>> {
    proc::threads(pid)
}

/// The CPU time process `pid` has used so far, all its threads, in ticks.
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    proc::cpu_ticks(pid)
}

/// The peak resident memory of process `pid` so far, in KiB.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    proc::peak_rss_kib(pid)
}

/// `program args`, allowed at most `open_files` open files if the system has such a
/// limit (a shell's `ulimit -n` on Unix), or `None` where it has not (Windows).
pub fn with_open_file_limit(program: &str, args: &[String], open_files: u64) -> Option<Command> {
    imp::with_open_file_limit(program, args, open_files)
}

/// Starts `command` in a process group of its own on Unix, so that [`kill_tree`] stops
/// it with every process it started. (Ctrl-C then reaches only the checker, which stops
/// the group itself.)
pub fn own_group(command: &mut Command) {
    imp::own_group(command);
}

/// Stops process `pid`, started with [`own_group`], and every process it started, at
/// once. An error is ignored: they may have ended a moment before.
pub fn kill_tree(pid: u32) {
    imp::kill_tree(pid);
}

#[cfg(target_os = "linux")]
mod proc {
    /// The fields of `/proc/PID[/task/TID]/stat` after the program's name, which may
    /// itself hold spaces and parentheses.
    fn stat_fields(path: &str) -> Option<Vec<String>> {
        let text = std::fs::read_to_string(path).ok()?;
        let after_name = &text[text.rfind(')')? + 1..];
        Some(after_name.split_whitespace().map(str::to_owned).collect())
    }

    /// utime plus stime: fields 14 and 15 of the line, 12th and 13th after the name.
    pub fn ticks_of(path: &str) -> Option<u64> {
        let fields = stat_fields(path)?;
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }

    pub fn threads(pid: u32) -> Option<Vec<(u32, u64)>> {
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
        let mut threads = Vec::new();
        for task in tasks.flatten() {
            let Some(tid) = task.file_name().to_str().and_then(|t| t.parse().ok()) else {
                continue;
            };
            // A thread that ended between the listing and the read is simply gone.
            if let Some(ticks) = ticks_of(&format!("/proc/{pid}/task/{tid}/stat")) {
                threads.push((tid, ticks));
            }
        }
        Some(threads)
    }

    pub fn cpu_ticks(pid: u32) -> Option<u64> {
        ticks_of(&format!("/proc/{pid}/stat"))
    }

    pub fn peak_rss_kib(pid: u32) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
        line.trim().trim_end_matches("kB").trim().parse().ok()
    }
}

#[cfg(not(target_os = "linux"))]
mod proc {
    pub fn threads(_pid: u32) -> Option<Vec<(u32, u64)>> {
        None
    }

    pub fn cpu_ticks(_pid: u32) -> Option<u64> {
        None
    }

    pub fn peak_rss_kib(_pid: u32) -> Option<u64> {
        None
    }
}

#[cfg(unix)]
mod imp {
    use std::process::{Command, Stdio};

    pub fn with_open_file_limit(
        program: &str,
        args: &[String],
        open_files: u64,
    ) -> Option<Command> {
        // `ulimit -n` with neither -H nor -S sets both limits, so the program cannot
        // raise its own; `exec` makes the shell become the program, with the same pid.
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -n {open_files} && exec \"$0\" \"$@\""))
            .arg(program)
            .args(args);
        Some(command)
    }

    pub fn own_group(command: &mut Command) {
        use std::os::unix::process::CommandExt;
        // 0: a new group whose id is the child's pid.
        command.process_group(0);
    }

    pub fn kill_tree(pid: u32) {
        // std has no call that signals a process group; the `kill` utility, given
        // `-PGID`, keeps the checker free of `unsafe` and of a libc binding.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

#[cfg(windows)]
mod imp {
    use std::process::{Command, Stdio};

    pub fn with_open_file_limit(_program: &str, _args: &[String], _open: u64) -> Option<Command> {
        None
    }

    pub fn own_group(_command: &mut Command) {
        // taskkill /T finds the processes a process started without a group.
    }

    pub fn kill_tree(pid: u32) {
        // /T: the process and every process it started; /F: at once.
        let _ = Command::new("taskkill")
            .args(["/PID", &pid.to_string(), "/T", "/F"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
