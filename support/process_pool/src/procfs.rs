//! Which processes exist and whose children they are, read from Linux's /proc: how
//! pool_demo and the tests check that no worker outlives its pool.

/// One process as `/proc/PID/stat` describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessInfo {
    /// Its process id.
    pub pid: u32,
    /// Its parent's process id.
    pub parent: u32,
    /// Its state letter: `R` running, `S` sleeping, `Z` exited but not yet reaped...
    pub state: char,
}

impl ProcessInfo {
    /// Whether it has exited and only waits for its parent to collect its status.
    pub fn is_zombie(&self) -> bool {
        self.state == 'Z'
    }
}

/// The process `pid`, or `None` if there is none (or no /proc to ask).
pub fn process(pid: u32) -> Option<ProcessInfo> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces or parentheses itself;
    // after its last ')' come the state, then the parent's pid.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some(ProcessInfo { pid, parent, state })
}

/// Every process whose parent is `parent`, zombies included.
pub fn children_of(parent: u32) -> Vec<ProcessInfo> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .filter_map(process)
        .filter(|p| p.parent == parent)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_its_parents_child() {
        let me = process(std::process::id()).unwrap();
        assert_eq!(me.parent, std::os::unix::process::parent_id());
        assert!(!me.is_zombie());
        assert!(children_of(me.parent).iter().any(|p| p.pid == me.pid));
    }
}
