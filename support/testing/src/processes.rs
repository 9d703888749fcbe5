//! Asking the operating system which processes are running: how the tests check that no
//! worker outlives its pool. The pool itself never needs this: it knows its children,
//! and a worker notices its parent's exit by its stdin closing.
//!
//! Linux reads `/proc`; other Unix systems (macOS) ask `ps`; Windows asks PowerShell.
//! A process that has exited but not yet been collected by its parent (a zombie) does
//! not count as running.

/// Whether the process `pid` exists and has not exited.
pub fn is_running(pid: u32) -> bool {
    imp::processes().iter().any(|p| p.pid == pid && !p.exited)
}

/// The running children of `parent`.
pub fn children_of(parent: u32) -> Vec<u32> {
    imp::processes().iter().filter(|p| p.parent == parent && !p.exited).map(|p| p.pid).collect()
}

/// One process, as the platform describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Process {
    pid: u32,
    parent: u32,
    /// Exited, waiting for its parent to collect its status.
    exited: bool,
}

#[cfg(target_os = "linux")]
mod imp {
    use super::Process;

    /// Every process in `/proc`.
    pub fn processes() -> Vec<Process> {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
            .filter_map(process)
            .collect()
    }

    /// The process `pid` as `/proc/PID/stat` describes it.
    fn process(pid: u32) -> Option<Process> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name is in parentheses and may hold spaces or parentheses itself;
        // after its last ')' come the state letter, then the parent's pid.
        let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
        let state = fields.next()?;
        let parent = fields.next()?.parse().ok()?;
        Some(Process { pid, parent, exited: state == "Z" })
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
mod imp {
    /// Every process, as `ps` lists them (macOS and the BSDs).
    pub fn processes() -> Vec<super::Process> {
        super::listing("ps", &["-A", "-o", "pid=", "-o", "ppid=", "-o", "stat="])
    }
}

#[cfg(windows)]
mod imp {
    /// Every process, from PowerShell's `Get-CimInstance Win32_Process`. Windows has
    /// no zombies: an exited process is gone from the list.
    pub fn processes() -> Vec<super::Process> {
        super::listing(
            "powershell",
            &[
                "-NoProfile",
                "-Command",
                "Get-CimInstance Win32_Process | ForEach-Object { \"$($_.ProcessId) $($_.ParentProcessId)\" }",
            ],
        )
    }
}

/// Runs a command that lists processes, one per line, and reads its output with
/// [`parse_listing`]. A command that cannot run lists nothing.
#[cfg_attr(target_os = "linux", allow(dead_code))] // Linux reads /proc instead.
fn listing(program: &str, args: &[&str]) -> Vec<Process> {
    std::process::Command::new(program)
        .args(args)
        .output()
        .map(|output| parse_listing(&String::from_utf8_lossy(&output.stdout)))
        .unwrap_or_default()
}

/// Reads lines of `PID PARENT [STATE]`, as `ps -o pid=,ppid=,stat=` prints them (a
/// state starting with `Z` is a zombie) and as the PowerShell query prints them (no
/// state). Lines that do not fit are skipped.
#[cfg_attr(target_os = "linux", allow(dead_code))]
fn parse_listing(text: &str) -> Vec<Process> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            Some(Process {
                pid: fields.next()?.parse().ok()?,
                parent: fields.next()?.parse().ok()?,
                exited: fields.next().is_some_and(|state| state.starts_with('Z')),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::process::{Child, Command, Stdio};

    use super::*;

    /// Starts this test binary again, running only [`helper_waits_for_stdin_to_close`]:
    /// a child that runs until the test closes its stdin.
    fn child_that_waits() -> Child {
        Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "processes::tests::helper_waits_for_stdin_to_close"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    #[test]
    fn ps_and_powershell_listings_are_read_with_zombies_marked() {
        let listing = "  1     0 Ss\n 42     1 Z+\n 43    42\nPID PPID\n\n";
        let process = |pid, parent, exited| Process { pid, parent, exited };
        assert_eq!(
            parse_listing(listing),
            [process(1, 0, false), process(42, 1, true), process(43, 42, false)]
        );
    }

    #[test]
    #[cfg(unix)]
    fn ps_lists_this_process_as_proc_does() {
        // The macOS code path, run here: ps's view of this process matches /proc's.
        let ps = listing("ps", &["-A", "-o", "pid=", "-o", "ppid=", "-o", "stat="]);
        let me = std::process::id();
        let mine = ps.iter().find(|p| p.pid == me).expect("ps lists this process");
        assert!(imp::processes().contains(mine), "{mine:?}");
    }

    #[test]
    #[ignore = "not a test: the child process of the tests below"]
    fn helper_waits_for_stdin_to_close() {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    }

    #[test]
    fn a_child_runs_until_it_exits_and_is_collected() {
        let mut child = child_that_waits();
        let pid = child.id();
        assert!(is_running(pid));
        assert!(children_of(std::process::id()).contains(&pid));
        drop(child.stdin.take());
        child.wait().unwrap();
        assert!(!is_running(pid));
        assert!(!children_of(std::process::id()).contains(&pid));
    }

    #[test]
    fn an_exited_child_not_yet_collected_is_not_running() {
        let mut child = child_that_waits();
        let pid = child.id();
        drop(child.stdin.take());
        // Once it has exited it stays a zombie on Unix (nobody waits for it yet) and is
        // gone on Windows; either way it must stop counting as running.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while is_running(pid) {
            assert!(std::time::Instant::now() < deadline, "an exited child counts as running");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        child.wait().unwrap();
    }
}
