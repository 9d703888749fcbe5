//! The bench: two site_server processes, the examples' binaries, and repeated runs.

use std::cell::RefCell;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};
use indicatif::ProgressBar;
use reports::{CpuReport, IoReport};
use serde::{Deserialize, Serialize};

use crate::book::Spread;
use crate::examples::Examples;
use crate::platform;
use crate::process::{self, Ended, Stderr};
use crate::timeline;

/// An example's `--json` report, read through the typed structs of `reports`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Report {
    /// An I/O example's (io_asyncio_starved's with its [`reports::Starvation`] fields).
    Io(IoReport),
    /// A CPU example's.
    Cpu(CpuReport),
}

/// A measured point: the repeat with the median wall time, and every repeat.
#[derive(Debug, Clone)]
pub struct Point {
    /// The repeat with the median wall time: the point's figures.
    pub median: Repeat,
    /// Every repeat, in the order they ran: what results.json keeps.
    pub repeats: Vec<Repeat>,
    /// How far apart two measurements of a point of its claim came, as a fraction:
    /// a comparison with a point whose medians differ by less is a tie too (0 while
    /// measuring; set from the record when a page is rendered).
    pub margin: f64,
}

/// One repeat of a point, as results.json keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Repeat {
    /// The exit code, or `None` if a signal ended it.
    pub code: Option<i32>,
    /// Wall time, seconds.
    pub wall_s: f64,
    /// User plus system CPU time, seconds.
    pub cpu_s: f64,
    /// Peak RSS of the largest process, KiB.
    pub max_rss_kb: u64,
    /// The site server's peak_in_flight.
    pub peak: u64,
    /// New connections that paid the server's connection cost (its `handshakes`).
    pub handshakes: u64,
    /// The example's own `--json` report (null if it printed none).
    pub report: Option<Report>,
    /// The last line it wrote to stderr: a failure's reason (empty in runs recorded
    /// before it was kept).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub last_error: String,
    /// The time a program that is not an example printed for its own work (the
    /// tutorial's `Downloaded 1000 sites in 0.57 seconds`); an example's is in its
    /// report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_s: Option<f64>,
    /// The site requests the server answered during the run (none in runs recorded
    /// before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
    /// The CPU time the site server's own process used during the run, seconds: it
    /// shares the machine's cores with the example (none where the OS does not say, and
    /// in runs recorded before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_cpu_s: Option<f64>,
}

/// A point as results.json keeps it: what ran, and every repeat.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recorded {
    /// The example's name.
    pub example: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// The environment variables set for it, as pairs.
    pub env: Vec<(String, String)>,
    /// How many copies ran at once (one, but for claim 6's calibration).
    pub copies_at_once: usize,
    /// What a new connection cost on the server it ran against, in milliseconds.
    pub connection_cost_ms: u64,
    /// Every repeat, in the order they ran.
    pub repeats: Vec<Repeat>,
}

/// One thing to measure: an example, its arguments and environment, and how many
/// copies run at once (one, but for the calibration of claim 6).
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The example's name, or the name a [`Program`] is recorded under.
    example: &'a str,
    /// The example's arguments, or what a program's recorded arguments say of it.
    args: Vec<String>,
    env: Vec<(&'a str, String)>,
    copies: usize,
    /// `None`: the example of that name.
    program: Option<Program>,
}

/// A program that is not one of the examples, run as it is: the tutorial's Python.
#[derive(Debug, Clone)]
pub struct Program {
    /// The executable (an interpreter).
    pub path: PathBuf,
    /// Its arguments (a script, or `-c` and a line).
    pub args: Vec<OsString>,
    /// Where it runs.
    pub dir: PathBuf,
}

