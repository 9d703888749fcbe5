//! The one platform-specific thing io_support does: making room for many sockets.
//!
//! On Unix every connection is a file descriptor, and the soft limit on open files
//! (often 1,024, 256 on macOS) is below what 10,000 downloads at once need; the hard
//! limit is usually far higher, and a process may raise its soft limit up to it.
//! Windows has no such per-process limit on sockets, so there is nothing to raise.

/// Raises the soft open-file limit towards `wanted` (never past the hard limit) and
/// returns the limit now in force.
#[cfg(unix)]
pub fn raise_open_file_limit(wanted: u64) -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(wanted)
}

/// Windows: no limit to raise; everything `wanted` is available.
#[cfg(not(unix))]
pub fn raise_open_file_limit(wanted: u64) -> std::io::Result<u64> {
    Ok(wanted)
}
