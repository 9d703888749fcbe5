//! What the I/O examples' integration tests share: a site server per test, a run of an
//! example's real binary against it, and the checks every I/O example must pass.
//!
//! Concurrency is proven from the server's side, by `peak_in_flight`, never by timing.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;
pub use site_server::{Config, DICE_LEN, Handle, JYTHON_LEN};

/// The latency of the tests' servers. Downloads meant to overlap do: a thread or a
/// worker process starts in far less than this. And 20 sites one after another still
/// take only 2 seconds.
pub const TEST_LATENCY: Duration = Duration::from_millis(100);

/// How many sites a test downloads.
pub const SITES: usize = 20;

/// A run that takes longer than this has hung; the test kills it and fails.
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// Starts a site server with [`TEST_LATENCY`].
pub fn server() -> Handle {
    server_with(Config { latency: TEST_LATENCY, ..Config::default() })
}

/// Starts a site server configured by the test.
pub fn server_with(config: Config) -> Handle {
    site_server::spawn(config).expect("the test's site server starts")
}

/// A URL where nothing listens: a port that was free a moment ago.
pub fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

/// What one run of an example printed, and how it ended.
#[derive(Debug)]
pub struct Ran {
    /// The exit code (`None` if a signal ended it).
    pub code: Option<i32>,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

/// Runs an example binary with `SITES_URL=sites_url` and waits for it.
pub fn run(exe: &str, sites_url: &str, args: &[&str]) -> Ran {
    start(exe, sites_url, args).finish()
}

/// An example started by [`start`], still running.
#[derive(Debug)]
pub struct Running {
    child: std::process::Child,
    stdout: thread::JoinHandle<String>,
    stderr: thread::JoinHandle<String>,
}

/// Starts an example binary with `SITES_URL=sites_url`, collecting its output. It runs
/// with `RUST_BACKTRACE=1`, as many Rust developers' shells do, so that the tests see
/// what they would see.
pub fn start(exe: &str, sites_url: &str, args: &[&str]) -> Running {
    let mut child = Command::new(exe)
        .args(args)
        .env("SITES_URL", sites_url)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));
    Running { child, stdout, stderr }
}

impl Running {
    /// The example's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the example to exit, killing it and failing the test if it runs
    /// longer than two minutes (`RUN_LIMIT`).
    pub fn finish(mut self) -> Ran {
        let deadline = Instant::now() + RUN_LIMIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the example hung for {RUN_LIMIT:?}");
            }
            thread::sleep(Duration::from_millis(10));
        };
        Ran {
            code: status.code(),
            stdout: self.stdout.join().expect("stdout reader"),
            stderr: self.stderr.join().expect("stderr reader"),
        }
    }
}

pub use crate::processes::{children_of, is_running};

/// Polls the server until `in_flight` reaches `n`: waiting for an event, not a time.
pub fn wait_for_in_flight(server: &Handle, n: u64) {
    let deadline = Instant::now() + RUN_LIMIT;
    while server.stats().snapshot().in_flight != n {
        assert!(Instant::now() < deadline, "in_flight never reached {n}");
        thread::sleep(Duration::from_millis(5));
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    })
}

impl Ran {
    /// The `Read N bytes from URL` lines (with or without a worker prefix).
    pub fn read_lines(&self) -> Vec<&str> {
        self.stdout.lines().filter(|l| l.contains("Read ")).collect()
    }

    /// The byte counts the `Read` lines claim, added up.
    pub fn bytes_read(&self) -> usize {
        self.read_lines()
            .iter()
            .map(|line| {
                let after = line.split("Read ").nth(1).unwrap_or_default();
                after.split(' ').next().and_then(|n| n.parse::<usize>().ok()).expect(line)
            })
            .sum()
    }

    /// The last line on stdout.
    pub fn final_line(&self) -> &str {
        self.stdout.lines().last().unwrap_or_default()
    }

