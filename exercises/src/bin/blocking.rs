//! Exercise 4, a blocking call: this async program downloads one site at a time. Why?
//!
//! Every site gets a task of its own on a one-thread runtime, as in io_asyncio, and yet
//! the downloads happen one after another. Find the call that blocks the runtime's only
//! thread, and fix it, either way the book shows (the page "Warning: a blocking call in
//! a task").
//!
//! The check runs it on 20 sites. It passes when the site server saw every site, and
//! more than one download in flight at once:
//!
//! ```text
//! cargo run -p exercises -- check blocking
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

/// Download every site at once, as async tasks.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.sites.count)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites).await;
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// One result per site, in the order of `sites`.
async fn download_all_sites(sites: &[String]) -> Vec<anyhow::Result<usize>> {
    let session = io_support::new_session();
    let tasks: Vec<_> = sites
        .iter()
        .map(|url| {
            let (url, session) = (url.clone(), session.clone());
            tokio::spawn(async move { download_site(&url, &session) })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap_or_else(|panic| Err(panic.into())));
    }
    results
}

fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
