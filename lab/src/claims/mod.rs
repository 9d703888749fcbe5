//! The tutorial's claims, each as an experiment: what to run, the table, the chart, and
//! a verdict computed from the numbers.

use std::cmp::Ordering;
use std::path::Path;

use anyhow::Context;
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

mod bench;
mod blocking_client;
mod bounded;
mod cpu_scaling;
mod processes_io;
pub mod run;
mod starved;
mod tasks;
mod threads;
mod tutorial;
pub mod twice;

use crate::chart::{self, Axes, Marker, Series, colour};
use crate::pages::Pages;
use crate::python::{Committed, Language};
use bench::{Connections, Job, Lab, Point, Recorded, Repeat, args};

/// The sizes of one whole run: the full one, or `--quick`.
pub struct Plan {
    /// Site counts for the scaling experiments (160 to 10,000).
    pub sizes: Vec<usize>,
    /// Site count for the single-size experiments (the tutorial's 160).
    pub sites: usize,
    /// Process counts for processes-io.
    pub processes: Vec<usize>,
    /// Worker counts for cpu-scaling.
    pub workers: Vec<usize>,
    /// Results per CPU run (the tutorial's 20).
    pub cpu_count: usize,
    /// Site counts for the bounded experiment: from the tutorial's 160 (where its
    /// io_asyncio.py is compared with the same limit in Rust) up to far beyond the open
    /// files a process gets (this machine's hard limit is 20,000).
    pub bounded_sizes: Vec<usize>,
    /// io_asyncio_bounded's limits: aiohttp's default, and ten times it.
    pub limits: Vec<usize>,
}

impl Plan {
    /// The sizes claim 1 runs again with a handshake per new connection: all but the
    /// largest when there are several, since five threads at 10,000 sites take 100 s
    /// and open five connections, so five handshakes cannot change that figure.
    pub fn handshake_sizes(&self) -> &[usize] {
        match self.sizes.len() {
            0 | 1 => &self.sizes,
            n => &self.sizes[..n - 1],
        }
    }

    /// The full plan, or a smoke run of every experiment in seconds.
    pub fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                sizes: vec![20, 60],
                sites: 20,
                processes: vec![1, 2],
                workers: vec![1, 2],
                cpu_count: 2,
                bounded_sizes: vec![20, 60],
                limits: vec![5],
            }
        } else {
            Plan {
                sizes: vec![160, 1_000, 10_000],
                sites: 160,
                processes: vec![1, 2, 4, 8, 16, 32],
                workers: vec![1, 2, 4, 8],
                cpu_count: 20,
                bounded_sizes: vec![160, 1_000, 10_000, 100_000],
                limits: vec![100, 1_000],
            }
        }
    }
}

/// One experiment's part of the claims page, as docs/results.json keeps it: what it is, how
/// it was measured, its charts, and every run; its tables and verdict are rendered from
/// the runs by its template.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    /// Its heading.
    pub title: String,
    /// The tutorial's words.
    pub claim: String,
    /// How it was measured, and on what machine; set by whoever ran it.
    pub meta: Meta,
    /// SVG files written, relative to docs/.
    pub charts: Vec<String>,
    /// Every point the experiment ran, with every repeat: the raw numbers.
    pub runs: Vec<Recorded>,
    /// The same experiment as the session before this one ran it, kept when it ran
    /// again, for the between-session check of templates/rules.md.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Previous>>,
    /// How far apart two measurements of one of its points came (see [`twice`]): a
    /// comparison's medians must differ by more than this too. Set before rendering.
    #[serde(skip)]
    pub margin: f64,
}

/// An experiment's runs from the session before.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Previous {
    /// How it was measured then.
    pub meta: Meta,
    /// Every point it ran then.
    pub runs: Vec<Recorded>,
}

/// How a section was measured, and on what machine.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meta {
    /// How many times each point ran.
    pub repeat: usize,
    /// The site servers' latency, in milliseconds.
    pub latency_ms: u64,
    /// The sites of the single-size points.
    pub sites: usize,
    /// CPU, cores, memory and OS, as `platform::machine` says them.
    pub machine: String,
    /// How long the experiment took, in whole seconds.
    pub took_s: u64,
    /// The day it ran, `YYYY-MM-DD` in UTC (null in runs made before it was kept).
    #[serde(default)]
    pub ran_on: Option<String>,
    /// The Python interpreter of the tutorial's scripts the section ran, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<String>,
}

