//! What the I/O lessons call that their Python twins do not show either: where the sites
//! are, the flags every lesson shares, the clients' settings, and `--json`.
//!
//! A lesson's `main` starts a [`SiteServer`] (or finds the one `SITES_URL` names, or with
//! `--real` the tutorial's own sites), builds its list of sites from
//! [`SiteServer::jython`] and [`SiteServer::dice`] as its twin does, downloads them, and
//! hands the results to [`SiteServer::report`], which prints a line for each site that
//! failed (and the JSON report, with `--json`) and says how many were downloaded. The
//! lesson prints its own lines, with [`say!`] and [`summary!`], and decides its own exit
//! status.

use std::fmt::Display;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use reports::IoReport;

/// The tutorial's two sites, taken in turn: `[jython, dice] * 80`.
pub const REAL_SITES: [&str; 2] = ["https://www.jython.org", "http://olympus.realpython.org/dice"];

/// How many sites by default: the tutorial's list, 2 sites times 80.
pub const DEFAULT_COUNT: usize = 160;

/// The most sites a run accepts: a million, the most this project measures (the bounded
/// downloaders' benchmark). A lesson that makes a task per site needs about 1.1 KiB for
/// each (claim 7 of the book), over a gigabyte at a million, before its first download.
pub const MAX_SITES: usize = 1_000_000;

/// The most threads `--workers` accepts: 10,000, as many as claim 1 of the book runs.
/// Each thread reserves 2 MiB of address space for its stack, 20 GB at that count.
pub const MAX_THREADS: usize = 10_000;

/// How long one download may take by default before it counts as failed. Far above the
/// site server's 50 ms, so it only fires for a server that has stopped answering.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;

/// The environment variable that names a site server already running.
pub const SITES_URL_ENV: &str = "SITES_URL";

/// Carries `--timeout-ms` and `--quiet` to the worker processes of io_multiprocessing,
/// which run the program again without its flags.
const TIMEOUT_ENV: &str = "IO_SUPPORT_TIMEOUT_MS";

/// How far past `--timeout-ms` a worker process may stay on one site before the pool
/// kills it: the request's own timeout should have fired long before.
const STUCK_WORKER_GRACE: Duration = Duration::from_secs(5);

/// Descriptors a process needs besides its connections: stdio, the runtime, pipes.
const SPARE_DESCRIPTORS: usize = 64;

// The two flags the lessons' own code obeys without being handed them: `say!` lines and
// the timeout of `new_session()`, which are called where no flags are in reach (a
// `thread_local!` initialiser, a worker process's `init_process`), as the tutorial's
// `print` and `requests.Session()` take none. They are set once, by `SiteServer::start`,
// which every lesson calls before its first download.

/// Set by `--quiet` and `--json`: no line per site.
static QUIET: AtomicBool = AtomicBool::new(false);
/// Set from `--timeout-ms` by [`SiteServer::start`] (or, in a worker, from [`TIMEOUT_ENV`]).
static TIMEOUT: OnceLock<Duration> = OnceLock::new();

/// The flags every I/O lesson takes.
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArgs {
    /// How many sites to download: the tutorial's two sites, taken in turn.
    #[arg(long, default_value_t = DEFAULT_COUNT, value_parser = sites, allow_negative_numbers = true)]
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
    /// A site server already running, to download from instead of starting one
    /// (e.g. http://127.0.0.1:8000).
    #[arg(long, env = SITES_URL_ENV, value_parser = site_url, hide_env_values = true)]
    pub sites_url: Option<String>,
}

/// `--sites-url`, or `SITES_URL`: an http:// or https:// URL with a host, without the
/// slash at its end.
fn site_url(base: &str) -> Result<String, String> {
    let host = ["http://", "https://"]
        .iter()
        .find_map(|scheme| base.strip_prefix(scheme))
        .and_then(|rest| rest.split('/').next())
        .filter(|host| !host.is_empty() && !host.contains(char::is_whitespace));
    match host {
        Some(_) => Ok(base.trim_end_matches('/').to_owned()),
        None => Err(format!(
            "{SITES_URL_ENV} must be an http:// or https:// URL with a host, such as http://127.0.0.1:8000"
        )),
    }
}

/// `--count`: 0 to [`MAX_SITES`].
fn sites(value: &str) -> Result<usize, String> {
    reports::bounded(
        value,
        0,
        MAX_SITES,
        "sites, as for every lesson: one that makes a task per site needs about 1.1 KiB for each, over a gigabyte at a million",
    )
}

/// `--workers` of io_threading: 1 to [`MAX_THREADS`].
pub fn threads(value: &str) -> Result<usize, String> {
    reports::bounded(
        value,
        1,
        MAX_THREADS,
        "threads: each reserves 2 MiB of address space for its stack",
    )
}

