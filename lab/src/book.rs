//! The book's figures beside its prose: each example page's figures beside its Python
//! twin's, and the Deciding page, rendered by `lab redraw` from the committed runs through
//! the templates in lab/templates/book. A page `{{#include}}`s its fragment, so that no
//! figure in the book is typed by hand.
//!
//! The fragments go to book/src/figures/pairs/EXAMPLE.md; the Deciding page, whose every
//! rule quotes a figure, is rendered whole into book/src/deciding.md.

use std::collections::BTreeMap;

use anyhow::Context;
use serde::Serialize;

use crate::layout::Layout;
use crate::materials::Half;
use crate::pages::Pages;
use crate::python::{Committed, Language, Run};

/// The committed runs' file, as the pages name it.
const PYTHON_RUNS_NAME: &str = "docs/python-vs-rust/python-vs-rust.json";

/// The profile of io_asyncio and its timings, as docs/runs/profile-io_asyncio.sh wrote
/// them, from the repository's root.
const PROFILE: &str = "docs/runs/profile-io_asyncio.txt";

/// The line above the timings in [`PROFILE`].
const PROFILE_TIMINGS: &str = "# program sites round ok own_seconds wall user system";

/// The tutorial's two ways onto more cores, compared with the GIL on and off.
const THREADS: &str = "cpu_threads.py";
/// See [`THREADS`].
const PROCESSES: &str = "cpu_processes.py";

/// The non-concurrent version of each half: what the others' speed-ups are over.
const BASELINES: [(Half, &str, &str); 2] = [
    (Half::Io, "io_non_concurrent.py", "io_non_concurrent"),
    (Half::Cpu, "cpu_non_concurrent.py", "cpu_non_concurrent"),
];

/// A figure over the successful repeats: the median, the fastest and the slowest.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Spread {
    /// The median.
    pub median: f64,
    /// The smallest repeat.
    pub lo: f64,
    /// The largest.
    pub hi: f64,
}

impl Spread {
    /// The spread of `values`; `None` if there are none.
    pub(crate) fn of(values: &[f64]) -> Option<Spread> {
        reports::median_range(values).map(|(median, lo, hi)| Spread { median, lo, hi })
    }
}

/// How many times `slow` took as long as `fast`, with its bracket: the fastest of `slow`
/// over the slowest of `fast` at least, the slowest over the fastest at most. The runs
/// overlap exactly when the bracket holds 1: a tie.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Ratio {
    /// The medians' ratio.
    pub x: f64,
    /// The least it can be.
    pub lo: f64,
    /// The most.
    pub hi: f64,
    /// Whether the two programs' runs overlap.
    pub tie: bool,
    /// The margin it was held to (see [`Ratio::held`]); 0 when none.
    pub margin: f64,
    /// Whether, the runs apart, the medians still differ by no more than `margin`: a
    /// tie too, by the rules of templates/rules.md.
    pub within_margin: bool,
}

impl Ratio {
    pub(crate) fn of(slow: &Spread, fast: &Spread) -> Ratio {
        let (lo, hi) = (slow.lo / fast.hi, slow.hi / fast.lo);
        Ratio {
            x: slow.median / fast.median,
            lo,
            hi,
            tie: lo <= 1.0 && 1.0 <= hi,
            margin: 0.0,
            within_margin: false,
        }
    }

    /// The same ratio held to a claim's `margin`, as [`within_margin`] decides.
    pub(crate) fn held(self, margin: f64) -> Ratio {
        Ratio { margin, within_margin: !self.tie && within_margin(self.x, 1.0, margin), ..self }
    }
}

/// Whether two medians differ by no more than `margin`: the larger is at most
/// `1 + margin` times the smaller.
pub(crate) fn within_margin(a: f64, b: f64, margin: f64) -> bool {
    a.max(b) <= a.min(b) * (1.0 + margin)
}

/// From the fewest to the most, over the repeats: downloads in flight, connections.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Counts {
    /// The fewest.
    pub lo: u64,
    /// The most.
    pub hi: u64,
}

