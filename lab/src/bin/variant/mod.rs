//! What the lab's variants of the lessons share: their `main`, as the lessons write it,
//! around a `download_all_sites` of their own, and io_threading's pool.

use std::process::ExitCode;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use io_support::{SiteArgs, SiteServer, summary};

/// A lesson's `main` from the list of sites on: `download_all_sites` gets the sites and
/// returns a result for each; `at_once` is how many downloads it runs at once.
pub fn run<F>(args: &SiteArgs, at_once: usize, download_all_sites: F) -> anyhow::Result<ExitCode>
where
    F: FnOnce(&[String]) -> anyhow::Result<Vec<anyhow::Result<usize>>>,
{
    let site_server = SiteServer::start(args, at_once)?;
    let two_sites = [site_server.jython(), site_server.dice()];
    let sites: Vec<String> = two_sites.into_iter().cycle().take(args.count).collect();
    let start_time = Instant::now();
    let results = download_all_sites(&sites)?;
    let duration = start_time.elapsed().as_secs_f64();
    let downloaded = site_server.report(&sites, &results, duration);
    summary!(args, "Downloaded {downloaded} sites in {duration:.3} seconds");
    Ok(ExitCode::from(if downloaded == sites.len() { 0 } else { 1 }))
}

/// io_threading's pool: `workers` threads, each taking the next site when it is free.
#[allow(dead_code)] // Only io_threading_reqwest uses it.
pub fn map_on_threads<F>(
    sites: &[String],
    workers: usize,
    download_site: F,
) -> Vec<anyhow::Result<usize>>
where
    F: Fn(&str) -> anyhow::Result<usize> + Sync,
{
    let next_site = AtomicUsize::new(0);
    let results: Vec<OnceLock<anyhow::Result<usize>>> =
        sites.iter().map(|_| OnceLock::new()).collect();
    let download_until_none_left = || loop {
        let index = next_site.fetch_add(1, Ordering::Relaxed);
        let Some(url) = sites.get(index) else { return };
        let _ = results[index].set(download_site(url));
    };
    std::thread::scope(|scope| {
        for _ in 0..workers.min(sites.len()) {
            if let Err(error) =
                std::thread::Builder::new().spawn_scoped(scope, download_until_none_left)
            {
                eprintln!("warning: the system refused a thread ({error}); fewer download");
                break;
            }
        }
    });
    download_until_none_left();
    let lost = || Err(anyhow::anyhow!("no thread downloaded it"));
    results.into_iter().map(|result| result.into_inner().unwrap_or_else(lost)).collect()
}