impl Section {
    /// The point of the run of `example` with `args` (flag and value pairs) against the
    /// server whose new connections are free.
    fn point(&self, example: &str, args: &[&str]) -> anyhow::Result<Point> {
        self.point_on(0, example, args)
    }

    /// The same against the server whose new connections cost `connection_cost_ms`.
    fn point_on(
        &self,
        connection_cost_ms: u64,
        example: &str,
        args: &[&str],
    ) -> anyhow::Result<Point> {
        self.runs
            .iter()
            .find(|r| r.is(example, args, connection_cost_ms))
            .with_context(|| {
                format!(
                    "no run of {example} {} (connections cost {connection_cost_ms} ms)",
                    args.join(" ")
                )
            })?
            .point()
            .map(|point| point.with_margin(self.margin))
    }

    /// A section whose table and verdict its template renders from its runs.
    fn from_runs(title: &str, claim: &str, charts: Vec<String>) -> Section {
        Section {
            title: title.into(),
            claim: claim.into(),
            meta: Meta::default(),
            charts,
            runs: Vec::new(),
            previous: None,
            margin: 0.0,
        }
    }
}

/// A measured point as the templates read it (templates/macros.md `bracketed` and
/// `described`): its median, the spread of its repeats, and what else was counted.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Whether the median run exited 0.
    pub ok: bool,
    /// The median wall time, seconds.
    pub seconds: f64,
    /// The fastest repeat's wall time, seconds.
    pub lo: f64,
    /// The slowest repeat's, seconds.
    pub hi: f64,
    /// How many repeats.
    pub repeats: usize,
    /// The median run's CPU time, seconds.
    pub cpu: f64,
    /// The median run's peak RSS, MiB.
    pub rss_mb: f64,
    /// The server's peak in flight in the median run.
    pub peak: u64,
    /// Sites that failed in the median run, if it printed a report.
    pub failed: Option<usize>,
    /// How the median run ended: `exit 1`, or `killed by a signal`.
    pub ended: String,
    /// The last line it wrote to stderr.
    pub last_error: String,
    /// The CPU time the site server's own process used in the median run, seconds, if
    /// recorded.
    pub server_cpu: Option<f64>,
}

impl Point {
    /// The point as the templates read it.
    fn summary(&self) -> Summary {
        let (lo, hi) = self.spread();
        Summary {
            ok: self.ok(),
            seconds: self.seconds(),
            lo,
            hi,
            repeats: self.repeats.len(),
            cpu: self.cpu(),
            rss_mb: self.rss_mb(),
            peak: self.peak(),
            failed: self.median.io().map(|r| r.failed),
            ended: self
                .median
                .code
                .map_or("killed by a signal".to_owned(), |c| format!("exit {c}")),
            last_error: self.median.last_error.clone(),
            server_cpu: self.median.server_cpu_s,
        }
    }
}

/// The smallest and the largest of some figures (each repeat's own): what a table
/// shows as `117–118`, or `119` when they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MinMax {
    /// The smallest.
    pub lo: u64,
    /// The largest.
    pub hi: u64,
}

impl MinMax {
    /// The range of `values`; `None` if there are none.
    pub fn of(values: impl IntoIterator<Item = u64>) -> Option<MinMax> {
        values.into_iter().fold(None, |range, v| {
            Some(match range {
                None => MinMax { lo: v, hi: v },
                Some(MinMax { lo, hi }) => MinMax { lo: lo.min(v), hi: hi.max(v) },
            })
        })
    }
}

/// A section as a reader reads it: its Markdown (table, charts, verdict) and its
/// verdict alone, for the summary and the terminal.
pub struct Rendered {
    /// Everything below the section's settings line.
    pub text: String,
    /// The verdict line, without the `**Verdict.**` mark.
    pub verdict: String,
    /// The figures the section was rendered from, for the pages that quote them.
    pub figures: serde_json::Value,
}

