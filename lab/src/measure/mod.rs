//! The measure stage: run programs, lessons or the tutorial's scripts, each point several
//! times in turns with the others, measured from outside, and keep every repeat as a
//! `Set` (see `record`). Nothing here renders a page.
//!
//! A [`Plan`] says what to run: the benchmarks' plans are files in lab/plans, and the
//! runner (`lab io`, `lab cpu`) and `lab python` make theirs from the lessons' manifest.

pub mod platform;
pub mod process;
pub mod python;
pub mod runner;
pub mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::record::{self, Point, Repeat, Set, Span};
use process::Ended;
use server::Server;

/// A run longer than this has hung, unless told otherwise: it is killed, with every
/// process it started, and the repeat fails.
pub const RUN_LIMIT: Duration = Duration::from_secs(900);

/// What to measure, as a plan file says it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The set's name: where it is written, and how the book refers to it.
    pub name: String,
    /// What it measures, in a sentence.
    pub about: String,
    /// How many times each point runs, in turns.
    pub repeat: usize,
    /// The site server of the points that download, unless a point says otherwise.
    #[serde(default)]
    pub server: Option<record::Server>,
    /// The session this one measures again, for the margins.
    #[serde(default)]
    pub earlier: Option<String>,
    /// Whether to keep each run's lanes (the server's request log, or a CPU lesson's
    /// spans): for the timelines; a benchmark of a million requests needs none.
    #[serde(default)]
    pub spans: bool,
    /// The points.
    #[serde(rename = "point")]
    pub points: Vec<PlanPoint>,
}

/// One point of a plan; `{x}` in its id, label and arguments is replaced by each value of
/// `each`, making a point of each.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanPoint {
    /// Its id in the set.
    pub id: String,
    /// Its label in tables (default: the program and its arguments).
    #[serde(default)]
    pub label: Option<String>,
    /// A program beside the lab (a lesson, site_server's pool_demo, a lab variant), or,
    /// with `script` or `code`, a name for the Python program.
    pub program: String,
    /// Its arguments.
    #[serde(default)]
    pub args: Vec<String>,
    /// Environment variables for it.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// For a Python point: the tutorial's script, from the materials' root.
    #[serde(default)]
    pub script: Option<String>,
    /// For a Python point: a line of code to run instead (`import aiohttp`).
    #[serde(default)]
    pub code: Option<String>,
    /// For a Python point: the interpreter, by its key (`gil`, `nogil`; the first if none).
    #[serde(default)]
    pub interpreter: Option<String>,
    /// Its site server, if it differs from the plan's.
    #[serde(default)]
    pub server: Option<record::Server>,
    /// Whether it downloads (and so gets a site server): by default, if the plan has one.
    #[serde(default)]
    pub downloads: Option<bool>,
    /// Copies run at once.
    #[serde(default)]
    pub copies: Option<usize>,
    /// The values `{x}` takes, one point each.
    #[serde(default)]
    pub each: Vec<String>,
}

impl Plan {
    /// The plan in `path`.
    pub fn read(path: &Path) -> anyhow::Result<Plan> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{} is not a plan", path.display()))
    }

    /// The points with `each` expanded.
    pub fn expanded(&self) -> Vec<PlanPoint> {
        let mut out = Vec::new();
        for p in &self.points {
            if p.each.is_empty() {
                out.push(p.clone());
                continue;
            }
            for x in &p.each {
                let put = |s: &str| s.replace("{x}", x);
                out.push(PlanPoint {
                    id: put(&p.id),
                    label: p.label.as_deref().map(put),
                    args: p.args.iter().map(|a| put(a)).collect(),
                    env: p.env.iter().map(|(k, v)| (k.clone(), put(v))).collect(),
                    each: Vec::new(),
                    ..p.clone()
                });
            }
        }
        out
    }
}

/// Where the programs are, and, for the Python points, the interpreter and the scripts.
pub struct Bench {
    /// The folder of the workspace's binaries (target/release).
    pub bin_dir: PathBuf,
    /// For Python points: the tutorial's scripts, and the interpreters.
    pub python: Option<python::Python>,
    /// How long one run may take before it is killed.
    pub limit: Duration,
}

