//! What differs between Unix and Windows for a server: how it is told to stop, and the
//! open-file limit. Everything else in site_server is the same everywhere.

use std::future::Future;
use std::io;

/// A future that resolves when the user or the system asks the program to stop:
/// Ctrl-C everywhere, and on Unix also SIGTERM (what `kill` and service managers send).
/// The handlers are installed now, so a signal that arrives before the future is
/// polled is not lost.
pub fn stop_requested() -> io::Result<impl Future<Output = ()> + Send + 'static> {
    imp::stop_requested()
}

/// Calls `then` on a thread of its own when the user or the system asks the program to
/// stop (see [`stop_requested`]), for a program with no runtime of its own: the lab and
/// the exercises' checker, which stop the programs they started before they exit.
/// Until this is called, Ctrl-C ends the program at once.
pub fn when_stop_requested(then: impl FnOnce() + Send + 'static) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    // On Unix the handlers are installed here, before this returns: no signal is missed.
    let stop = runtime.block_on(async { stop_requested() })?;
    std::thread::Builder::new().name("stop watcher".into()).spawn(move || {
        runtime.block_on(stop);
        then();
    })?;
    Ok(())
}

/// Raises the soft open-file limit towards `wanted` (`u64::MAX`: as far as the hard
/// limit allows): on Unix every connection is a file descriptor, and 10,000 of them need
/// more than the usual soft limit of 1,024 (256 on macOS). Returns the limit now in
/// force, or `None` where there is no such limit (Windows). The examples use it too.
pub fn raise_open_file_limit(wanted: u64) -> io::Result<Option<u64>> {
    imp::raise_open_file_limit(wanted)
}

/// How many file descriptors process `pid` has open, where the system says (Linux's
/// `/proc/PID/fd`); `None` elsewhere. The tests use it to see the server run out.
pub fn open_descriptors(pid: u32) -> Option<usize> {
    if cfg!(target_os = "linux") {
        std::fs::read_dir(format!("/proc/{pid}/fd")).ok().map(|d| d.count())
    } else {
        None
    }
}

#[cfg(unix)]
mod imp {
    use std::future::Future;
    use std::io;

    use tokio::signal::unix::{SignalKind, signal};

    pub fn stop_requested() -> io::Result<impl Future<Output = ()> + Send + 'static> {
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }

    pub fn raise_open_file_limit(wanted: u64) -> io::Result<Option<u64>> {
        rlimit::increase_nofile_limit(wanted).map(Some)
    }
}

#[cfg(not(unix))]
mod imp {
    use std::future::Future;
    use std::io;

    pub fn stop_requested() -> io::Result<impl Future<Output = ()> + Send + 'static> {
        // Registering the handler happens on the first poll; tokio's ctrl_c is the
        // portable signal, and Windows has no SIGTERM to add.
        Ok(async {
            // If the handler cannot be installed, never stop by signal: the program
            // can still be ended, and a server that stops at once would be worse.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }

    pub fn raise_open_file_limit(_wanted: u64) -> io::Result<Option<u64>> {
        Ok(None)
    }
}