/// A paragraph's words on one line, for the terminal: a template breaks its lines where
/// its source does.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders a claim's section through `claims/NAME.md` and its verdict through
/// `claims/NAME-verdict.md`, both given the section and its figures.
fn render_claim(
    name: &str,
    section: &Section,
    figures: &impl Serialize,
    pages: &Pages,
) -> anyhow::Result<Rendered> {
    let context = serde_json::json!({
        "section": section,
        "figures": figures,
        "figures_dir": crate::layout::FIGURES_FROM_PAGE,
        // Not in `section`'s JSON (results.json keeps the runs, not what they gave).
        "margin": section.margin,
    });
    Ok(Rendered {
        text: pages.render(&format!("claims/{name}.md"), &context)?,
        verdict: one_line(&pages.render(&format!("claims/{name}-verdict.md"), &context)?),
        figures: serde_json::to_value(figures)?,
    })
}

/// How one comparison a claim makes came out, by the rules in templates/rules.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The difference the claim states, beyond both points' brackets.
    AsClaimed,
    /// The brackets overlap.
    Tie,
    /// The other way, beyond the brackets.
    Against,
}

/// What a claim's comparisons add up to, by the rules in templates/rules.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// Every comparison went as claimed.
    #[serde(rename = "Holds")]
    Holds,
    /// Some did; the others were ties or went against.
    #[serde(rename = "Holds in part")]
    HoldsInPart,
    /// None did.
    #[serde(rename = "Does not hold")]
    DoesNotHold,
}

/// The verdict for a claim's comparisons.
fn judged(outcomes: &[Outcome]) -> Verdict {
    if !outcomes.is_empty() && outcomes.iter().all(|o| *o == Outcome::AsClaimed) {
        Verdict::Holds
    } else if outcomes.contains(&Outcome::AsClaimed) {
        Verdict::HoldsInPart
    } else {
        Verdict::DoesNotHold
    }
}

/// Which of two points was faster, beyond the brackets, for a template to word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Against {
    /// Faster, beyond the brackets.
    Faster,
    /// Within the brackets.
    Tie,
    /// Slower, beyond the brackets.
    Slower,
}

impl From<Ordering> for Against {
    fn from(ordering: Ordering) -> Against {
        match ordering {
            Ordering::Less => Against::Faster,
            Ordering::Equal => Against::Tie,
            Ordering::Greater => Against::Slower,
        }
    }
}

/// Whether `a` was faster than `b` (`Less`), slower (`Greater`), or a tie (`Equal`):
/// their repeats overlap.
fn faster(a: &Point, b: &Point) -> Ordering {
    if a.ties(b) { Ordering::Equal } else { a.seconds().total_cmp(&b.seconds()) }
}

/// The outcome of a claim that `slow` is slower than `fast`.
fn slower_as_claimed(slow: &Point, fast: &Point) -> Outcome {
    match faster(slow, fast) {
        Ordering::Greater => Outcome::AsClaimed,
        Ordering::Equal => Outcome::Tie,
        Ordering::Less => Outcome::Against,
    }
}

/// The outcome of a claim that `more` is no faster than `fewer` (a tie goes as claimed).
fn no_faster_as_claimed(more: &Point, fewer: &Point) -> Outcome {
    match faster(more, fewer) {
        Ordering::Less => Outcome::Against,
        _ => Outcome::AsClaimed,
    }
}

/// A claim checked twice, with free connections and with a handshake per new
/// connection, as templates/macros.md `two_cases` words it.
#[derive(Debug, Serialize)]
pub struct TwoCases {
    /// The verdict over both cases' comparisons.
    pub verdict: Verdict,
    /// The verdict with free connections.
    pub free: Verdict,
    /// The verdict with the handshake.
    pub handshake: Verdict,
    /// What a new connection cost in the second case, in milliseconds.
    pub handshake_ms: u64,
}

impl TwoCases {
    /// The verdicts of the comparisons with free connections and with the handshake.
    fn judge(free: &[Outcome], handshake: &[Outcome], handshake_ms: u64) -> TwoCases {
        let all: Vec<Outcome> = free.iter().chain(handshake).copied().collect();
        TwoCases {
            verdict: judged(&all),
            free: judged(free),
            handshake: judged(handshake),
            handshake_ms,
        }
    }
}