    /// The `Failed to download` lines on stderr.
    pub fn failures(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.starts_with("Failed to download ")).collect()
    }

    /// stdout as the one JSON object `--json` prints.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not one JSON object ({e}): {}", self.stdout))
    }

    /// Asserts the exit code, showing the output when it is not the expected one.
    pub fn assert_code(&self, code: i32) {
        assert_eq!(self.code, Some(code), "stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        assert!(!self.stderr.contains("panicked"), "a panic:\n{}", self.stderr);
    }
}

/// The bytes `count` sites add up to: jython and dice in turn.
pub fn expected_bytes(count: usize) -> usize {
    (0..count).map(|i| if i % 2 == 0 { JYTHON_LEN } else { DICE_LEN }).sum()
}

/// Asserts `Downloaded {ok} sites in {seconds} seconds`, seconds with three decimals.
pub fn assert_final_line(line: &str, ok: usize) {
    let seconds = line
        .strip_prefix(&format!("Downloaded {ok} sites in "))
        .and_then(|rest| rest.strip_suffix(" seconds"))
        .unwrap_or_else(|| panic!("not the final line for {ok} sites: {line:?}"));
    let (whole, fraction) = seconds.split_once('.').unwrap_or_else(|| panic!("{line:?}"));
    assert!(
        whole.parse::<u64>().is_ok() && fraction.len() == 3 && fraction.parse::<u64>().is_ok(),
        "{line:?}"
    );
}

/// The whole run, checked: every site downloaded, a `Read` line each, the right bytes,
/// the final line, and exactly `peak` downloads at once on the server.
pub fn check_downloads_every_site(exe: &str, args: &[&str], peak: usize) {
    let server = server();
    let count = SITES.to_string();
    let ran = run(exe, &server.base_url(), &[&["--count", &count], args].concat());
    ran.assert_code(0);
    assert_eq!(ran.read_lines().len(), SITES, "{}", ran.stdout);
    assert_eq!(ran.bytes_read(), expected_bytes(SITES));
    assert_final_line(ran.final_line(), SITES);
    let stats = server.stats().snapshot();
    assert_eq!(stats.requests, SITES as u64);
    assert_eq!(stats.bytes_sent, expected_bytes(SITES) as u64);
    assert_eq!(stats.peak_in_flight, peak as u64, "downloads at once on the server");
}

/// `--json`: one object with the run's figures, and nothing else on stdout.
pub fn check_json(exe: &str, example: &str, args: &[&str], workers: usize) {
    let server = server();
    let count = SITES.to_string();
    let ran = run(exe, &server.base_url(), &[&["--count", &count, "--json"], args].concat());
    ran.assert_code(0);
    let json = ran.json();
    assert_eq!(json["example"], example);
    assert_eq!(json["sites"], SITES);
    assert_eq!(json["ok"], SITES);
    assert_eq!(json["failed"], 0);
    assert_eq!(json["bytes"], expected_bytes(SITES));
    assert_eq!(json["workers"], workers);
    assert!(json["seconds"].as_f64().is_some_and(|s| s > 0.0), "{json}");
}

/// `--quiet`: only the final line.
pub fn check_quiet(exe: &str) {
    let server = server();
    let ran = run(exe, &server.base_url(), &["--count", "4", "--quiet"]);
    ran.assert_code(0);
    assert_eq!(ran.stdout.lines().count(), 1, "{}", ran.stdout);
    assert_final_line(ran.final_line(), 4);
}

/// No server at `SITES_URL`: every site fails with a reason, exit 1, no panic, no hang.
pub fn check_server_down(exe: &str) {
    let ran = run(exe, &closed_url(), &["--count", "4", "--json"]);
    ran.assert_code(1);
    // Failed sites are an outcome, not a crash: a line each says so, with no backtrace.
    assert!(!ran.stderr.contains("stack backtrace"), "{}", ran.stderr);
    let failures = ran.failures();
    assert_eq!(failures.len(), 4, "{}", ran.stderr);
    assert!(failures.iter().all(|l| l.to_lowercase().contains("connect")), "{}", ran.stderr);
    let json = ran.json();
    assert_eq!((json["ok"].as_u64(), json["failed"].as_u64()), (Some(0), Some(4)));
}