/// Runs a plan: every point `repeat` times, in turns, each against a fresh count of its
/// site server; `progress` is told of each repeat as it starts (with `None`) and ends.
pub fn run(
    bench: &Bench,
    plan: &Plan,
    command: &str,
    mut progress: impl FnMut(&Point, Option<&Repeat>),
) -> anyhow::Result<Set> {
    let started = Instant::now();
    let planned = plan.expanded();
    // Every program before the first run: a missing one is a build not made.
    let programs = planned
        .iter()
        .filter(|p| p.script.is_none() && p.code.is_none())
        .map(|p| p.program.as_str());
    let missing: Vec<&str> = programs
        .chain(plan.server.map(|_| "site_server"))
        .filter(|name| {
            !bench.bin_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX)).is_file()
        })
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} not found in {}: build the lessons first with `cargo build --release`",
            missing.join(", "),
            bench.bin_dir.display()
        );
    }
    let mut servers: Vec<Server> = Vec::new();
    let mut points: Vec<Point> = Vec::new();
    for p in &planned {
        let server = if p.downloads.unwrap_or(plan.server.is_some()) {
            p.server.or(plan.server)
        } else {
            None
        };
        points.push(Point {
            id: p.id.clone(),
            label: p
                .label
                .clone()
                .unwrap_or_else(|| format!("{} {}", p.program, p.args.join(" ")).trim().to_owned()),
            program: p.program.clone(),
            language: if p.script.is_some() || p.code.is_some() { "python" } else { "rust" }
                .to_owned(),
            interpreter: match (&p.script, &p.code, &bench.python) {
                (None, None, _) | (_, _, None) => None,
                (_, _, Some(python)) => {
                    Some(p.interpreter.clone().unwrap_or_else(|| python.first()))
                }
            },
            args: p.args.clone(),
            env: p.env.clone(),
            server,
            copies: p.copies.unwrap_or(1),
            repeats: Vec::new(),
        });
    }
    for _ in 0..plan.repeat {
        for (plan_point, point) in planned.iter().zip(points.iter_mut()) {
            let server = match point.server {
                Some(settings) => Some(match servers.iter().position(|s| s.settings == settings) {
                    Some(at) => &mut servers[at],
                    None => {
                        servers.push(Server::start(&bench.bin_dir, settings)?);
                        servers.last_mut().context("a server just started")?
                    }
                }),
                None => None,
            };
            progress(point, None);
            let repeat = once(bench, plan_point, point, server, plan.spans)?;
            progress(point, Some(&repeat));
            point.repeats.push(repeat);
        }
    }
    let mut set = Set {
        name: plan.name.clone(),
        about: plan.about.clone(),
        command: command.to_owned(),
        machine: platform::machine(),
        rustc: rustc_version(),
        ran_on: today(),
        took_s: Some(started.elapsed().as_secs()),
        earlier: plan.earlier.clone(),
        repeat: plan.repeat,
        interpreters: BTreeMap::new(),
        points,
    };
    if let Some(python) = &bench.python {
        python.describe(&mut set);
    }
    Ok(set)
}

/// Runs one point once.
fn once(
    bench: &Bench,
    plan: &PlanPoint,
    point: &Point,
    server: Option<&mut Server>,
    spans: bool,
) -> anyhow::Result<Repeat> {
    let mut server = server;
    if let Some(server) = server.as_deref_mut() {
        server.reset()?;
    }
    let base_url = server.as_ref().map(|s| s.base_url.clone());
    let command = || -> anyhow::Result<Command> {
        let mut command = match (&plan.script, &plan.code, &bench.python, &point.interpreter) {
            (None, None, _, _) => {
                let mut c = Command::new(bench.bin_dir.join(format!(
                    "{}{}",
                    point.program,
                    std::env::consts::EXE_SUFFIX
                )));
                c.args(&point.args);
                c
            }
            (script, code, Some(python), Some(key)) => python.command(
                key,
                script.as_deref(),
                code.as_deref(),
                &point.args,
                base_url.as_deref(),
            )?,
            _ => bail!(
                "{} is a Python point: name the tutorial's materials (--python-materials)",
                point.id
            ),
        };
        command.envs(&point.env);
        if let Some(url) = &base_url {
            command.env(io_support::SITES_URL_ENV, url);
        }
        Ok(command)
    };
    let copies: Vec<Command> =
        (0..point.copies).map(|_| command()).collect::<anyhow::Result<_>>()?;
    // Copies run at once, each on a thread of its own; the slowest is the repeat.
    let measured: Vec<process::Measured> = std::thread::scope(|scope| {
        let handles: Vec<_> = copies
            .into_iter()
            .map(|c| scope.spawn(move || process::measure(c, Some(bench.limit))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("a measuring thread panicked")))
            })
            .collect::<Vec<_>>()
    })
    .into_iter()
    .collect::<anyhow::Result<_>>()?;
    let slowest = measured.iter().max_by(|a, b| a.wall.cmp(&b.wall)).context("no copy ran")?;
    let mut repeat = Repeat {
        exit: match slowest.ended {
            Ended::Exited(code) => code,
            Ended::TimedOut(_) => None,
        },
        wall_s: slowest.wall.as_secs_f64(),
        cpu_s: (slowest.user + slowest.system).as_secs_f64(),
        user_s: Some(slowest.user.as_secs_f64()),
        system_s: Some(slowest.system.as_secs_f64()),
        peak_rss_kib: slowest.max_rss_bytes / 1024,
        ..Repeat::default()
    };
    if !slowest.success() {
        repeat.last_error = slowest.last_error_line().to_owned();
        if let Ended::TimedOut(limit) = slowest.ended {
            repeat.last_error = format!("timed out after {} s", limit.as_secs());
        }
    }
    read_report(&mut repeat, &slowest.stdout);
    repeat.stdout.clone_from(&slowest.stdout);
    if let Some(server) = server {
        repeat.server = Some(server.counted()?);
        if spans {
            repeat.spans = server.spans()?;
        }
    } else if let Some(items) =
        repeat.report.as_ref().and_then(|r| r.get("items")).filter(|_| spans)
    {
        repeat.spans = worker_lanes(items);
    }
    Ok(repeat)
}