/// What a new connection cost on the second server of a section's runs (0 if none ran
/// there).
fn handshake_ms(section: &Section) -> u64 {
    section.runs.iter().map(|r| r.connection_cost_ms).max().unwrap_or(0)
}

/// One server's rows of a claim that runs on both.
#[derive(Debug, Serialize)]
pub struct Case<R> {
    /// What a new connection cost, in milliseconds (0: free).
    pub connection_cost_ms: u64,
    /// One row per size, smallest first.
    pub rows: Vec<R>,
}

/// The site counts `example` ran at against the server whose connections cost `cost`,
/// in the order they ran.
fn sizes(section: &Section, example: &str, cost: u64) -> Vec<usize> {
    let mut sizes: Vec<usize> = section
        .runs
        .iter()
        .filter(|r| r.is(example, &[], cost))
        .filter_map(|r| arg_value(r, "--count"))
        .collect();
    sizes.dedup();
    sizes
}

/// The value of `flag` in a recorded run's arguments, as a number.
fn arg_value(recorded: &Recorded, flag: &str) -> Option<usize> {
    let at = recorded.args.iter().position(|a| a == flag)?;
    recorded.args.get(at + 1)?.parse().ok()
}

/// The line of a series through the medians, its repeats as dots.
fn series(name: &str, colour: RGBColor, marker: Marker, dashed: bool) -> Series {
    Series { name: name.into(), colour, dashed, marker, points: vec![], repeats: vec![] }
}

impl Series {
    /// Adds a measured point at `x`: its median and each repeat's wall time.
    fn add(&mut self, x: f64, point: &Point) {
        self.points.push((x, point.seconds()));
        self.repeats.extend(point.repeats.iter().map(|r| (x, r.wall_s)));
    }
}

/// An experiment: its name on the command line, how many runs it makes, and how.
pub struct Experiment {
    /// The name to ask for it by.
    pub name: &'static str,
    /// How many points (each run `--repeat` times) it measures under a plan.
    pub points: fn(&Plan) -> usize,
    /// Runs it and writes its charts into the folder given.
    pub run: fn(&Lab, &Plan, &Path) -> anyhow::Result<Section>,
    /// Renders its section, from the saved prose or from the runs through its template
    /// (with docs/, for the Python runs a section quotes).
    pub render: fn(&Section, &Pages, &Path) -> anyhow::Result<Rendered>,
}

/// Every experiment, in the order of the tutorial's claims.
pub const ALL: [Experiment; 7] = [
    Experiment {
        name: "threads",
        points: |p| (p.sizes.len() + p.handshake_sizes().len()) * 3,
        run: threads::run,
        render: threads::render,
    },
    Experiment {
        name: "tasks",
        points: |p| p.sizes.len() * 4 * 2,
        run: tasks::run,
        render: tasks::render,
    },
    Experiment {
        name: "blocking-client",
        points: |_| 3,
        run: blocking_client::run,
        render: blocking_client::render,
    },
    Experiment { name: "starved", points: |_| 2, run: starved::run, render: starved::render },
    Experiment {
        name: "processes-io",
        points: |p| 2 * p.processes.len() + 3,
        run: processes_io::run,
        render: processes_io::render,
    },
    Experiment {
        name: "cpu-scaling",
        points: |p| 2 + 3 * p.workers.len(),
        run: cpu_scaling::run,
        render: cpu_scaling::render,
    },
    Experiment {
        name: "bounded",
        points: |p| p.bounded_sizes.len() * (1 + p.limits.len()),
        run: bounded::run,
        render: bounded::render,
    },
];

fn count_args(sites: usize, extra: &[&str]) -> Vec<String> {
    let mut list = args(&["--quiet", "--json", "--count", &sites.to_string()]);
    list.extend(extra.iter().map(|s| s.to_string()));
    list
}