/// `--processes` of io_multiprocessing: 1 to [`process_pool::MAX_PROCESSES`].
pub fn processes(value: &str) -> Result<usize, String> {
    reports::bounded(value, 1, process_pool::MAX_PROCESSES, process_pool::MAX_PROCESSES_WHY)
}

/// `--limit` of the bounded downloaders: 1 to [`MAX_SITES`], since a limit above the
/// number of sites is no limit.
pub fn limit(value: &str) -> Result<usize, String> {
    reports::bounded(value, 1, MAX_SITES, "downloads at once: more than there can be sites")
}

/// Where the sites are: a site server started here, the one `SITES_URL` names, or with
/// `--real` the tutorial's own sites. It also holds how this run reports.
#[derive(Debug)]
pub struct SiteServer {
    /// `/jython` and `/dice` on the server, or the real sites.
    urls: [String; 2],
    json: bool,
    at_once: usize,
    /// The embedded server, when this run started one; it stops when this drops.
    _server: Option<site_server::Handle>,
}

impl SiteServer {
    /// Finds or starts the sites, before the first download: `SITES_URL` if it is set,
    /// the real sites with `--real`, otherwise a site server of our own on a free port.
    /// `at_once` is how many downloads this lesson runs at once: the open-file limit is
    /// raised to fit them, with a warning if it cannot be, and it goes in `--json`.
    pub fn start(args: &SiteArgs, at_once: usize) -> anyhow::Result<SiteServer> {
        QUIET.store(args.quiet || args.json, Ordering::Relaxed);
        let _ = TIMEOUT.set(Duration::from_millis(args.timeout_ms));
        if cfg!(debug_assertions) {
            eprintln!(
                "note: this is a debug build, not optimised; add --release for timings like the book's"
            );
        }
        let (urls, server) = site_urls(args)?;
        // No lesson downloads more sites at once than there are sites.
        let at_once = at_once.min(args.count);
        let held_by_server = if server.is_some() { at_once } else { 0 };
        make_room_for(at_once + held_by_server + SPARE_DESCRIPTORS);
        Ok(SiteServer { urls, json: args.json, at_once, _server: server })
    }

    /// The first of the tutorial's two sites: `https://www.jython.org`, or its copy on
    /// the site server, a page of about 10 KB.
    pub fn jython(&self) -> String {
        self.urls[0].clone()
    }

    /// The second: `http://olympus.realpython.org/dice`, or its copy, about 1 KB.
    pub fn dice(&self) -> String {
        self.urls[1].clone()
    }

    /// Prints a line on stderr for each site that failed (`Failed to download URL:
    /// reason`), and with `--json` the report; returns how many sites were downloaded.
    /// `results` holds one entry per site, in order; `seconds` is how long they took.
    pub fn report<E: Display>(
        &self,
        sites: &[String],
        results: &[Result<usize, E>],
        seconds: f64,
    ) -> usize {
        let mut tally = Tally::default();
        for (url, result) in sites.iter().zip(results) {
            tally.add(url, result);
        }
        // A site without a result is a site lost: it counts as failed, by name.
        for url in sites.iter().skip(results.len()) {
            tally.add(url, &Err::<usize, _>("no result came back for it"));
        }
        self.report_tally(&tally, seconds)
    }

    /// [`SiteServer::report`] for a lesson that keeps no list of results, only a
    /// [`Tally`] (the bounded downloader that keeps at most `--limit` tasks).
    pub fn report_tally(&self, tally: &Tally, seconds: f64) -> usize {
        if self.json {
            let report = IoReport {
                example: reports::program_name(),
                sites: tally.ok + tally.failed,
                ok: tally.ok,
                failed: tally.failed,
                bytes: tally.bytes,
                seconds: reports::round_seconds(seconds),
                workers: self.at_once,
                extra: extra_fields(),
            };
            // A report that does not serialise is a bug here, not the lesson's: say so.
            match serde_json::to_string(&report) {
                Ok(line) => println!("{line}"),
                Err(error) => eprintln!("error: the report did not serialise: {error}"),
            }
        }
        tally.ok
    }
}

/// The report's fields beyond the usual ones: the spans a lesson recorded with
/// [`reports::timed_as`] or [`reports::timed_async`], as `items`, if it recorded any.
fn extra_fields() -> serde_json::Map<String, serde_json::Value> {
    let spans = reports::recorded();
    let mut extra = serde_json::Map::new();
    if !spans.is_empty() {
        let items = serde_json::to_value(reports::item_spans(&spans)).unwrap_or_default();
        extra.insert("items".to_owned(), items);
    }
    extra
}

