//! What the I/O examples share but do not teach: their common flags, the list of
//! sites, the embedded site server, the per-site lines and the final report.
//!
//! An example's `main` reads like its Python twin because all of this sits behind two
//! calls: [`Sites::prepare`] before the clock starts and [`Sites::report`] after it
//! stops. In between is the lesson: `download_all_sites`.

pub mod starvation;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use reports::IoReport;

/// The tutorial's two sites, taken in turn: `[jython, dice] * 80`.
pub const REAL_SITES: [&str; 2] = [
    "https://www.jython.org",
    "http://olympus.realpython.org/dice",
];

/// The same two sites on a site server: appended to its base URL.
const LOCAL_PATHS: [&str; 2] = ["/jython", "/dice"];

/// How many sites by default: the tutorial's list, 2 sites times 80.
pub const DEFAULT_COUNT: usize = 160;

/// How long one download may take by default before it counts as failed. Far above the
/// site server's 50 ms, so it only fires for a server that has stopped answering.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;

/// The environment variable that names a site server already running.
pub const SITES_URL_ENV: &str = "SITES_URL";

/// Carries `--timeout-ms` to the worker processes of io_multiprocessing, which run
/// the program again without its flags.
const TIMEOUT_ENV: &str = "IO_SUPPORT_TIMEOUT_MS";

/// How far past `--timeout-ms` a worker process may stay on one site before the pool
/// kills it: the request's own timeout should have fired long before.
const STUCK_WORKER_GRACE: Duration = Duration::from_secs(5);

/// Descriptors a process needs besides its connections: stdio, the runtime, pipes.
const SPARE_DESCRIPTORS: usize = 64;

// The two flags the lessons' own code obeys without being handed them: `say!` lines and
// the timeout of `new_session()`, which are called where no flags are in reach (a
// `thread_local!` initialiser, a worker process's `init_process`), as the tutorial's
// `print` and `requests.Session()` take none. Process-wide state keeps those calls as
// short as the Python's; the price is an order to respect: a session made before
// `Sites::prepare` has the default timeout. Every example calls `prepare` first.

/// Set by `--quiet` and `--json`: no line per site.
static QUIET: AtomicBool = AtomicBool::new(false);
/// Set from `--timeout-ms` by [`Sites::prepare`] (or, in a worker, from [`TIMEOUT_ENV`]).
static TIMEOUT: OnceLock<Duration> = OnceLock::new();

/// The flags every I/O example takes.
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArgs {
    /// How many sites to download: the tutorial's two sites, taken in turn.
    #[arg(long, default_value_t = DEFAULT_COUNT, allow_negative_numbers = true)]
    pub count: usize,
    /// Print no line per site, only the summary.
    #[arg(long)]
    pub quiet: bool,
    /// Print one JSON object instead of the human lines.
    #[arg(long)]
    pub json: bool,
    /// Download the tutorial's real sites instead of a local site server (needs internet).
    #[arg(long)]
    pub real: bool,
    /// Give up on a site after this many milliseconds.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: u64,
}

/// The sites of one run, and what the report needs to know about it.
#[derive(Debug)]
pub struct Sites {
    example: &'static str,
    urls: Vec<String>,
    json: bool,
    workers: usize,
    /// The embedded server, when this run started one; it stops when `Sites` drops.
    _server: Option<site_server::Handle>,
}