/// What the tutorial's own io_processes.py and its twin took in the runs committed in
/// docs/python-vs-rust, for claim 5's verdict.
#[derive(Debug, Serialize)]
pub struct TutorialSetting {
    /// Where those runs are, from docs/.
    pub file: String,
    /// Whether the file is there.
    pub present: bool,
    /// The medians, if the file holds successful runs of the pair.
    pub measured: Option<PairMedians>,
}

/// The medians of io_processes.py and io_multiprocessing in the Python-beside-Rust runs.
#[derive(Debug, Serialize)]
pub struct PairMedians {
    /// The cores of the machine they ran on (one process per CPU is the tutorial's
    /// setting).
    pub cores: u64,
    /// The interpreter, e.g. `CPython`.
    pub implementation: String,
    /// Its version.
    pub version: String,
    /// io_processes.py's wall and CPU seconds.
    pub python: (f64, f64),
    /// io_multiprocessing's wall and CPU seconds.
    pub rust: (f64, f64),
}

/// Reads [`TutorialSetting`] from docs/python-vs-rust/python-vs-rust.json.
fn tutorial_setting(docs: &Path) -> anyhow::Result<TutorialSetting> {
    let file = "python-vs-rust/python-vs-rust.json";
    let Ok(text) = std::fs::read_to_string(docs.join(file)) else {
        return Ok(TutorialSetting { file: file.to_owned(), present: false, measured: None });
    };
    let committed: Committed = serde_json::from_str(&text)
        .with_context(|| format!("{file} is not what `lab python` writes"))?;
    let medians = |language| committed.medians("io_processes.py", language);
    let first = committed.interpreters().into_iter().next();
    let measured = match (medians(Language::Python), medians(Language::Rust), first) {
        (Some(python), Some(rust), Some(first)) => Some(PairMedians {
            cores: committed.cores,
            implementation: first.implementation,
            version: first.version,
            python,
            rust,
        }),
        _ => None,
    };
    Ok(TutorialSetting { file: file.to_owned(), present: true, measured })
}

/// The colour, lighter for a smaller `shade` (0 to 1): variants of one model.
fn shaded(colour: RGBColor, shade: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * shade) as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

#[cfg(test)]
mod tests {
    use super::bench::Repeat;
    use super::cpu_scaling::{Why, calibrate, judge_cpu_scaling, speedup};
    use super::*;

    /// A successful repeat that took `wall_s` and used `cpu_s` of CPU.
    pub(super) fn repeat(wall_s: f64, cpu_s: f64) -> Repeat {
        Repeat {
            code: Some(0),
            wall_s,
            cpu_s,
            max_rss_kb: 1024,
            peak: 1,
            handshakes: 0,
            report: None,
            last_error: String::new(),
            own_s: None,
            requests: None,
            server_cpu_s: None,
        }
    }

    /// A point whose repeats took these wall times (as much CPU as wall); the median
    /// is the middle one.
    fn point(walls: &[f64]) -> Point {
        let mut sorted = walls.to_vec();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        Point {
            median: repeat(median, median),
            repeats: walls.iter().map(|&wall_s| repeat(wall_s, wall_s)).collect(),
            margin: 0.0,
        }
    }

    #[test]
    fn overlapping_brackets_are_a_tie_and_apart_they_are_not() {
        let (slow, fast) = (point(&[2.0, 2.1, 2.2]), point(&[1.0, 1.1, 1.2]));
        assert_eq!(slower_as_claimed(&slow, &fast), Outcome::AsClaimed);
        assert_eq!(slower_as_claimed(&fast, &slow), Outcome::Against);
        // A median 10% apart, but one slow repeat reaches the other's bracket.
        let noisy = point(&[1.1, 1.15, 2.05]);
        assert_eq!(slower_as_claimed(&slow, &noisy), Outcome::Tie);
        assert_eq!(no_faster_as_claimed(&noisy, &slow), Outcome::AsClaimed);
        assert_eq!(no_faster_as_claimed(&fast, &slow), Outcome::Against);
    }

    #[test]
    fn a_verdict_holds_only_when_every_comparison_went_as_claimed() {
        use Outcome::*;
        assert_eq!(judged(&[AsClaimed, AsClaimed]), Verdict::Holds);
        assert_eq!(judged(&[AsClaimed, Tie]), Verdict::HoldsInPart);
        assert_eq!(judged(&[Outcome::Against, AsClaimed]), Verdict::HoldsInPart);
        assert_eq!(judged(&[Tie, Outcome::Against]), Verdict::DoesNotHold);
        assert_eq!(judged(&[]), Verdict::DoesNotHold);
    }

