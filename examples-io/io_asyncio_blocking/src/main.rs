//! A blocking HTTP client inside async tasks: the mistake the tutorial warns about, and
//! the two ways out.
//!
//! Every site gets its own task on one thread, as in io_asyncio; `--client` says what
//! the tasks download with. It starts a site server of its own (set `SITES_URL` to use
//! another, or pass `--real` for the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_asyncio_blocking
//! cargo run --release -p io_asyncio_blocking -- --client spawn-blocking
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use io_support::{SiteArgs, SiteServer, say, summary};

/// Download every site at once as tokio tasks, with a blocking or an async client.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// What the tasks download with.
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
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.sites.count)?;
    // The tutorial's [jython, dice] * 80: its two sites in turn, 160 unless --count.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let (session, async_session) = (io_support::new_session(), io_support::new_async_session()?);
    let download = |url: &String| {
        let (url, session, async_session) = (url.clone(), session.clone(), async_session.clone());
        match args.client {
            // The mistake: this looks async, but nothing in it awaits. `call` holds the
            // runtime's only thread until the answer is in, and every other task waits.
            Client::Blocking => tokio::spawn(async move { download_site(&url, &session) }),
            // Fix 1: an async client, whose requests step aside at each `.await`.
            Client::Reqwest => tokio::spawn(download_site_async(url, async_session)),
            // Fix 2: the blocking call, on one of tokio's threads made for blocking.
            Client::SpawnBlocking => {
                tokio::task::spawn_blocking(move || download_site(&url, &session))
            }
        }
    };
    let tasks: Vec<_> = sites.iter().map(download).collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    let duration = start_time.elapsed().as_secs_f64();
    // Says each site that failed, on stderr; with --json, prints the report.
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// io_non_concurrent's download_site: blocks its thread until the whole body is in.
fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}

/// io_asyncio's download_site: steps aside at each `.await`.
async fn download_site_async(url: String, session: reqwest::Client) -> anyhow::Result<usize> {
    let response = session.get(&url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