/// `https://` to a server that speaks plain HTTP: the TLS code that `--real` uses runs
/// (ring as rustls's provider, in both clients) and every site fails with rustls's
/// reason, no panic.
pub fn check_tls_to_a_plain_server(exe: &str) {
    let server = server();
    let url = server.base_url().replacen("http://", "https://", 1);
    let ran = run(exe, &url, &["--count", "4", "--json"]);
    ran.assert_code(1);
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    let failures = ran.failures();
    assert_eq!(failures.len(), 4, "{}", ran.stderr);
    assert!(failures.iter().all(|l| l.contains("corrupt message")), "{}", ran.stderr);
    assert_eq!(ran.json()["failed"].as_u64(), Some(4));
}

/// Every 5th site answers 500: those are reported and counted, the rest downloaded.
pub fn check_http_500(exe: &str) {
    let server =
        server_with(Config { latency: TEST_LATENCY, fail_every: Some(5), ..Config::default() });
    let ran = run(exe, &server.base_url(), &["--count", &SITES.to_string()]);
    ran.assert_code(1);
    let failures = ran.failures();
    assert_eq!(failures.len(), SITES / 5, "{}", ran.stderr);
    assert!(failures.iter().all(|l| l.contains("500")), "{}", ran.stderr);
    assert_eq!(ran.read_lines().len(), SITES - SITES / 5);
    assert_final_line(ran.final_line(), SITES - SITES / 5);
}

/// A bad flag value: exit 2 and a message that names the flag.
pub fn check_bad_flag(exe: &str, flag: &str, value: &str) {
    let ran = run(exe, &closed_url(), &[flag, value]);
    ran.assert_code(2);
    assert!(ran.stderr.contains(flag), "{}", ran.stderr);
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);
}

/// `flag` with the two values too large for any machine, 2^64 - 1 and 99,999,999,999:
/// exit 2 before anything is allocated, a message that names the flag and the largest
/// value accepted with the reason, and no abort or panic.
pub fn check_huge(exe: &str, flag: &str, bound: &str) {
    for huge in ["18446744073709551615", "99999999999"] {
        let ran = run(exe, &closed_url(), &[flag, huge]);
        ran.assert_code(2);
        assert!(
            ran.stderr.contains(flag) && ran.stderr.contains(bound),
            "{flag} {huge}: {}",
            ran.stderr
        );
        assert!(!ran.stderr.contains("memory allocation"), "{}", ran.stderr);
    }
}

/// A `SITES_URL` that names no host (or no http scheme): exit 2 before any download,
/// with a message that names the variable, rather than every site failing one by one.
pub fn check_bad_sites_url(exe: &str) {
    for url in ["http://", "https://", "127.0.0.1:8000", "http:// example"] {
        let ran = run(exe, url, &["--count", "4"]);
        ran.assert_code(2);
        assert!(ran.stderr.contains("SITES_URL must be"), "{url}: {}", ran.stderr);
        assert!(!ran.stderr.contains("Failed to download"), "{}", ran.stderr);
    }
}

/// A server slower than `--timeout-ms`: each site fails with a timeout, in bounded time.
pub fn check_timeout(exe: &str) {
    let server = server_with(Config { latency: Duration::from_secs(3), ..Config::default() });
    let ran = run(exe, &server.base_url(), &["--count", "2", "--timeout-ms", "200", "--json"]);
    ran.assert_code(1);
    let failures = ran.failures();
    assert_eq!(failures.len(), 2, "{}", ran.stderr);
    assert!(failures.iter().all(|l| l.contains("time")), "{}", ran.stderr);
    assert_eq!(ran.json()["failed"], 2);
}