/// Counts downloads as they end: how many succeeded, how many failed, and their bytes.
/// Each failure is said at once, on stderr: `Failed to download URL: reason`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Sites downloaded.
    pub ok: usize,
    /// Sites that failed, each said on stderr.
    pub failed: usize,
    /// The bytes of the sites downloaded.
    pub bytes: usize,
}

impl Tally {
    /// Counts one site's result.
    pub fn add<E: Display>(&mut self, url: &str, result: &Result<usize, E>) {
        match result {
            Ok(bytes) => {
                self.ok += 1;
                self.bytes += bytes;
            }
            Err(error) => {
                self.failed += 1;
                eprintln!("Failed to download {url}: {error:#}");
            }
        }
    }
}

/// The two sites' URLs, and the server started for them when there was none to use.
fn site_urls(args: &SiteArgs) -> anyhow::Result<([String; 2], Option<site_server::Handle>)> {
    if args.real {
        return Ok((REAL_SITES.map(String::from), None));
    }
    let (base, server) = match &args.sites_url {
        Some(base) => (base.clone(), None),
        None => {
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
    Ok((["/jython", "/dice"].map(|path| format!("{base}{path}")), server))
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
        let from_parent = std::env::var(TIMEOUT_ENV).ok().and_then(|ms| ms.parse().ok());
        Duration::from_millis(from_parent.unwrap_or(DEFAULT_TIMEOUT_MS))
    })
}

/// A ureq `Agent`, the Rust `requests.Session()`: it keeps connections open between
/// downloads. Configured with this run's timeout; otherwise ureq's defaults, which
/// treat an HTTP status of 400 or more as an error.
pub fn new_session() -> ureq::Agent {
    ureq::Agent::config_builder().timeout_global(Some(timeout())).build().into()
}

/// A reqwest `Client`, the Rust `aiohttp.ClientSession`, for the async lessons: it holds
/// the connection pool that every task shares. Configured with this run's timeout.
pub fn new_async_session() -> anyhow::Result<reqwest::Client> {
    // reqwest is built without a crypto provider of its own (see the workspace's
    // Cargo.toml): it uses ring, like ureq, which must be installed once per process
    // before the first client. A second call finds it installed; that is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().timeout(timeout()).build().context("could not build the HTTP client")
}

/// `ProcessPoolExecutor(max_workers=processes)` for io_multiprocessing, with this run's
/// settings passed to its workers: their lines come out here (and obey `--quiet`), they
/// use this run's timeout, and a worker still busy with one site well after that
/// timeout is killed: it is stuck, not slow.
pub fn process_pool(processes: usize) -> process_pool::Pool {
    process_pool::Pool::new(processes)
        .on_output(|line| {
            if !quiet() {
                println!("{line}");
            }
        })
        .env(TIMEOUT_ENV, timeout().as_millis().to_string())
        .item_timeout(timeout() + STUCK_WORKER_GRACE)
}

/// Whether the per-site lines are silenced (`--quiet` or `--json`).
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// `println!` for a line per site, silent under `--quiet` and `--json`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        if !$crate::quiet() { println!($($arg)*) }
    };
}

/// `println!` for the summary line, which `--json` replaces with its report:
/// `summary!(args.sites, "...", ...)`.
#[macro_export]
macro_rules! summary {
    ($flags:expr, $($arg:tt)*) => {
        if !$flags.json { println!($($arg)*) }
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
            sites_url: None,
        }
    }

    #[test]
    fn real_sites_are_the_tutorials_two() {
        let (urls, server) = site_urls(&args(5, true)).unwrap();
        assert!(server.is_none(), "--real starts no server");
        assert_eq!(urls, REAL_SITES);
    }

    #[test]
    fn counts_past_the_bound_are_refused_with_the_reason() {
        assert_eq!(sites("160"), Ok(160));
        for huge in ["18446744073709551615", "99999999999", "1000001"] {
            let error = sites(huge).unwrap_err();
            assert!(error.contains("at most 1000000 sites"), "{error}");
        }
        assert!(threads("0").is_err());
        assert!(limit("-1").is_err());
        assert_eq!(site_url("http://127.0.0.1:8000/"), Ok("http://127.0.0.1:8000".to_owned()));
        for bad in ["http://", "127.0.0.1:8000", "http:// x"] {
            assert!(site_url(bad).unwrap_err().contains("SITES_URL must be"), "{bad}");
        }
    }

    #[test]
    fn a_tally_counts_every_site_once() {
        let mut tally = Tally::default();
        tally.add("a", &Ok::<_, String>(10));
        tally.add("b", &Err(anyhow::anyhow!("refused")));
        tally.add("c", &Ok::<_, String>(5));
        assert_eq!((tally.ok, tally.failed, tally.bytes), (2, 1, 15));
    }
}
