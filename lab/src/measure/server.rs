//! The site server a measurement downloads from: the workspace's `site_server`, run as a
//! process of its own beside the program measured, and asked over HTTP what it saw. Its
//! own CPU time is read from outside, as the program's is.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};

use super::platform;
use crate::record::{Counted, Span};

/// A site_server process; it is stopped when this drops.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Its latency and connection cost, as the sets record them.
    pub settings: crate::record::Server,
    /// Its CPU time when the counters were last reset.
    cpu_at_reset: Option<Duration>,
}

impl Server {
    /// Starts `site_server` from `bin_dir` on a free port.
    pub fn start(bin_dir: &Path, settings: crate::record::Server) -> anyhow::Result<Server> {
        let program = bin_dir.join(format!("site_server{}", std::env::consts::EXE_SUFFIX));
        let mut child = Command::new(&program)
            .args(["--port", "0", "--latency-ms", &settings.latency_ms.to_string()])
            .args(["--connection-cost-ms", &settings.connection_cost_ms.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!("cannot start {} (build it: cargo build --release)", program.display())
            })?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first)?;
        let Some(base_url) = first.trim().strip_prefix("Serving sites on ") else {
            let _ = child.kill();
            bail!("site_server said {first:?}, not where it serves");
        };
        Ok(Server { base_url: base_url.to_owned(), child, settings, cpu_at_reset: None })
    }

    /// Zeroes its counters and its request log, before a run.
    pub fn reset(&mut self) -> anyhow::Result<()> {
        ureq::post(format!("{}/stats/reset", self.base_url))
            .send_empty()
            .context("the site server's reset")?;
        self.cpu_at_reset = platform::cpu_time_of(self.child.id());
        platform::reset_peak_rss(self.child.id());
        Ok(())
    }

    /// What it counted since the last reset.
    pub fn counted(&self) -> anyhow::Result<Counted> {
        let text = ureq::get(format!("{}/stats", self.base_url))
            .call()
            .context("the site server's counters")?
            .body_mut()
            .read_to_string()?;
        let stats: site_server::Snapshot = serde_json::from_str(&text)?;
        let cpu = platform::cpu_time_of(self.child.id()).zip(self.cpu_at_reset);
        Ok(Counted {
            peak_in_flight: stats.peak_in_flight,
            requests: stats.requests,
            connections: Some(stats.connections),
            handshakes: stats.handshakes,
            cpu_s: cpu.map(|(now, then)| now.saturating_sub(then).as_secs_f64()),
            peak_rss_kib: platform::peak_rss_kib(self.child.id()),
            records_dropped: Some(stats.records_dropped),
        })
    }

    /// Its request log since the last reset, as lanes: one per connection, numbered in
    /// the order the connections first appear.
    pub fn spans(&self) -> anyhow::Result<Vec<Span>> {
        let text = ureq::get(format!("{}/stats/requests", self.base_url))
            .call()
            .context("the site server's request log")?
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()?;
        let records: Vec<site_server::Record> = serde_json::from_str(&text)?;
        let mut connections: Vec<u64> = Vec::new();
        Ok(records
            .iter()
            .map(|r| {
                let lane =
                    connections.iter().position(|c| *c == r.connection).unwrap_or_else(|| {
                        connections.push(r.connection);
                        connections.len() - 1
                    });
                Span {
                    lane: lane as u64,
                    start_ms: r.start_ms,
                    end_ms: r.end_ms.unwrap_or(r.start_ms),
                    what: None,
                }
            })
            .collect())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