impl Counts {
    fn of(values: impl Iterator<Item = u64> + Clone) -> Option<Counts> {
        Some(Counts { lo: values.clone().min()?, hi: values.max()? })
    }
}

/// One program's figures over its successful runs.
#[derive(Debug, Clone, Serialize)]
pub struct Program {
    /// The script's label or the twin's name.
    pub name: String,
    /// How many runs succeeded.
    pub runs: usize,
    /// Why the others failed.
    pub failures: Vec<String>,
    /// Wall time of the whole process, seconds.
    pub wall: Spread,
    /// The time it printed for its own work, seconds, if it printed one.
    pub own: Option<Spread>,
    /// User + system CPU time, its workers' included, seconds.
    pub cpu: Spread,
    /// Peak RSS of its largest process, MiB.
    pub rss_mib: Spread,
    /// I/O: the most downloads the server saw at once.
    pub peak: Option<Counts>,
    /// I/O: the connections it opened.
    pub connections: Option<Counts>,
}

impl Program {
    /// The figures of `runs` (one program's), or why there are none.
    fn of(name: &str, runs: &[&Run]) -> anyhow::Result<Program> {
        let ok: Vec<&&Run> = runs.iter().filter(|r| r.failure.is_none()).collect();
        let spread = |figure: fn(&Run) -> f64| {
            Spread::of(&ok.iter().map(|r| figure(r)).collect::<Vec<_>>())
                .with_context(|| format!("no successful run of {name}"))
        };
        let own: Vec<f64> = ok.iter().filter_map(|r| r.own_seconds).collect();
        let io = runs.first().is_some_and(|r| r.half == Half::Io);
        let counts = |figure: fn(&Run) -> u64| {
            if io { Counts::of(ok.iter().map(move |r| figure(r))) } else { None }
        };
        Ok(Program {
            name: name.to_owned(),
            runs: ok.len(),
            failures: runs
                .iter()
                .filter_map(|r| r.failure.clone().map(|f| format!("run {}: {f}", r.repeat)))
                .collect(),
            wall: spread(|r| r.wall_s)?,
            own: Spread::of(&own),
            cpu: spread(|r| r.cpu_s)?,
            rss_mib: spread(|r| r.max_rss_mib)?,
            peak: counts(|r| r.peak_in_flight),
            connections: counts(|r| r.connections),
        })
    }
}

/// A Python script, on each interpreter, and its Rust twin, run in turns.
#[derive(Debug, Serialize)]
pub struct Script {
    /// The script's label: `io_threads.py`, `concurrency-overview/io_threading.py`.
    pub script: String,
    /// Whether it is the 2019 tutorial's.
    pub older: bool,
    /// Its figures on each interpreter, in the order the run named them.
    pub pythons: Vec<OnPython>,
    /// Its twin's, from the runs taken in turns with it.
    pub rust: Program,
}

/// A script's figures on one interpreter.
#[derive(Debug, Serialize)]
pub struct OnPython {
    /// The interpreter, short: `3.13.5 GIL off`.
    pub interpreter: String,
    /// Whether its GIL was on.
    pub gil: bool,
    /// The script's figures on it.
    pub python: Program,
    /// How many times as long it took as the twin.
    pub ratio: Ratio,
}

/// A version against the half's non-concurrent one, in the same run: how many times
/// sooner it finished, in each language.
#[derive(Debug, Serialize)]
pub struct Versus {
    /// The non-concurrent script.
    pub base_script: String,
    /// The non-concurrent twin.
    pub base_twin: String,
    /// The non-concurrent script's time over this one's, on the first interpreter.
    pub python: Ratio,
    /// The non-concurrent twin's time over this one's.
    pub rust: Ratio,
}