impl Sites {
    /// Everything before the first download: decides where the sites are (`--real`,
    /// `SITES_URL`, or a site server started here), builds the list, makes room for
    /// `connections` open sockets, and warns when a debug build would mislead.
    ///
    /// `workers` is how many downloads this example runs at once; it goes in `--json`.
    pub fn prepare(
        example: &'static str,
        args: &SiteArgs,
        workers: usize,
    ) -> anyhow::Result<Sites> {
        QUIET.store(args.quiet || args.json, Ordering::Relaxed);
        let _ = TIMEOUT.set(Duration::from_millis(args.timeout_ms));
        if cfg!(debug_assertions) {
            eprintln!("note: this is a debug build, so its timings mislead; add --release");
        }
        let (urls, server) = site_urls(args)?;
        // No example downloads more sites at once than there are sites.
        let at_once = workers.min(args.count);
        let held_by_server = if server.is_some() { at_once } else { 0 };
        make_room_for(at_once + held_by_server + SPARE_DESCRIPTORS);
        Ok(Sites {
            example,
            urls,
            json: args.json,
            workers,
            _server: server,
        })
    }

    /// The URLs to download, in order.
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// Prints what happened: a line on stderr for each site that failed, then the final
    /// line (or the JSON object). `results` holds one entry per URL, in order.
    /// Exits with status 1 when any site failed.
    pub fn report(
        self,
        results: &[anyhow::Result<usize>],
        duration: Duration,
    ) -> anyhow::Result<()> {
        self.report_with(results, duration, &serde_json::Map::new())
    }

    /// [`Sites::report`], with more fields for `--json`: the figures an example
    /// measures beyond the usual ones, as a struct whose fields become the report's.
    pub fn report_with(
        self,
        results: &[anyhow::Result<usize>],
        duration: Duration,
        extra: &impl serde::Serialize,
    ) -> anyhow::Result<()> {
        let extra = match serde_json::to_value(extra)? {
            serde_json::Value::Object(fields) => fields,
            other => bail!("the extra report fields must be a struct, not {other}"),
        };
        if results.len() != self.urls.len() {
            bail!(
                "{} sites but {} results: a download went missing",
                self.urls.len(),
                results.len()
            );
        }
        let mut ok = 0;
        let mut bytes = 0;
        for (url, result) in self.urls.iter().zip(results) {
            match result {
                Ok(n) => {
                    ok += 1;
                    bytes += n;
                }
                Err(error) => eprintln!("Failed to download {url}: {error:#}"),
            }
        }
        let failed = results.len() - ok;
        let seconds = duration.as_secs_f64();
        if self.json {
            let report = IoReport {
                example: self.example.to_owned(),
                sites: results.len(),
                ok,
                failed,
                bytes,
                seconds: reports::round_seconds(seconds),
                workers: self.workers,
                extra,
            };
            println!("{}", serde_json::to_string(&report)?);
        } else {
            println!("Downloaded {ok} sites in {seconds:.3} seconds");
        }
        if failed > 0 {
            // A failed site is an expected outcome, already reported line by line. As
            // an error returned from `main` it would come with a stack backtrace when
            // RUST_BACKTRACE=1 is set, as it often is among Rust developers; so this
            // says it in one line and exits 1 here (the embedded server goes with it).
            eprintln!("Error: {failed} of {} sites failed", results.len());
            std::process::exit(1);
        }
        Ok(())
    }
}

/// The list of URLs, and the server started for them when there was none to use.
fn site_urls(args: &SiteArgs) -> anyhow::Result<(Vec<String>, Option<site_server::Handle>)> {
    let take = |two: [String; 2]| two.into_iter().cycle().take(args.count).collect();
    if args.real {
        return Ok((take(REAL_SITES.map(String::from)), None));
    }
    let (base, server) = match std::env::var(SITES_URL_ENV) {
        Ok(base) => {
            let host = ["http://", "https://"]
                .iter()
                .find_map(|scheme| base.strip_prefix(scheme))
                .and_then(|rest| rest.split('/').next())
                .filter(|host| !host.is_empty() && !host.contains(char::is_whitespace));
            if host.is_none() {
                usage_error(&format!(
                    "{SITES_URL_ENV} must be an http:// or https:// URL with a host, \
                     such as http://127.0.0.1:8000, not {base:?}"
                ));
            }
            (base.trim_end_matches('/').to_owned(), None)
        }
        Err(_) => {
            let server = site_server::spawn(site_server::Config::default())
                .context("could not start the embedded site server")?;
            eprintln!(
                "Started a local site server at {} ({} ms latency); set {SITES_URL_ENV} to use another",
                server.base_url(),
                site_server::DEFAULT_LATENCY.as_millis()
            );
            (server.base_url(), Some(server))
        }
    };
    Ok((
        take(LOCAL_PATHS.map(|path| format!("{base}{path}"))),
        server,
    ))
}

