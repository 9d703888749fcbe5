//! The book's figures beside its prose: each example page's figures beside its Python
//! twin's, and the Deciding page, rendered by `lab redraw` from the committed runs through
//! the templates in lab/templates/book. A page `{{#include}}`s its fragment, so that no
//! figure in the book is typed by hand.
//!
//! The fragments go to book/src/figures/pairs/EXAMPLE.md; the Deciding page, whose every
//! rule quotes a figure, is rendered whole into book/src/deciding.md.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use crate::layout::Layout;
use crate::materials::Half;
use crate::pages::Pages;
use crate::python::{Committed, Language, Run};

/// The committed runs' file, as the pages name it.
const PYTHON_RUNS_NAME: &str = "docs/python-vs-rust/python-vs-rust.json";

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
    fn of(values: &[f64]) -> Option<Spread> {
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
}

impl Ratio {
    fn of(slow: &Spread, fast: &Spread) -> Ratio {
        let (lo, hi) = (slow.lo / fast.hi, slow.hi / fast.lo);
        Ratio {
            x: slow.median / fast.median,
            lo,
            hi,
            tie: lo <= 1.0 && 1.0 <= hi,
        }
    }
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
        Some(Counts {
            lo: values.clone().min()?,
            hi: values.max()?,
        })
    }
}

/// One program's figures over its successful runs.
#[derive(Debug, Serialize)]
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
            if io {
                Counts::of(ok.iter().map(move |r| figure(r)))
            } else {
                None
            }
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

/// A Python script and its Rust twin, run in turns.
#[derive(Debug, Serialize)]
pub struct Pair {
    /// The script's label: `io_threads.py`, `concurrency-overview/io_threading.py`.
    pub script: String,
    /// Whether it is the 2019 tutorial's.
    pub older: bool,
    /// The script's figures.
    pub python: Program,
    /// Its twin's, from the runs taken in turns with it.
    pub rust: Program,
    /// How many times as long Python took.
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
    /// The non-concurrent script's time over this one's.
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
    pub pairs: Vec<Pair>,
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
    /// The Python: `CPython 3.11.7, GIL on`.
    pub interpreter: String,
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
                runs.iter()
                    .copied()
                    .filter(|r| r.language == language)
                    .collect()
            };
            let python = Program::of(label, &of(Language::Python))?;
            let rust = Program::of(&twin, &of(Language::Rust))?;
            let example = examples.entry(twin.clone()).or_insert_with(|| Example {
                twin: twin.clone(),
                half: runs[0].half,
                pairs: Vec::new(),
                versus: None,
            });
            example.pairs.push(Pair {
                script: label.to_owned(),
                older: label.contains('/'),
                ratio: Ratio::of(&python.wall, &rust.wall),
                python,
                rust,
            });
        }
        // Each version against its half's non-concurrent one, the current tutorial's.
        for (half, base_script, base_twin) in BASELINES {
            let Some(base) = examples.get(base_twin).and_then(|e| current(e)) else {
                continue;
            };
            let (py, rs) = (base.python.wall, base.rust.wall);
            for example in examples.values_mut() {
                if example.half != half || example.twin == base_twin {
                    continue;
                }
                if let Some(pair) = current(example) {
                    example.versus = Some(Versus {
                        base_script: base_script.to_owned(),
                        base_twin: base_twin.to_owned(),
                        python: Ratio::of(&py, &pair.python.wall),
                        rust: Ratio::of(&rs, &pair.rust.wall),
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
                interpreter: committed.interpreter.describe(),
            },
        })
    }
}

/// The example's pair with the current tutorial's script.
fn current(example: &Example) -> Option<&Pair> {
    example.pairs.iter().find(|p| !p.older)
}

/// Writes every example's fragment and the Deciding page under `out`, from the runs
/// `lab python` committed and the claims' figures (by claim name).
pub fn write(
    out: &Layout,
    python_runs: &Path,
    claims: &BTreeMap<String, serde_json::Value>,
    pages: &Pages,
) -> anyhow::Result<()> {
    let committed = Committed::read(python_runs)?;
    let figures = Figures::of(&committed)?;
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
        assert_eq!(threading.pairs[0].script, "io_threads.py");
        assert!(figures.examples["io_non_concurrent"].versus.is_none());
        assert!(threading.versus.is_some());
        let pages = Pages::load(&crate::pages::templates_dir()).expect("templates");
        let mut context = serde_json::json!({ "example": threading, "source": &figures.source });
        let text = pages.render("book/pair.md", &context).expect("renders");
        assert!(text.starts_with("<!-- Rendered by `lab redraw`"), "{text}");
        // A field the template reads, renamed: the page is not written with a hole.
        let pair = &mut context["example"]["pairs"][0];
        pair["py"] = pair["python"].take();
        pair.as_object_mut().expect("an object").remove("python");
        let error = pages.render("book/pair.md", &context).expect_err("fails");
        assert!(format!("{error:#}").contains("book/pair.md"), "{error:#}");
    }
}