/// One example's figures, for its page.
#[derive(Debug, Serialize)]
pub struct Example {
    /// Its name.
    pub twin: String,
    /// `io` or `cpu`.
    pub half: Half,
    /// The current tutorial's script first, then the 2019 one if it was run.
    pub scripts: Vec<Script>,
    /// Against the non-concurrent version; `None` for the non-concurrent one.
    pub versus: Option<Versus>,
}

/// Which run the figures come from, said once per page.
#[derive(Debug, Serialize)]
pub struct Source {
    /// The committed file.
    pub file: &'static str,
    /// Runs of each program.
    pub repeat: usize,
    /// The site server's latency.
    pub latency_ms: u64,
    /// The machine: its description if the run recorded one, else its cores and system.
    pub machine: String,
    /// The Pythons, with how each was built: `CPython 3.11.7, GIL on`.
    pub interpreters: Vec<String>,
}

/// One script of the current tutorial with the GIL on, with it off, and its twin.
#[derive(Debug, Serialize)]
pub struct ThreeWay {
    /// The script.
    pub script: String,
    /// Its twin.
    pub twin: String,
    /// `io` or `cpu`.
    pub half: Half,
    /// On the interpreter with the GIL.
    pub on: Program,
    /// On the free-threaded one.
    pub off: Program,
    /// The twin, in turns with both.
    pub rust: Program,
    /// How many times as long it took with the GIL off as with it on.
    pub off_over_on: Ratio,
    /// With the GIL off, how many times as long as the twin.
    pub off_over_rust: Ratio,
    /// Its CPU time over its wall time (medians): the cores it kept busy, GIL on.
    pub on_cores: f64,
    /// The same with the GIL off.
    pub off_cores: f64,
}

/// The current tutorial's scripts on a free-threaded CPython beside the same version
/// with its GIL, and the Rust twins, all from one run.
#[derive(Debug, Serialize)]
pub struct FreeThreaded {
    /// The interpreter with the GIL, and how it was built.
    pub gil_on: String,
    /// The free-threaded one.
    pub gil_off: String,
    /// Whether both are the same version (built from one source, if the run says so).
    pub same_version: bool,
    /// One row per script, by script name.
    pub rows: BTreeMap<String, ThreeWay>,
    /// The scripts in the tutorial's order.
    pub order: Vec<String>,
    /// cpu_threads.py's time over cpu_processes.py's, GIL on and GIL off.
    pub threads_over_processes: Option<OnOff>,
}

/// A comparison made with the GIL on and again with it off.
#[derive(Debug, Serialize)]
pub struct OnOff {
    /// With the GIL.
    pub on: Ratio,
    /// Without it.
    pub off: Ratio,
}

impl FreeThreaded {
    /// The three-way figures, if the run had an interpreter with the GIL off and one
    /// with it on (of the same version, if there is one).
    fn of(pythons: &[crate::python::interpreter::Interpreter], figures: &Figures) -> Option<Self> {
        let off = pythons.iter().position(|p| !p.gil_enabled)?;
        let on = pythons
            .iter()
            .position(|p| p.gil_enabled && p.version == pythons[off].version)
            .or_else(|| pythons.iter().position(|p| p.gil_enabled))?;
        let mut rows = BTreeMap::new();
        let mut order = Vec::new();
        for twin in &figures.order {
            let Some(script) = figures.examples.get(twin).and_then(current) else {
                continue;
            };
            let (Some(with), Some(without)) = (script.pythons.get(on), script.pythons.get(off))
            else {
                continue;
            };
            let cores = |p: &Program| p.cpu.median / p.wall.median;
            rows.insert(
                script.script.clone(),
                ThreeWay {
                    script: script.script.clone(),
                    twin: twin.clone(),
                    half: figures.examples[twin].half,
                    off_over_on: Ratio::of(&without.python.wall, &with.python.wall),
                    off_over_rust: Ratio::of(&without.python.wall, &script.rust.wall),
                    on_cores: cores(&with.python),
                    off_cores: cores(&without.python),
                    on: with.python.clone(),
                    off: without.python.clone(),
                    rust: script.rust.clone(),
                },
            );
            order.push(script.script.clone());
        }
        let threads_over_processes = match (rows.get(THREADS), rows.get(PROCESSES)) {
            (Some(threads), Some(processes)) => Some(OnOff {
                on: Ratio::of(&threads.on.wall, &processes.on.wall),
                off: Ratio::of(&threads.off.wall, &processes.off.wall),
            }),
            _ => None,
        };
        Some(FreeThreaded {
            threads_over_processes,
            gil_on: pythons[on].describe_build_markdown(),
            gil_off: pythons[off].describe_build_markdown(),
            same_version: pythons[on].version == pythons[off].version,
            rows,
            order,
        })
    }
}