/// Says what is wrong with the input and exits with status 2, as clap does for a bad
/// flag: `SITES_URL` is input too, and no site could be downloaded with it.
fn usage_error(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(2)
}

/// Raises the open-file soft limit to fit `wanted` descriptors (up to the hard limit),
/// and says so plainly when even the hard limit is too low, rather than letting the
/// downloads fail one by one with "too many open files".
fn make_room_for(wanted: usize) {
    match site_server::platform::raise_open_file_limit(wanted as u64) {
        Ok(Some(limit)) if limit < wanted as u64 => eprintln!(
            "warning: this run may hold {wanted} open files but the limit is {limit}; \
             some downloads may fail (`ulimit -n {wanted}`, or fewer at once: \
             io_asyncio_bounded --limit)"
        ),
        Ok(_) => {}
        Err(error) => eprintln!("warning: could not raise the open-file limit: {error}"),
    }
}

/// How long one download may take: `--timeout-ms`.
pub fn timeout() -> Duration {
    *TIMEOUT.get_or_init(|| {
        let from_parent = std::env::var(TIMEOUT_ENV)
            .ok()
            .and_then(|ms| ms.parse().ok());
        Duration::from_millis(from_parent.unwrap_or(DEFAULT_TIMEOUT_MS))
    })
}

/// A ureq `Agent`, the Rust `requests.Session()`: it keeps connections open between
/// downloads. Configured with this run's timeout; otherwise ureq's defaults, which
/// treat an HTTP status of 400 or more as an error.
pub fn new_session() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout()))
        .build()
        .into()
}

/// A reqwest `Client`, the Rust `aiohttp.ClientSession`, for the async examples: it holds
/// the connection pool that every task shares. Configured with this run's timeout.
pub fn new_async_session() -> anyhow::Result<reqwest::Client> {
    // reqwest is built without a crypto provider of its own (see the workspace's
    // Cargo.toml): it uses ring, like ureq, which must be installed once per process
    // before the first client. A second call finds it installed; that is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(timeout())
        .build()
        .context("could not build the HTTP client")
}

/// A process pool for io_multiprocessing: its workers' lines come out here (and obey
/// `--quiet`), they use this run's timeout, and a worker still busy with one site
/// well after that timeout is killed: it is stuck, not slow.
pub fn pool(processes: usize) -> process_pool::Pool {
    process_pool::Pool::new(processes)
        .on_output(show)
        .env(TIMEOUT_ENV, timeout().as_millis().to_string())
        .item_timeout(timeout() + STUCK_WORKER_GRACE)
}

/// Prints one line of per-site output unless `--quiet` or `--json`. In a pool worker
/// the line travels to the parent, which makes that choice.
pub fn show(line: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        process_pool::print(line);
    }
}

/// `println!` for the per-site lines: silent under `--quiet` and `--json`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::show(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(count: usize, real: bool) -> SiteArgs {
        SiteArgs {
            count,
            quiet: true,
            json: false,
            real,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }

    #[test]
    fn real_sites_are_the_tutorials_two_in_turn() {
        let (urls, server) = site_urls(&args(5, true)).unwrap();
        assert!(server.is_none(), "--real starts no server");
        assert_eq!(
            urls,
            [
                REAL_SITES[0],
                REAL_SITES[1],
                REAL_SITES[0],
                REAL_SITES[1],
                REAL_SITES[0]
            ]
        );
    }
}
