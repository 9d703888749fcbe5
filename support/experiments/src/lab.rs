//! The bench: a site_server process, the examples' binaries, and repeated runs.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};
use indicatif::ProgressBar;
use serde_json::Value;

use crate::measure::{self, Run};

/// A measured point: the median run of several, and what the server saw.
#[derive(Debug, Clone)]
pub struct Point {
    /// The run with the median wall time.
    pub run: Run,
    /// The server's peak_in_flight during that run (0 without a server).
    pub peak: u64,
}

impl Point {
    /// Wall time in seconds.
    pub fn seconds(&self) -> f64 {
        self.run.wall.as_secs_f64()
    }

    /// Peak RSS in MiB.
    pub fn rss_mb(&self) -> f64 {
        self.run.max_rss_kb as f64 / 1024.0
    }

    /// Whether the example exited 0.
    pub fn ok(&self) -> bool {
        self.run.code == Some(0)
    }

    /// A field of the example's `--json` report.
    pub fn field(&self, key: &str) -> &Value {
        &self.run.report[key]
    }

    /// "1.234 s (CPU 0.05 s)", or why the run failed.
    pub fn describe(&self) -> String {
        if self.ok() {
            format!(
                "{:.3} s (CPU {:.2} s)",
                self.seconds(),
                self.run.cpu.as_secs_f64()
            )
        } else {
            let failed = self
                .field("failed")
                .as_u64()
                .map(|n| format!("{n} sites failed; "))
                .unwrap_or_default();
            format!(
                "failed ({failed}exit {:?}: {})",
                self.run.code, self.run.last_error
            )
        }
    }
}

/// The examples' binaries, a site server, and how many times to run each point.
pub struct Lab {
    bin: PathBuf,
    server: Child,
    /// The site server's base URL.
    pub sites_url: String,
    /// The site server's latency.
    pub latency_ms: u64,
    repeat: usize,
    /// Advanced once per run.
    pub progress: ProgressBar,
}

impl Lab {
    /// Starts a site server next to the examples (they are all in the same target
    /// directory as this binary).
    pub fn start(latency_ms: u64, repeat: usize, progress: ProgressBar) -> anyhow::Result<Lab> {
        let bin = std::env::current_exe()?
            .parent()
            .context("the experiments binary has no directory")?
            .to_path_buf();
        let mut server = Command::new(bin.join("site_server"))
            .args(["--port", "0", "--latency-ms", &latency_ms.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start site_server; build the workspace with --release first")?;
        let mut first = String::new();
        BufReader::new(server.stdout.take().context("no stdout")?).read_line(&mut first)?;
        let Some(sites_url) = first
            .trim()
            .strip_prefix("Serving sites on ")
            .map(str::to_owned)
        else {
            bail!("site_server did not start: {first:?}");
        };
        Ok(Lab {
            bin,
            server,
            sites_url,
            latency_ms,
            repeat,
            progress,
        })
    }

    /// The path of an example's binary.
    pub fn exe(&self, name: &str) -> String {
        self.bin.join(name).display().to_string()
    }

    /// Runs an example `repeat` times against the site server and keeps the median.
    pub fn point(
        &self,
        example: &str,
        args: &[String],
        env: &[(&str, String)],
    ) -> anyhow::Result<Point> {
        let mut env = env.to_vec();
        env.push(("SITES_URL", self.sites_url.clone()));
        let mut points = Vec::with_capacity(self.repeat);
        for _ in 0..self.repeat {
            self.progress
                .set_message(format!("{example} {}", args.join(" ")));
            self.server_post("/stats/reset")?;
            let run = measure::run(&self.exe(example), args, &env)?;
            let peak = self.server_get("/stats")?["peak_in_flight"]
                .as_u64()
                .unwrap_or(0);
            points.push(Point { run, peak });
            self.progress.inc(1);
        }
        points.sort_by_key(|p| p.run.wall);
        Ok(points.swap_remove(points.len() / 2))
    }

    /// The site server's record of the last run: one lane per connection, numbered as
    /// the terminal timeline numbers them, its requests as `(start, end)` in
    /// milliseconds on the server's clock.
    pub fn last_run_lanes(&self) -> anyhow::Result<Vec<crate::chart::Lane>> {
        let records = self.server_get("/stats/requests")?;
        let spans: Vec<timeline::Span> = records
            .as_array()
            .into_iter()
            .flatten()
            .map(|record| {
                let start_ms = record["start_ms"].as_f64().unwrap_or(0.0);
                timeline::Span {
                    lane: record["connection"].as_u64().unwrap_or(0),
                    start_ms,
                    end_ms: record["end_ms"].as_f64().unwrap_or(start_ms),
                }
            })
            .collect();
        Ok(timeline::lanes(&spans)
            .into_iter()
            .enumerate()
            .map(|(i, (_, spans))| {
                let spans = spans.iter().map(|s| (s.start_ms, s.end_ms)).collect();
                (format!("connection {}", i + 1), spans)
            })
            .collect())
    }

    fn server_get(&self, path: &str) -> anyhow::Result<Value> {
        let body = ureq::get(format!("{}{path}", self.sites_url))
            .call()?
            .body_mut()
            .read_to_string()?;
        Ok(serde_json::from_str(&body)?)
    }

    fn server_post(&self, path: &str) -> anyhow::Result<()> {
        ureq::post(format!("{}{path}", self.sites_url)).send_empty()?;
        Ok(())
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// Arguments from string slices.
pub fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}