impl<'a> Job<'a> {
    /// One copy of `example` with these arguments.
    pub fn new(example: &'a str, args: &[String]) -> Job<'a> {
        Job { example, args: args.to_vec(), env: Vec::new(), copies: 1, program: None }
    }

    /// `program`, recorded as `name` with `args` (which describe it, e.g. the site
    /// count its script was rewritten to, as `--count 1000`; they are not passed).
    pub fn program(name: &'a str, args: &[String], program: Program) -> Job<'a> {
        Job { program: Some(program), ..Job::new(name, args) }
    }

    /// With these environment variables too.
    pub fn env(mut self, env: &[(&'a str, String)]) -> Job<'a> {
        self.env = env.to_vec();
        self
    }

    /// `copies` of it at once: each repeat's wall time is the slowest copy's.
    pub fn copies(mut self, copies: usize) -> Job<'a> {
        self.copies = copies.max(1);
        self
    }
}

/// Whether a new connection to the site server costs anything (see
/// `site_server::Config::connection_cost`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connections {
    /// Free, as on 127.0.0.1: the local server as it is.
    Free,
    /// Each new connection pays a far server's handshake before its first answer.
    Handshake,
}

impl Repeat {
    /// The I/O report of this repeat, if the example printed one.
    pub fn io(&self) -> Option<&IoReport> {
        match &self.report {
            Some(Report::Io(report)) => Some(report),
            _ => None,
        }
    }

    /// What io_asyncio_starved measured of its computing in this repeat, if it said:
    /// in the fields of the runs committed before, or worked out from the spans of its
    /// report's `items` (the computing's, `fib(38)`, and each download's).
    pub fn starvation(&self) -> Option<reports::Starvation> {
        let report = self.io()?;
        report.starvation().or_else(|| starvation_from_spans(report))
    }
}

/// The wall times of `repeats`: the median, the fastest and the slowest.
fn wall_of(repeats: &[Repeat]) -> Option<Spread> {
    Spread::of(&repeats.iter().map(|r| r.wall_s).collect::<Vec<_>>())
}

impl Recorded {
    /// The point these repeats make: the repeat with the median wall time (the upper
    /// middle one of an even number). [`Lab::batch`] makes its points this way too.
    pub fn point(&self) -> anyhow::Result<Point> {
        let mut sorted: Vec<&Repeat> = self.repeats.iter().collect();
        sorted.sort_by(|a, b| a.wall_s.total_cmp(&b.wall_s));
        let median = sorted
            .get(sorted.len() / 2)
            .with_context(|| format!("a point of {} without repeats", self.example))?;
        Ok(Point { median: (*median).clone(), repeats: self.repeats.clone(), margin: 0.0 })
    }

    /// Its repeats' wall times: the median, the fastest and the slowest; `None` without
    /// repeats.
    pub fn wall(&self) -> Option<Spread> {
        wall_of(&self.repeats)
    }

    /// Whether it is a run of `example` with every one of `args` among its arguments
    /// (a flag and its value as a pair: `["--hog", "in-task"]`), against a server whose
    /// new connections cost `connection_cost_ms`.
    pub fn is(&self, example: &str, args: &[&str], connection_cost_ms: u64) -> bool {
        self.example == example
            && self.connection_cost_ms == connection_cost_ms
            && args.chunks(2).all(|pair| self.args.windows(pair.len()).any(|w| w == pair))
    }
}

impl Point {
    /// Wall time in seconds, the median run's.
    pub fn seconds(&self) -> f64 {
        self.median.wall_s
    }

    /// The fastest and the slowest repeat's wall time, in seconds.
    pub fn spread(&self) -> (f64, f64) {
        self.wall().map_or((f64::MAX, f64::MIN), |w| (w.lo, w.hi))
    }

    /// Its repeats' wall times, as [`Recorded::wall`].
    pub fn wall(&self) -> Option<Spread> {
        wall_of(&self.repeats)
    }

    /// The same point, its comparisons held to `margin` (see [`Point::ties`]).
    pub fn with_margin(mut self, margin: f64) -> Point {
        self.margin = margin;
        self
    }

    /// Whether this point and `other` are a tie: their repeats' wall times overlap, or
    /// their medians differ by no more than the larger margin of the two (what two
    /// measurements of one point differed by), so which is faster is within what the
    /// machine varies by.
    pub fn ties(&self, other: &Point) -> bool {
        let ((a0, a1), (b0, b1)) = (self.spread(), other.spread());
        (a0 <= b1 && b0 <= a1)
            || crate::book::within_margin(
                self.seconds(),
                other.seconds(),
                self.margin.max(other.margin),
            )
    }

    /// CPU time in seconds, the median run's.
    pub fn cpu(&self) -> f64 {
        self.median.cpu_s
    }

    /// Peak RSS in MiB, the median run's.
    pub fn rss_mb(&self) -> f64 {
        self.median.max_rss_kb as f64 / 1024.0
    }

    /// The server's peak_in_flight in the median run (0 without a server).
    pub fn peak(&self) -> u64 {
        self.median.peak
    }

    /// Whether the median run exited 0.
    pub fn ok(&self) -> bool {
        self.median.code == Some(0)
    }
}

/// The examples' binaries, two site servers (free connections and costly ones), how
/// many times to run each point, and the record of every point run.
pub struct Lab {
    examples: Examples,
    /// The server whose connections are free, then the one whose connections cost
    /// `handshake_ms`.
    servers: [Server; 2],
    /// The site servers' latency.
    pub latency_ms: u64,
    /// What a new connection costs on the second server.
    pub handshake_ms: u64,
    repeat: usize,
    /// Advanced once per run.
    pub progress: ProgressBar,
    /// Every point run since the last [`Lab::take_record`], repeats and all.
    record: RefCell<Vec<Recorded>>,
    /// The tutorial's io_asyncio.py, when the user named a checkout: claim 7 runs it.
    pub tutorial: Option<super::tutorial::Tutorial>,
}

/// A site_server process.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(
        examples: &Examples,
        latency_ms: u64,
        connection_cost_ms: u64,
    ) -> anyhow::Result<Server> {
        let mut child = examples
            .command("site_server")
            .args(["--port", "0", "--latency-ms", &latency_ms.to_string()])
            .args(["--connection-cost-ms", &connection_cost_ms.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start site_server; build the workspace with --release first")?;
        let mut first = String::new();
        BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut first)?;
        let url = first.trim().strip_prefix("Serving sites on ").map(str::to_owned);
        let server = Server { child, url: url.unwrap_or_default() };
        if server.url.is_empty() {
            bail!("site_server did not start: {first:?}");
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Lab {
    /// Starts the two site servers next to the examples (they are all in the same
    /// target directory as this binary).
    pub fn start(
        examples: &Examples,
        latency_ms: u64,
        handshake_ms: u64,
        repeat: usize,
        progress: ProgressBar,
    ) -> anyhow::Result<Lab> {
        let servers = [
            Server::start(examples, latency_ms, 0)?,
            Server::start(examples, latency_ms, handshake_ms)?,
        ];
        Ok(Lab {
            examples: examples.clone(),
            servers,
            latency_ms,
            handshake_ms,
            repeat,
            progress,
            record: RefCell::new(Vec::new()),
            tutorial: None,
        })
    }

    /// Every point run since the last call, each with its repeats: what results.json
    /// keeps beside the rendered section.
    pub fn take_record(&self) -> Vec<Recorded> {
        self.record.take()
    }

    /// Runs an example `repeat` times against the free site server and keeps the median.
    pub fn point(
        &self,
        example: &str,
        args: &[String],
        env: &[(&str, String)],
    ) -> anyhow::Result<Point> {
        self.point_on(Connections::Free, example, args, env)
    }

    /// Runs an example `repeat` times against one of the site servers, keeps the
    /// median, and records every repeat.
    pub fn point_on(
        &self,
        connections: Connections,
        example: &str,
        args: &[String],
        env: &[(&str, String)],
    ) -> anyhow::Result<Point> {
        let job = Job::new(example, args).env(env);
        let mut points = self.batch(connections, &[job])?;
        points.pop().context("a batch of one gave no point")
    }

    /// Runs several jobs `repeat` times each, taking turns (the first repeat of every
    /// job, then the second...), so that a stretch when the shared machine is slower
    /// falls on every job alike instead of on all the repeats of one. Returns one point
    /// per job, in order, and records every repeat.
    pub fn batch(&self, connections: Connections, jobs: &[Job]) -> anyhow::Result<Vec<Point>> {
        let server = self.server(connections);
        let mut repeats: Vec<Vec<Repeat>> = vec![Vec::new(); jobs.len()];
        for _ in 0..self.repeat {
            for (k, job) in jobs.iter().enumerate() {
                repeats[k].push(self.run_once(server, job)?);
                self.progress.inc(1);
            }
        }
        let mut points = Vec::with_capacity(jobs.len());
        for (job, repeats) in jobs.iter().zip(repeats) {
            let recorded = Recorded {
                example: job.example.to_owned(),
                args: job.args.clone(),
                env: job.env.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
                copies_at_once: job.copies,
                connection_cost_ms: match connections {
                    Connections::Free => 0,
                    Connections::Handshake => self.handshake_ms,
                },
                repeats,
            };
            points.push(recorded.point()?);
            self.record.borrow_mut().push(recorded);
        }
        Ok(points)
    }

    /// One run of a job: its copies at once (the slowest copy's wall time, all copies'
    /// CPU time), with the server's counts reset before and read after.
    fn run_once(&self, server: &Server, job: &Job) -> anyhow::Result<Repeat> {
        let mut env = job.env.clone();
        env.push(("SITES_URL", server.url.clone()));
        self.progress.set_message(if job.copies == 1 {
            format!("{} {}", job.example, job.args.join(" "))
        } else {
            format!("{} x {} {} at once", job.copies, job.example, job.args.join(" "))
        });
        self.server_post(server, "/stats/reset")?;
        let server_pid = server.child.id();
        let server_cpu_before = platform::cpu_time_of(server_pid);
        let examples = &self.examples;
        let all: Vec<Repeat> = std::thread::scope(|scope| {
            let started: Vec<_> =
                (0..job.copies).map(|_| scope.spawn(|| measure(examples, job, &env))).collect();
            // A measuring thread that panicked is a bug here, not a result.
            started
                .into_iter()
                .map(|copy| copy.join().expect("a measuring thread panicked"))
                .collect::<anyhow::Result<_>>()
        })?;
        let server_cpu = platform::cpu_time_of(server_pid)
            .zip(server_cpu_before)
            .map(|(after, before)| after.saturating_sub(before).as_secs_f64());
        let stats: site_server::Snapshot = self.server_get(server, "/stats")?;
        let mut repeat = all
            .iter()
            .max_by(|a, b| a.wall_s.total_cmp(&b.wall_s))
            .cloned()
            .context("a job with no copies")?;
        repeat.cpu_s = all.iter().map(|copy| copy.cpu_s).sum();
        repeat.code =
            all.iter().map(|copy| copy.code).find(|code| *code != Some(0)).unwrap_or(repeat.code);
        repeat.peak = stats.peak_in_flight;
        repeat.handshakes = stats.handshakes;
        repeat.requests = Some(stats.requests);
        repeat.server_cpu_s = server_cpu;
        Ok(repeat)
    }

    /// The base URL of one of the site servers, for a program that is given its sites
    /// in its own text (the tutorial's script) instead of in `SITES_URL`.
    pub fn url(&self, connections: Connections) -> &str {
        &self.server(connections).url
    }

    fn server(&self, connections: Connections) -> &Server {
        match connections {
            Connections::Free => &self.servers[0],
            Connections::Handshake => &self.servers[1],
        }
    }

    /// The site server's record of the last run: one lane per connection, numbered as
    /// the terminal timeline numbers them, its requests as `(start, end)` in
    /// milliseconds on the server's clock.
    pub fn last_run_lanes(&self) -> anyhow::Result<Vec<crate::chart::Lane>> {
        let records: Vec<site_server::Record> =
            self.server_get(self.server(Connections::Free), "/stats/requests")?;
        let spans: Vec<timeline::Span> = records.iter().map(timeline::Span::from).collect();
        Ok(timeline::lanes(&spans)
            .into_iter()
            .enumerate()
            .map(|(i, (_, spans))| {
                let spans = spans.iter().map(|s| (s.start_ms, s.end_ms)).collect();
                (format!("connection {}", i + 1), spans)
            })
            .collect())
    }

    fn server_get<T: serde::de::DeserializeOwned>(
        &self,
        server: &Server,
        path: &str,
    ) -> anyhow::Result<T> {
        let body =
            ureq::get(format!("{}{path}", server.url)).call()?.body_mut().read_to_string()?;
        Ok(serde_json::from_str(&body)?)
    }

    fn server_post(&self, server: &Server, path: &str) -> anyhow::Result<()> {
        ureq::post(format!("{}{path}", server.url)).send_empty()?;
        Ok(())
    }
}

/// One run of a job's example or program, measured as the runner measures every run;
/// the server's counts are the caller's to fill in.
fn measure(examples: &Examples, job: &Job, env: &[(&str, String)]) -> anyhow::Result<Repeat> {
    let mut command = match &job.program {
        None => {
            let mut command = examples.command(job.example);
            command.args(&job.args);
            command
        }
        Some(program) => {
            let mut command = Command::new(&program.path);
            command.args(&program.args).current_dir(&program.dir);
            command
        }
    };
    command.envs(env.iter().map(|(k, v)| (k, v)));
    // The tutorial's script is stopped as `lab python` stops it; an example ends on
    // its own (every download has its timeout).
    let limit = job.program.as_ref().map(|_| crate::python::RUN_LIMIT);
    let measured = process::measure(command, Stderr::Capture, limit)?;
    let own_s = job.program.as_ref().and_then(|_| crate::python::own_seconds(&measured.stdout));
    Ok(Repeat {
        code: match measured.ended {
            Ended::Exited(code) => code,
            Ended::TimedOut(_) => None,
        },
        wall_s: measured.wall.as_secs_f64(),
        cpu_s: measured.cpu.as_secs_f64(),
        max_rss_kb: measured.max_rss_bytes / 1024,
        peak: 0,
        handshakes: 0,
        report: serde_json::from_str(measured.stdout.trim()).ok(),
        last_error: measured.last_error_line().to_owned(),
        own_s,
        requests: None,
        server_cpu_s: None,
    })
}

/// Arguments from string slices.
pub fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The figures of [`reports::Starvation`] from a report's spans, milliseconds from the
/// first span's start: the computing's span, and when each download started and ended.
fn starvation_from_spans(report: &IoReport) -> Option<reports::Starvation> {
    let items: Vec<reports::ItemSpan> =
        serde_json::from_value(report.extra.get("items")?.clone()).ok()?;
    let hog = items.iter().find(|i| i.what.as_deref().is_some_and(|w| w.starts_with("fib")))?;
    let downloads: Vec<&reports::ItemSpan> =
        items.iter().filter(|i| i.what.as_deref() == Some("download")).collect();
    let last = downloads.iter().map(|d| d.end_ms).fold(0.0, f64::max);
    Some(reports::Starvation {
        hog: if downloads.iter().all(|d| d.worker == hog.worker) {
            "in-task"
        } else {
            "spawn-blocking"
        }
        .to_owned(),
        hog_ms: (hog.end_ms - hog.start_ms).round() as u64,
        hog_on_runtime_thread: downloads.iter().all(|d| d.worker == hog.worker),
        finished_during_hog: downloads.iter().filter(|d| d.end_ms < hog.end_ms).count() as u64,
        last_download_ms: last as u64,
        hog_span_ms: [hog.start_ms, hog.end_ms],
        downloads_ms: downloads.iter().map(|d| [d.start_ms, d.end_ms]).collect(),
    })
}