/// The server dies (every connection closed at once) after a few downloads: the sites
/// not yet downloaded fail with a reason, none is lost, and the example exits 1.
pub fn check_server_dies_mid_run(exe: &str) {
    let server = server();
    let count = SITES.to_string();
    let example = start(exe, &server.base_url(), &["--count", &count, "--json"]);
    let deadline = Instant::now() + RUN_LIMIT;
    while server.stats().snapshot().requests < 3 {
        assert!(Instant::now() < deadline, "the example never started downloading");
        thread::sleep(Duration::from_millis(5));
    }
    server.abort();
    let ran = example.finish();
    ran.assert_code(1);
    let json = ran.json();
    let (ok, failed) = (json["ok"].as_u64().unwrap_or(0), json["failed"].as_u64().unwrap_or(0));
    assert_eq!(ok + failed, SITES as u64, "every site is downloaded or failed: {json}");
    assert!(failed >= 1, "{json}");
    let failures = ran.failures();
    assert_eq!(failures.len() as u64, failed, "{}", ran.stderr);
    assert!(failures.iter().all(|l| l.split_once(": ").is_some_and(|(_, why)| !why.is_empty())));
}

/// The ways a response can be broken, served by [`broken_server`].
#[derive(Debug, Clone, Copy)]
pub enum Broken {
    /// A body shorter than its Content-Length, then the connection closes.
    ShortBody,
    /// The connection closes before the status line.
    ClosedBeforeStatus,
    /// Bytes that are not HTTP.
    NotHttp,
}

/// A raw TCP server that answers every request with the same kind of broken response.
/// Its thread serves until the test process ends.
pub fn broken_server(kind: Broken) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0; 4096];
            let _ = stream.read(&mut request);
            let reply: &[u8] = match kind {
                Broken::ShortBody => b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789",
                Broken::ClosedBeforeStatus => b"",
                Broken::NotHttp => b"this is not HTTP\r\n\r\n",
            };
            let _ = std::io::Write::write_all(&mut stream, reply);
        }
    });
    url
}

/// Every kind of broken response is a reported failure for every site: never a panic,
/// never counted as downloaded.
pub fn check_broken_responses(exe: &str) {
    for kind in [Broken::ShortBody, Broken::ClosedBeforeStatus, Broken::NotHttp] {
        let ran =
            run(exe, &broken_server(kind), &["--count", "4", "--json", "--timeout-ms", "5000"]);
        ran.assert_code(1);
        let json = ran.json();
        assert_eq!(
            (json["ok"].as_u64(), json["failed"].as_u64()),
            (Some(0), Some(4)),
            "{kind:?}: {json}"
        );
        assert_eq!(ran.failures().len(), 4, "{kind:?}: {}", ran.stderr);
    }
}

/// The tests every I/O example must pass, whatever its model of concurrency: `--quiet`,
/// a bad flag, and every fault above. One line in an example's test file:
/// `testing::io_common_tests!(EXE);`
#[macro_export]
macro_rules! io_common_tests {
    ($exe:expr) => {
        #[test]
        fn quiet_prints_only_the_final_line() {
            $crate::io::check_quiet($exe);
        }

        #[test]
        fn a_bad_count_is_a_usage_error() {
            $crate::io::check_bad_flag($exe, "--count", "abc");
            $crate::io::check_huge($exe, "--count", "at most 1000000 sites");
        }

        #[test]
        fn a_sites_url_without_a_host_is_a_usage_error() {
            $crate::io::check_bad_sites_url($exe);
        }

        #[test]
        fn a_server_that_is_down_fails_every_site() {
            $crate::io::check_server_down($exe);
        }

        #[test]
        fn https_to_a_server_without_tls_fails_every_site_clearly() {
            $crate::io::check_tls_to_a_plain_server($exe);
        }

        #[test]
        fn http_500_is_reported_and_the_rest_downloaded() {
            $crate::io::check_http_500($exe);
        }

        #[test]
        fn a_site_slower_than_the_timeout_fails() {
            $crate::io::check_timeout($exe);
        }

        #[test]
        fn a_server_that_dies_mid_run_fails_the_rest_and_loses_none() {
            $crate::io::check_server_dies_mid_run($exe);
        }

        #[test]
        fn broken_responses_are_failures_not_downloads() {
            $crate::io::check_broken_responses($exe);
        }
    };
}
