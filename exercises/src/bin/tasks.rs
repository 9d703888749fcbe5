//! Exercise 2, tasks: download every site at once, as async tasks on one thread.
//!
//! As it stands, this program downloads one site after another with a blocking client,
//! like io_non_concurrent. Rewrite it as io_asyncio is written: a tokio runtime with one
//! thread, a reqwest `Client`, and a task per site (the book's page "Async tasks:
//! io_asyncio").
//!
//! The check runs it on 50 sites. It passes when the site server saw every site, all 50
//! in flight at its peak, and the program never ran more than one thread, as the
//! checker sees from outside it (on Linux):
//!
//! ```text
//! cargo run -p exercises -- check tasks
//! ```

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use io_support::{SiteArgs, SiteServer, say, summary};

/// Download every site.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    sites: SiteArgs,
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let site_server = SiteServer::start(&args.sites, args.sites.count)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.sites.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites);
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args.sites, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// One result per site, in the order of `sites`.
fn download_all_sites(sites: &[String]) -> Vec<anyhow::Result<usize>> {
    let session = io_support::new_session();
    sites.iter().map(|url| download_site(url, &session)).collect()
}

fn download_site(url: &str, session: &ureq::Agent) -> anyhow::Result<usize> {
    // Blocks the thread until the whole page is in.
    let mut response = session.get(url).call()?;
    let content = response.body_mut().read_to_vec()?;
    say!("Read {} bytes from {url}", content.len());
    Ok(content.len())
}
