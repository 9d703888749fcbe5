//! io_threading with io_asyncio's HTTP library: a variant the lab measures, not a lesson.
//!
//! Claim 2 compares io_asyncio's tasks with a thread per site, but io_threading
//! downloads with ureq and io_asyncio with reqwest, so two things change at once. This
//! program is io_threading with the client swapped: each thread builds, the first time
//! it downloads, its own reqwest `Client` and a single-threaded tokio runtime to drive
//! it, and blocks on each download as io_threading blocks in ureq. The threads, the
//! pool and the work are io_threading's; the library is io_asyncio's. lab/plans/claim-tasks.toml
//! runs it beside both; run it alone with
//!
//! ```text
//! cargo run --release -p lab --bin io_threading_reqwest -- --count 1000 --workers 1000
//! ```

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use io_support::{SiteArgs, say};

mod variant;

/// io_threading's default: `ThreadPoolExecutor(max_workers=5)` in the tutorial.
const WORKERS: usize = 5;

/// Download the sites on a pool of threads, each with its own reqwest client.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many threads download at once.
    #[arg(long, default_value_t = WORKERS, value_parser = io_support::threads)]
    workers: usize,
}

/// One thread's client and the runtime its futures run on.
struct Session {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
}

thread_local! {
    /// This thread's own session, made the first time it downloads (io_threading's
    /// `threading.local()`); an error making it is kept and reported by each download.
    static SESSION: anyhow::Result<Session> = new_session();
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    variant::run(&args.sites, args.workers, |sites| {
        Ok(variant::map_on_threads(sites, args.workers, download_site))
    })
}

fn download_site(url: &str) -> anyhow::Result<usize> {
    SESSION.with(|session| {
        let session = session.as_ref().map_err(|error| anyhow::anyhow!("{error:#}"))?;
        // This blocks only this thread, as ureq's call does in io_threading: the
        // runtime is this thread's alone, and runs nothing but this download.
        session.runtime.block_on(async {
            let response = session.client.get(url).send().await?.error_for_status()?;
            let content = response.bytes().await?;
            say!("Read {} bytes from {url}", content.len());
            Ok(content.len())
        })
    })
}

/// A current-thread runtime and io_asyncio's client, for one thread.
fn new_session() -> anyhow::Result<Session> {
    // `enable_all` turns on the timers and the sockets the client waits on.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot build this thread's runtime")?;
    let client = io_support::new_async_session()?;
    Ok(Session { runtime, client })
}