/// Every example with a Python twin in the committed runs, by name, and their source.
pub struct Figures {
    /// By twin.
    pub examples: BTreeMap<String, Example>,
    /// The twins in the order they ran: the tutorial's.
    pub order: Vec<String>,
    /// Where they come from.
    pub source: Source,
}

impl Figures {
    /// Reads every pair of `committed`.
    pub fn of(committed: &Committed) -> anyhow::Result<Figures> {
        let pythons = committed.interpreters();
        let mut examples: BTreeMap<String, Example> = BTreeMap::new();
        let mut labels: Vec<&str> = Vec::new();
        let mut order: Vec<String> = Vec::new();
        for run in &committed.runs {
            if !labels.contains(&run.pair.as_str()) {
                labels.push(&run.pair);
            }
        }
        for label in labels {
            let runs: Vec<&Run> = committed.runs.iter().filter(|r| r.pair == label).collect();
            let twin = runs[0].twin.clone();
            if !order.contains(&twin) {
                order.push(twin.clone());
            }
            let of = |language: Language| -> Vec<&Run> {
                runs.iter().copied().filter(|r| r.language == language).collect()
            };
            let rust = Program::of(&twin, &of(Language::Rust))?;
            let mut on_each = Vec::new();
            for (index, python) in pythons.iter().enumerate() {
                let on_it: Vec<&Run> = of(Language::Python)
                    .into_iter()
                    .filter(|r| r.interpreter.unwrap_or(0) == index)
                    .collect();
                let figures = Program::of(label, &on_it)?;
                on_each.push(OnPython {
                    interpreter: python.label(),
                    gil: python.gil_enabled,
                    ratio: Ratio::of(&figures.wall, &rust.wall),
                    python: figures,
                });
            }
            let example = examples.entry(twin.clone()).or_insert_with(|| Example {
                twin: twin.clone(),
                half: runs[0].half,
                scripts: Vec::new(),
                versus: None,
            });
            example.scripts.push(Script {
                script: label.to_owned(),
                older: label.contains('/'),
                pythons: on_each,
                rust,
            });
        }
        // Each version against its half's non-concurrent one, the current tutorial's.
        for (half, base_script, base_twin) in BASELINES {
            let Some(base) = examples.get(base_twin).and_then(|e| current(e)) else {
                continue;
            };
            let Some(py) = base.pythons.first().map(|p| p.python.wall) else {
                continue;
            };
            let rs = base.rust.wall;
            for example in examples.values_mut() {
                if example.half != half || example.twin == base_twin {
                    continue;
                }
                let script = current(example);
                if let Some((script, first)) = script.and_then(|s| Some((s, s.pythons.first()?))) {
                    example.versus = Some(Versus {
                        base_script: base_script.to_owned(),
                        base_twin: base_twin.to_owned(),
                        python: Ratio::of(&py, &first.python.wall),
                        rust: Ratio::of(&rs, &script.rust.wall),
                    });
                }
            }
        }
        let settings = &committed.settings;
        Ok(Figures {
            examples,
            order,
            source: Source {
                file: PYTHON_RUNS_NAME,
                repeat: settings.repeat,
                latency_ms: settings.latency_ms,
                machine: committed
                    .machine
                    .clone()
                    .unwrap_or_else(|| format!("{} cores, {}", committed.cores, committed.os)),
                interpreters: pythons.iter().map(|p| p.describe_build_markdown()).collect(),
            },
        })
    }
}