    #[test]
    fn a_speed_up_carries_the_bracket_of_both_points() {
        let s = speedup(&point(&[1.0, 1.2, 1.1]), &point(&[0.5, 0.6, 0.55]));
        assert!((s.x - 2.0).abs() < 1e-9, "{s:?}");
        assert!((s.lo - 1.0 / 0.6).abs() < 1e-9, "{s:?}");
        assert!((s.hi - 1.2 / 0.5).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn the_calibration_says_when_the_machine_gives_more_than_its_cores() {
        let alone = point(&[1.7, 1.72, 1.75]);
        let faster = calibrate(&alone, &point(&[1.38, 1.4, 1.42]), 2);
        assert_eq!(faster.machine, Against::Faster);
        assert!(faster.capacity.x > 2.4, "{faster:?}");
        let tie = calibrate(&alone, &point(&[1.71, 1.73, 1.76]), 2);
        assert_eq!(tie.machine, Against::Tie);
        assert!((tie.capacity.x - 2.0).abs() < 0.05, "{tie:?}");
        assert_eq!(calibrate(&alone, &point(&[2.5, 2.6, 2.7]), 2).machine, Against::Slower);
    }

    #[test]
    fn more_workers_than_cores_that_win_are_put_down_to_the_machine() {
        let base = point(&[1.2, 1.21, 1.22]);
        let one = point(&[1.2, 1.21, 1.22]);
        let per_core = point(&[0.6, 0.61, 0.62]);
        let flat = point(&[0.6, 0.605, 0.63]);
        let quicker = point(&[0.5, 0.51, 0.52]);
        let runs = |many: &Point| {
            vec![
                (1, [one.clone(), one.clone(), one.clone()]),
                (2, [per_core.clone(), per_core.clone(), per_core.clone()]),
                (8, [many.clone(), many.clone(), many.clone()]),
            ]
        };
        // A machine that gives its cores and no more, and one that gives more.
        let even = calibrate(&base, &point(&[1.2, 1.21, 1.22]), 2);
        let generous = calibrate(&base, &point(&[0.95, 0.96, 0.97]), 2);
        assert_eq!((even.machine, generous.machine), (Against::Tie, Against::Faster));
        let judged = judge_cpu_scaling(&base, &runs(&flat), 2, &even);
        assert_eq!(judged.verdict, Some(Verdict::Holds));
        assert!(judged.threads_as_good && judged.beaten.is_empty(), "{judged:?}");
        let judged = judge_cpu_scaling(&base, &runs(&quicker), 2, &generous);
        assert_eq!(judged.verdict, Some(Verdict::HoldsInPart));
        assert_eq!(judged.beaten.len(), 3);
        assert!(judged.beaten.iter().all(|b| b.why == Why::Calibration), "{judged:?}");
        // No calibration to blame, and the same CPU time: said to be unexplained.
        let judged = judge_cpu_scaling(&base, &runs(&quicker), 2, &even);
        assert!(judged.beaten.iter().all(|b| b.why == Why::Neither), "{judged:?}");
    }

    #[test]
    fn a_recorded_point_is_the_median_repeat_as_the_bench_picks_it() {
        let recorded = Recorded {
            example: "io_threading".into(),
            args: args(&["--count", "160", "--workers", "5"]),
            env: Vec::new(),
            copies_at_once: 1,
            connection_cost_ms: 0,
            repeats: vec![repeat(3.0, 1.5), repeat(1.0, 0.5), repeat(2.0, 1.0)],
        };
        let point = recorded.point().unwrap();
        assert_eq!((point.seconds(), point.cpu(), point.spread()), (2.0, 1.0, (1.0, 3.0)));
        assert!(recorded.is("io_threading", &["--workers", "5"], 0));
        assert!(!recorded.is("io_threading", &["--workers", "50"], 0));
        assert!(!recorded.is("io_threading", &["--workers", "5"], 100));
    }
}