/// What a program said of its own run: a lesson's `--json` report, or a tutorial
/// script's last line (`Downloaded 160 sites in 8.6 seconds`, `Computed in 1.2 seconds`).
fn read_report(repeat: &mut Repeat, stdout: &str) {
    if let Ok(report) = serde_json::from_str::<serde_json::Value>(stdout.trim()) {
        let field = |name: &str| report.get(name).and_then(serde_json::Value::as_u64);
        repeat.own_s = report.get("seconds").and_then(serde_json::Value::as_f64);
        repeat.ok = field("ok").or(field("count"));
        repeat.failed = field("failed").or(field("count").map(|_| 0));
        repeat.report = Some(report);
        return;
    }
    let last = stdout.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    let words: Vec<&str> = last.split_whitespace().collect();
    if let [.., "in", seconds, "seconds"] = words[..] {
        repeat.own_s = seconds.parse().ok();
    }
    if let ["Downloaded", count, ..] = words[..] {
        repeat.ok = count.parse().ok();
    }
}

/// A CPU lesson's items as lanes: one per thread or process, in order of first use.
fn worker_lanes(items: &serde_json::Value) -> Vec<Span> {
    let items: Vec<reports::ItemSpan> = serde_json::from_value(items.clone()).unwrap_or_default();
    let mut workers: Vec<&str> = Vec::new();
    items
        .iter()
        .map(|item| {
            let lane = workers.iter().position(|w| *w == item.worker).unwrap_or_else(|| {
                workers.push(&item.worker);
                workers.len() - 1
            });
            Span {
                lane: lane as u64,
                start_ms: item.start_ms,
                end_ms: item.end_ms,
                what: item.what.clone(),
            }
        })
        .collect()
}

/// The rustc that builds the workspace, as it says it.
fn rustc_version() -> String {
    Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Today, `YYYY-MM-DD` in UTC, from the system clock (days since 1970, by the civil
/// calendar's rules).
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_point_is_made_once_for_each_value_of_x() {
        let plan: Plan = toml::from_str(concat!(
            "name = 't'\nabout = 'a test'\nrepeat = 1\n[[point]]\n",
            "id = 'io_asyncio-{x}'\nprogram = 'io_asyncio'\n",
            "args = ['--count', '{x}']\neach = ['160', '1000']\n",
        ))
        .unwrap();
        let points = plan.expanded();
        assert_eq!(points.len(), 2);
        assert_eq!(
            (points[1].id.as_str(), points[1].args[1].as_str()),
            ("io_asyncio-1000", "1000")
        );
    }

    #[test]
    fn a_scripts_last_line_gives_its_own_time_and_count() {
        let mut repeat = Repeat::default();
        read_report(&mut repeat, "Read 10 bytes\nDownloaded 160 sites in 8.6 seconds\n");
        assert_eq!((repeat.own_s, repeat.ok), (Some(8.6), Some(160)));
        let mut repeat = Repeat::default();
        read_report(&mut repeat, r#"{"example":"io_threading","ok":4,"failed":1,"seconds":0.5}"#);
        assert_eq!((repeat.ok, repeat.failed, repeat.own_s), (Some(4), Some(1), Some(0.5)));
    }

    #[test]
    fn today_is_a_date() {
        let day = today();
        assert_eq!(day.len(), 10);
        assert!(day.starts_with("20"), "{day}");
    }
}