/// One program at one size in the profile's timings, over its rounds.
#[derive(Debug, Serialize)]
pub struct Timed {
    /// io_asyncio or io_asyncio_no_pool.
    pub program: String,
    /// How many sites.
    pub sites: usize,
    /// How many rounds.
    pub rounds: usize,
    /// The fewest sites downloaded in a round.
    pub ok_lo: usize,
    /// The most: the same as [`Timed::ok_lo`] when every round downloaded as many.
    pub ok_hi: usize,
    /// The time it printed, seconds.
    pub own: Spread,
    /// Wall, user and system seconds, as /usr/bin/time counted them.
    pub wall: Spread,
    /// See [`Timed::wall`].
    pub user: Spread,
    /// See [`Timed::wall`].
    pub system: Spread,
}

/// The timings of docs/runs/profile-io_asyncio.txt, and the two programs compared at
/// each size.
#[derive(Debug, Serialize)]
pub struct Profile {
    /// The file.
    pub file: &'static str,
    /// Every program at every size, in the order they first ran.
    pub rows: Vec<Timed>,
    /// At each size, without the pool against with it: user, system, wall.
    pub compared: Vec<PoolCompared>,
}

/// One line of the profile's timings.
struct Round {
    /// io_asyncio or io_asyncio_no_pool.
    program: String,
    /// How many sites it was asked for.
    sites: usize,
    /// How many it downloaded.
    ok: usize,
    /// Its own time, then wall, user and system seconds.
    seconds: [f64; 4],
}

/// One field `v` of a `line` of [`PROFILE`]'s timings, parsed.
fn field<T>(v: &str, line: &str) -> anyhow::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    v.parse().with_context(|| format!("{PROFILE}: {v:?} in {line:?}"))
}

/// io_asyncio_no_pool against io_asyncio at one size.
#[derive(Debug, Serialize)]
pub struct PoolCompared {
    /// How many sites.
    pub sites: usize,
    /// User time without the pool over with it.
    pub user: Ratio,
    /// System time.
    pub system: Ratio,
    /// Wall time.
    pub wall: Ratio,
}

impl Profile {
    /// Reads the timings below [`PROFILE_TIMINGS`] in `text`.
    fn of(text: &str) -> anyhow::Result<Profile> {
        let timings = text
            .split_once(PROFILE_TIMINGS)
            .with_context(|| format!("{PROFILE} has no line {PROFILE_TIMINGS:?}"))?
            .1;
        let mut runs: Vec<Round> = Vec::new();
        for line in timings.lines().filter(|l| !l.trim().is_empty()) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [program, sites, _round, ok, own, wall, user, system] = fields[..] else {
                anyhow::bail!("{PROFILE}: not a line of timings: {line:?}");
            };
            runs.push(Round {
                program: program.to_owned(),
                sites: field(sites, line)?,
                ok: field(ok, line)?,
                seconds: [
                    field(own, line)?,
                    field(wall, line)?,
                    field(user, line)?,
                    field(system, line)?,
                ],
            });
        }
        let mut rows: Vec<Timed> = Vec::new();
        for first in &runs {
            if rows.iter().any(|r| r.program == first.program && r.sites == first.sites) {
                continue;
            }
            let same: Vec<&Round> = runs
                .iter()
                .filter(|r| r.program == first.program && r.sites == first.sites)
                .collect();
            let of = |k: usize| -> anyhow::Result<Spread> {
                let values: Vec<f64> = same.iter().map(|r| r.seconds[k]).collect();
                Spread::of(&values).context("no rounds")
            };
            rows.push(Timed {
                program: first.program.clone(),
                sites: first.sites,
                rounds: same.len(),
                ok_lo: same.iter().map(|r| r.ok).min().unwrap_or(0),
                ok_hi: same.iter().map(|r| r.ok).max().unwrap_or(0),
                own: of(0)?,
                wall: of(1)?,
                user: of(2)?,
                system: of(3)?,
            });
        }
        let mut compared = Vec::new();
        for pooled in rows.iter().filter(|r| r.program == "io_asyncio") {
            let Some(unpooled) =
                rows.iter().find(|r| r.program == "io_asyncio_no_pool" && r.sites == pooled.sites)
            else {
                continue;
            };
            compared.push(PoolCompared {
                sites: pooled.sites,
                user: Ratio::of(&unpooled.user, &pooled.user),
                system: Ratio::of(&unpooled.system, &pooled.system),
                wall: Ratio::of(&unpooled.wall, &pooled.wall),
            });
        }
        Ok(Profile { file: PROFILE, rows, compared })
    }
}

