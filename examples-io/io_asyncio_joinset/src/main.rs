//! Downloads every site as async tasks on one thread, keeping at most `--limit` tasks in
//! existence: a `JoinSet` refilled as tasks end.
//!
//! io_asyncio_bounded bounds how many downloads run at once, but makes a task for every
//! site first. This one bounds what exists: the next task is made only when one ends,
//! and the next URL only when a task needs it, so its memory stays in proportion to the
//! limit, at a million sites as at a thousand. It starts a site server of its own (set
//! `SITES_URL` to use another, or pass `--real` for the tutorial's sites).
//!
//! ```text
//! cargo run --release -p io_asyncio_joinset
//! cargo run --release -p io_asyncio_joinset -- --count 1000000 --limit 1000 --quiet
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, Tally, say, summary};
use tokio::task::{JoinError, JoinSet};

/// aiohttp's default: `TCPConnector(limit=100)`, as io_asyncio_bounded.
const LIMIT: usize = 100;

/// Download every site as async tasks, at most `--limit` tasks at a time.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
    /// How many tasks, and so downloads, may exist at once.
    #[arg(long, default_value_t = LIMIT, value_parser = io_support::limit)]
    limit: usize,
}

// One thread runs every task, as asyncio's event loop does.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.limit)?;
    // The tutorial's [jython, dice] * 80, never collected into a list: an iterator
    // that makes each URL when a task is about to need it.
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites = two_sites.into_iter().cycle().take(args.sites.count);
    let start_time = Instant::now();
    let tally = download_all_sites(sites, args.limit).await?;
    let duration = start_time.elapsed().as_secs_f64();
    // Every failure was said as it came; with --json, this prints the report.
    let downloaded = site_server.report_tally(&tally, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    // Exit status 1 when a site failed.
    Ok(ExitCode::from(if tally.failed == 0 { 0 } else { 1 }))
}

async fn download_all_sites(
    sites: impl Iterator<Item = String>,
    limit: usize,
) -> anyhow::Result<Tally> {
    let session = io_support::new_async_session()?;
    // The tasks alive now, never more than `limit`; each hands back its URL and result.
    let mut tasks = JoinSet::new();
    // What the ended tasks gave: counts, not a list of a million results.
    let mut tally = Tally::default();
    let mut count = |ended: Result<(String, anyhow::Result<usize>), JoinError>| match ended {
        Ok((url, result)) => tally.add(&url, &result),
        Err(panic) => tally.add("a site whose task panicked", &Err::<usize, _>(panic)),
    };
    for url in sites {
        if tasks.len() == limit {
            // Full: wait for any one task to end before making the next.
            if let Some(ended) = tasks.join_next().await {
                count(ended);
            }
        }
        let session = session.clone();
        tasks.spawn(async move {
            let result = download_site(&url, session).await;
            (url, result)
        });
    }
    // No sites left to start: collect the last tasks as they end.
    while let Some(ended) = tasks.join_next().await {
        count(ended);
    }
    Ok(tally)
}

async fn download_site(url: &str, session: reqwest::Client) -> anyhow::Result<usize> {
    let response = session.get(url).send().await?.error_for_status()?;
    let content = response.bytes().await?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
