//! What the experiments ask the operating system, per platform: the CPU time and peak
//! memory of the measuring helper's children, and a description of the machine.

use std::time::Duration;

/// What the OS counted for the children this process has waited for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// CPU time in user mode.
    pub user: Duration,
    /// CPU time in the kernel.
    pub system: Duration,
    /// The largest resident set of any one child (not their sum), in bytes.
    pub max_rss_bytes: u64,
}

/// The usage of every child this process has waited for (`RUSAGE_CHILDREN`).
pub fn children_usage() -> std::io::Result<Usage> {
    imp::children_usage()
}

/// CPU model, cores, memory, OS and its version, in one line.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    imp::machine(cores)
}

#[cfg(unix)]
mod imp {
    use std::time::Duration;

    use nix::sys::resource::{UsageWho, getrusage};

    use super::Usage;

    pub fn children_usage() -> std::io::Result<Usage> {
        let usage = getrusage(UsageWho::RUSAGE_CHILDREN)?;
        let duration = |t: nix::sys::time::TimeVal| {
            Duration::from_secs(t.tv_sec().max(0) as u64)
                + Duration::from_micros(t.tv_usec().max(0) as u64)
        };
        // ru_maxrss is in KiB on Linux and in bytes on macOS.
        let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
        Ok(Usage {
            user: duration(usage.user_time()),
            system: duration(usage.system_time()),
            max_rss_bytes: usage.max_rss().max(0) as u64 * unit,
        })
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
        format!(
            "{model}, {cores} cores, {memory_gib:.0} GiB, {os}, Linux {}",
            kernel.trim()
        )
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
        let memory_gib = sysctl("hw.memsize")
            .parse::<f64>()
            .map_or(0.0, |b| b / 1024f64.powi(3));
        format!(
            "{model}, {cores} cores, {memory_gib:.0} GiB, {} {}",
            std::env::consts::OS,
            sysctl("kern.osrelease")
        )
    }
}

#[cfg(not(unix))]
mod imp {
    use super::Usage;

    /// Windows has no `RUSAGE_CHILDREN`; the figures stay at zero and the machine
    /// description says so, rather than the experiments failing.
    pub fn children_usage() -> std::io::Result<Usage> {
        Ok(Usage::default())
    }

    pub fn machine(cores: usize) -> String {
        let cpu = std::env::var("PROCESSOR_IDENTIFIER").unwrap_or_else(|_| "unknown CPU".into());
        format!(
            "{cpu}, {cores} cores, {} (CPU time and memory are not measured here)",
            std::env::consts::OS
        )
    }
}