/// The example's current tutorial's script.
fn current(example: &Example) -> Option<&Script> {
    example.scripts.iter().find(|p| !p.older)
}

/// Writes every example's fragment and the Deciding page under `out`, from the runs
/// `lab python` committed and the claims' figures (by claim name).
pub fn write(
    out: &Layout,
    committed: &Committed,
    claims: &BTreeMap<String, serde_json::Value>,
    pages: &Pages,
) -> anyhow::Result<()> {
    let figures = Figures::of(committed)?;
    let dir = out.figures().join("pairs");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for example in figures.examples.values() {
        let text = pages.render(
            "book/pair.md",
            serde_json::json!({ "example": example, "source": &figures.source }),
        )?;
        let path = dir.join(format!("{}.md", example.twin));
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let chapters = out.figures().join("chapters");
    std::fs::create_dir_all(&chapters)
        .with_context(|| format!("cannot create {}", chapters.display()))?;
    for (half, name) in [(Half::Io, "io"), (Half::Cpu, "cpu")] {
        let versions: Vec<&Example> = figures
            .order
            .iter()
            .filter_map(|twin| figures.examples.get(twin))
            .filter(|e| e.half == half)
            .collect();
        let text = pages.render(
            "book/chapter.md",
            serde_json::json!({ "half": half, "versions": versions, "source": &figures.source }),
        )?;
        let path = chapters.join(format!("{name}.md"));
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let three_way = FreeThreaded::of(&committed.interpreters(), &figures);
    let text = pages.render(
        "book/free-threaded.md",
        serde_json::json!({ "ft": three_way, "source": &figures.source }),
    )?;
    let path = out.figures().join("free-threaded.md");
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    let text =
        std::fs::read_to_string(PROFILE).with_context(|| format!("cannot read {PROFILE}"))?;
    let profile = Profile::of(&text)?;
    let text = pages.render("book/profile.md", serde_json::json!({ "profile": profile }))?;
    let path = out.figures().join("profile-io_asyncio.md");
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    let deciding = out.book_src().join("deciding.md");
    let text = pages.render(
        "book/deciding.md",
        serde_json::json!({
            "examples": &figures.examples,
            "source": &figures.source,
            "claims": claims,
        }),
    )?;
    std::fs::write(&deciding, text)
        .with_context(|| format!("cannot write {}", deciding.display()))?;
    println!(
        "Wrote {} and {} example figures in {}",
        deciding.display(),
        figures.examples.len(),
        dir.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn spread(median: f64, lo: f64, hi: f64) -> Spread {
        Spread { median, lo, hi }
    }

    #[test]
    fn a_ratio_whose_bracket_holds_one_is_a_tie() {
        let slow = spread(2.0, 1.9, 2.1);
        let fast = spread(1.0, 0.9, 1.1);
        let ratio = Ratio::of(&slow, &fast);
        assert_eq!(ratio.x, 2.0);
        assert!(!ratio.tie);
        assert!((ratio.lo - 1.9 / 1.1).abs() < 1e-12);
        assert!((ratio.hi - 2.1 / 0.9).abs() < 1e-12);
        // Overlapping runs: 1.05 is inside 0.9-1.1.
        let close = Ratio::of(&spread(1.05, 1.0, 1.1), &fast);
        assert!(close.tie);
        // Held to a margin: 2x apart is within 150%, not within 50%; a tie by overlap
        // stays one by overlap.
        assert!(ratio.held(1.5).within_margin);
        assert!(!ratio.held(0.5).within_margin);
        assert!(!close.held(1.5).within_margin);
    }

    #[test]
    fn the_profile_timings_keep_every_round_and_the_sites_each_downloaded() {
        let lines = [
            "io_asyncio 1000 1 1000 0.12 0.15 0.03 0.07",
            "io_asyncio_no_pool 1000 1 1000 0.11 0.14 0.02 0.06",
            "io_asyncio 100000 1 0 40.1 41.5 30.6 10.7",
            "io_asyncio 1000 2 998 0.13 0.16 0.03 0.08",
        ];
        let text = format!("# perf output above\n{PROFILE_TIMINGS}\n{}\n", lines.join("\n"));
        let profile = Profile::of(&text).expect("the timings parse");
        assert_eq!(profile.rows.len(), 3);
        let first = &profile.rows[0];
        assert_eq!((first.program.as_str(), first.sites), ("io_asyncio", 1000));
        assert_eq!((first.rounds, first.ok_lo, first.ok_hi), (2, 998, 1000));
        assert_eq!(profile.rows[2].ok_hi, 0);
        // Only 1,000 sites ran both programs.
        assert_eq!(profile.compared.len(), 1);
        // A line without the ok column is refused, not read with its fields shifted.
        let old = format!("{PROFILE_TIMINGS}\nio_asyncio 1000 1 0.12 0.15 0.03 0.07\n");
        assert!(Profile::of(&old).is_err());
    }

    /// The committed runs, as `lab redraw` reads them.
    fn committed() -> Committed {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        Committed::read(&root.join(PYTHON_RUNS_NAME)).expect("the committed runs")
    }

    #[test]
    fn every_twin_gets_its_figures_and_a_renamed_field_fails_the_page() {
        let figures = Figures::of(&committed()).expect("figures");
        let threading = &figures.examples["io_threading"];
        assert_eq!(threading.scripts[0].script, "io_threads.py");
        assert!(figures.examples["io_non_concurrent"].versus.is_none());
        assert!(threading.versus.is_some());
        let pages = Pages::load(&crate::pages::templates_dir()).expect("templates");
        let mut context = serde_json::json!({ "example": threading, "source": &figures.source });
        let text = pages.render("book/pair.md", &context).expect("renders");
        assert!(text.starts_with("<!-- Rendered by `lab redraw`"), "{text}");
        // A field the template reads, renamed: the page is not written with a hole.
        let script = &mut context["example"]["scripts"][0];
        script["twin"] = script["rust"].take();
        script.as_object_mut().expect("an object").remove("rust");
        let error = pages.render("book/pair.md", &context).expect_err("fails");
        assert!(format!("{error:#}").contains("book/pair.md"), "{error:#}");
    }

    #[test]
    fn the_committed_run_compares_the_gil_off_build_with_the_gil_on_one_of_its_version() {
        let committed = committed();
        let figures = Figures::of(&committed).expect("figures");
        let pythons = committed.interpreters();
        let three_way = FreeThreaded::of(&pythons, &figures).expect("a GIL-off interpreter");
        assert!(three_way.same_version);
        assert!(three_way.gil_off.contains("GIL off"), "{}", three_way.gil_off);
        let threads = &three_way.rows["cpu_threads.py"];
        assert_eq!(threads.twin, "cpu_threading");
        // The cores kept busy are CPU time over wall time.
        let cores = threads.off.cpu.median / threads.off.wall.median;
        assert!((threads.off_cores - cores).abs() < 1e-12);
        // With only GIL-on interpreters there is nothing to compare.
        let on_only: Vec<_> = pythons.into_iter().filter(|p| p.gil_enabled).collect();
        assert!(FreeThreaded::of(&on_only, &figures).is_none());
    }
}
