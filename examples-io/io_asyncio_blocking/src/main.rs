//! A blocking HTTP client inside async tasks: the mistake the tutorial warns about, and
//! the two ways out.
//!
//! The tutorial says that asyncio needs async versions of its libraries: `requests`
//! inside a coroutine blocks the event loop. The same holds for tokio. With
//! `--client blocking` (the default) every site gets its own task, as in io_asyncio,
//! but each task calls ureq, whose `call` blocks the runtime's only thread until the
//! answer is in: the tasks run one after another. Notice in the output: it takes as
//! long as io_non_concurrent (160 x 50 ms), and the site server never sees more than one
//! download at a time. `--client reqwest` is the first fix (an async client, as in
//! io_asyncio); `--client spawn-blocking` is the second: keep ureq, but run each call on
//! tokio's pool of blocking threads, where waiting stalls no task.
//!
//! ```text
//! cargo run --release -p io_asyncio_blocking
//! cargo run --release -p io_asyncio_blocking -- --client spawn-blocking
//! ```

use std::time::Instant;

use clap::{Parser, ValueEnum};
use io_support::{SiteArgs, Sites, say};
use tokio::task::JoinHandle;

/// Download every site at once as tokio tasks, with a blocking or an async client.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// Which client the tasks use.
    #[arg(long, value_enum, default_value_t = Client::Blocking)]
    client: Client,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Client {
    /// ureq called inside the tasks: the mistake.
    Blocking,
    /// reqwest, an async client: the first fix.
    Reqwest,
    /// ureq on tokio's blocking thread pool: the second fix.
    SpawnBlocking,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let sites = Sites::prepare("io_asyncio_blocking", &args.sites, args.sites.count)?;
    let start_time = Instant::now();
    let tasks = match args.client {
        Client::Blocking => download_all_sites_blocking(sites.urls()),
        Client::Reqwest => download_all_sites_async(sites.urls())?,
        Client::SpawnBlocking => download_all_sites_on_blocking_threads(sites.urls()),
    };
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    let duration = start_time.elapsed();
    sites.report(&results, duration)
}

type Download = JoinHandle<anyhow::Result<usize>>;

/// The mistake: an async task per site, each making a blocking call.
fn download_all_sites_blocking(sites: &[String]) -> Vec<Download> {
    let session = io_support::new_session();
    let download = |url: &String| {
        let (url, session) = (url.clone(), session.clone());
        // This looks async, but nothing in it awaits: `call` holds the runtime's only
        // thread until the answer is in, and every other task waits its turn.
        tokio::spawn(async move { download_site(&url, &session) })
    };
    sites.iter().map(download).collect()
}

/// Fix 1: an async client, whose requests step aside at each `.await`.
fn download_all_sites_async(sites: &[String]) -> anyhow::Result<Vec<Download>> {
    let session = io_support::new_async_session()?;
    let download = |url: &String| {
        let (url, session) = (url.clone(), session.clone());
        tokio::spawn(async move {
            let response = session.get(&url).send().await?.error_for_status()?;
            let content = response.bytes().await?;
            say!("Read {} bytes from {url}", content.len());
            Ok(content.len())
        })
    };
    Ok(sites.iter().map(download).collect())
}

/// Fix 2: the blocking client, on threads made for blocking (up to 512 of them).
fn download_all_sites_on_blocking_threads(sites: &[String]) -> Vec<Download> {
    let session = io_support::new_session();
    let download = |url: &String| {
        let (url, session) = (url.clone(), session.clone());
        tokio::task::spawn_blocking(move || download_site(&url, &session))
    };
    sites.iter().map(download).collect()
}

/// io_non_concurrent's download_site: blocks its thread until the whole body is in.
fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
