//! What differs between Unix and Windows for the lab: how a child and everything it
//! started is stopped, where a virtual environment keeps its interpreter, which command
//! starts Python, where the cache folder is, and how the machine is described. (How a
//! child is measured is the `wait4` crate's, the same call everywhere.)

use std::path::{Path, PathBuf};
use std::process::Command;

/// Starts `command` in a group of its own, so that [`kill_tree`] can stop it with every
/// process it starts (the tutorial's `ProcessPoolExecutor` workers). A Ctrl-C typed in
/// the terminal then reaches only the runner, which stops the group itself.
pub fn own_group(command: &mut Command) {
    imp::own_group(command);
}

/// Kills the child `pid` started with [`own_group`], and every process in its group.
/// Errors are ignored: the group may have ended on its own a moment before.
pub fn kill_tree(pid: u32) {
    imp::kill_tree(pid);
}

/// The interpreter inside the virtual environment `venv`.
pub fn venv_python(venv: &Path) -> PathBuf {
    imp::venv_python(venv)
}

/// The command that starts Python 3 when the user names none.
pub const DEFAULT_PYTHON: &str = imp::DEFAULT_PYTHON;

/// The user's cache folder: `$XDG_CACHE_HOME` or `~/.cache` on Linux,
/// `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows.
pub fn cache_dir() -> Option<PathBuf> {
    imp::cache_dir()
}

/// CPU model, cores, memory, OS and its version, in one line: the machine a run's
/// figures come from.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut machine = imp::machine(cores);
    // The most files a process may open, which decides how many downloads can be in
    // flight at once (Linux's /proc; elsewhere not said).
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    if let Some(hard) = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(4))
    {
        machine += &format!(", open files up to {hard}");
    }
    machine
}

/// The CPU time (user plus system) the running process `pid` has used so far, all its
/// threads: how the lab records the site server's own share of a run. `None` where the
/// OS does not say it without a native call (everywhere but Linux, for now).
pub fn cpu_time_of(pid: u32) -> Option<std::time::Duration> {
    imp::cpu_time_of(pid)
}

/// The peak resident memory of the running process `pid`, KiB, since it started or since
/// [`reset_peak_rss`]: Linux's `VmHWM`. `None` where there is no `/proc`.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

/// Starts `pid`'s peak resident memory over from what it holds now (Linux: `5` written to
/// `/proc/PID/clear_refs`); elsewhere, nothing.
pub fn reset_peak_rss(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

#[cfg(unix)]
mod imp {
    use std::os::unix::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};

    pub const DEFAULT_PYTHON: &str = "python3";

    pub fn own_group(command: &mut Command) {
        // 0: a new group whose id is the child's pid.
        command.process_group(0);
    }

    pub fn kill_tree(pid: u32) {
        // The `kill` utility takes `-PGID` for a whole group; std has no such call, and
        // this keeps the runner free of `unsafe` and of another libc binding.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    pub fn venv_python(venv: &Path) -> PathBuf {
        venv.join("bin").join("python")
    }

    pub fn cache_dir() -> Option<PathBuf> {
        let home = || std::env::var_os("HOME").map(PathBuf::from);
        if cfg!(target_os = "macos") {
            return home().map(|h| h.join("Library").join("Caches"));
        }
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| home().map(|h| h.join(".cache")))
    }

    /// Linux: fields 14 and 15 of `/proc/PID/stat` (utime, stime) are the whole
    /// process's, in clock ticks of `USER_HZ`, which the kernel fixes at 100 for this
    /// file on every architecture Rust targets (`sysconf(_SC_CLK_TCK)` would say so, but
    /// is a libc call).
    #[cfg(target_os = "linux")]
    pub fn cpu_time_of(pid: u32) -> Option<std::time::Duration> {
        const USER_HZ: u64 = 100;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name, field 2, is in parentheses and may hold spaces: count from
        // after its closing one, where field 3 begins.
        let rest = &stat[stat.rfind(')')? + 1..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |field: usize| fields.get(field - 3)?.parse::<u64>().ok();
        let total = ticks(14)? + ticks(15)?;
        Some(std::time::Duration::from_millis(total * 1000 / USER_HZ))
    }

    #[cfg(not(target_os = "linux"))]
    pub fn cpu_time_of(_pid: u32) -> Option<std::time::Duration> {
        None
    }

    #[cfg(target_os = "linux")]
    pub fn machine(cores: usize) -> String {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        let field = |text: &str, key: &str| {
            text.lines().find_map(|l| {
                let (k, v) = l.split_once(':').or_else(|| l.split_once('='))?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
            })
        };
        let model =
            field(&read("/proc/cpuinfo"), "model name").unwrap_or_else(|| "unknown CPU".into());
        let memory_gib = field(&read("/proc/meminfo"), "MemTotal")
            .and_then(|v| v.trim_end_matches(" kB").parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
        let os =
            field(&read("/etc/os-release"), "PRETTY_NAME").unwrap_or_else(|| "unknown OS".into());
        let kernel = read("/proc/sys/kernel/osrelease");
        format!("{model}, {cores} cores, {memory_gib:.0} GiB, {os}, Linux {}", kernel.trim())
    }

    #[cfg(not(target_os = "linux"))]
    pub fn machine(cores: usize) -> String {
        let sysctl = |name: &str| {
            std::process::Command::new("sysctl")
                .args(["-n", name])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_default()
        };
        let model = sysctl("machdep.cpu.brand_string");
        let memory_gib = sysctl("hw.memsize").parse::<f64>().map_or(0.0, |b| b / 1024f64.powi(3));
        format!(
            "{model}, {cores} cores, {memory_gib:.0} GiB, {} {}",
            std::env::consts::OS,
            sysctl("kern.osrelease")
        )
    }
}

#[cfg(windows)]
mod imp {
    use std::os::windows::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};

    pub const DEFAULT_PYTHON: &str = "python";

    /// `CREATE_NEW_PROCESS_GROUP`: Ctrl-C in the console no longer reaches the child.
    const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;

    pub fn own_group(command: &mut Command) {
        command.creation_flags(CREATE_NEW_PROCESS_GROUP);
    }

    pub fn kill_tree(pid: u32) {
        // /T: the process and every process it started; /F: at once.
        let _ = Command::new("taskkill")
            .args(["/PID", &pid.to_string(), "/T", "/F"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    pub fn venv_python(venv: &Path) -> PathBuf {
        venv.join("Scripts").join("python.exe")
    }

    pub fn cache_dir() -> Option<PathBuf> {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    }

    pub fn cpu_time_of(_pid: u32) -> Option<std::time::Duration> {
        None
    }

    pub fn machine(cores: usize) -> String {
        let cpu = std::env::var("PROCESSOR_IDENTIFIER").unwrap_or_else(|_| "unknown CPU".into());
        format!("{cpu}, {cores} cores, {} (CPU time covers the child only)", std::env::consts::OS)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_running_process_has_a_cpu_time_and_a_gone_one_none() {
        let before = cpu_time_of(std::process::id()).expect("this process's own");
        let after = cpu_time_of(std::process::id()).expect("this process's own");
        assert!(after >= before, "{before:?} then {after:?}");
        // Past the largest pid Linux hands out (2^22).
        assert_eq!(cpu_time_of(4_194_305), None);
    }
}
