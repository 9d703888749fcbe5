//! Claim 6: for CPU work, one process per CPU; threads and rayon too in Rust.
//!
//! [`run()`] measures the baseline, the calibration (one process per core at once) and
//! each model at each worker count, in turns, and draws the chart; [`figures()`] reads the
//! points back from the recorded runs for templates/claims/cpu-scaling.md.

use super::*;

/// The models compared, in the table's order, with their look in the chart.
const MODELS: [(&str, RGBColor, Marker); 3] = [
    ("cpu_threading", colour::THREADS, Marker::Circle),
    ("cpu_rayon", colour::RAYON, Marker::Triangle),
    ("cpu_multiprocessing", colour::PROCESSES, Marker::Cross),
];

/// The models as the verdict names them, in the order of [`MODELS`].
const NAMES: [&str; 3] = ["threads", "rayon", "processes"];

/// A speed-up over the baseline with its bracket.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Speedup {
    /// The medians' ratio.
    pub x: f64,
    /// The fastest baseline over the slowest point: the least it can be.
    pub lo: f64,
    /// The slowest baseline over the fastest point: the most.
    pub hi: f64,
}

/// The speed-up of `point` over `base`, with its bracket: the slowest base over the
/// fastest point at most, the fastest base over the slowest point at least.
pub(super) fn speedup(base: &Point, point: &Point) -> Speedup {
    let ((b0, b1), (p0, p1)) = (base.spread(), point.spread());
    Speedup { x: base.seconds() / point.seconds(), lo: b0 / p1, hi: b1 / p0 }
}

/// Claim 6: runs every point in one batch and draws the speed-up chart.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let count = plan.cpu_count.to_string();
    let job = args(&["--json", "--count", &count]);
    // Every point in one batch, taking turns, so that the machine's slow stretches fall
    // on all of them alike. First the baseline, then the calibration (the same work as
    // one process per core at once), then each model at each worker count.
    let mut jobs = vec![
        Job::new("cpu_non_concurrent", &job),
        Job::new("cpu_non_concurrent", &job).copies(cores),
    ];
    let worker_counts: Vec<String> = plan.workers.iter().map(usize::to_string).collect();
    for n in &worker_counts {
        jobs.push(Job::new("cpu_threading", &args(&["--json", "--count", &count, "--workers", n])));
        jobs.push(Job::new("cpu_rayon", &job).env(&[("RAYON_NUM_THREADS", n.clone())]));
        jobs.push(Job::new(
            "cpu_multiprocessing",
            &args(&["--json", "--count", &count, "--processes", n]),
        ));
    }
    let mut points = lab.batch(Connections::Free, &jobs)?.into_iter();
    // The calibration's point is read back from the record by `figures`.
    let (Some(base), Some(_calibration)) = (points.next(), points.next()) else {
        unreachable!("the batch returns a point per job")
    };
    let mut lines: Vec<Series> =
        MODELS.iter().map(|(name, colour, marker)| series(name, *colour, *marker, false)).collect();
    for &workers in &plan.workers {
        let (Some(threads), Some(rayon), Some(processes)) =
            (points.next(), points.next(), points.next())
        else {
            unreachable!("the batch returns a point per job")
        };
        let runs = [threads, rayon, processes];
        for (line, point) in lines.iter_mut().zip(&runs) {
            line.points.push((workers as f64, speedup(&base, point).x));
            line.repeats
                .extend(point.repeats.iter().map(|r| (workers as f64, base.seconds() / r.wall_s)));
        }
    }
    let ideal = plan.workers.iter().map(|&w| (w as f64, w.min(cores) as f64)).collect();
    lines.push(Series {
        points: ideal,
        ..series(&format!("{cores} cores, no more"), colour::IDEAL, Marker::None, true)
    });
    let file = "cpu-scaling.svg".to_owned();
    chart::lines(
        &docs.join(&file),
        &Axes {
            title: &format!("fib(35) x {count}: speed-up against workers"),
            x: "threads or processes",
            y: "speed-up over cpu_non_concurrent (1 = one thread)",
            log_x: false,
            log_y: false,
        },
        &lines,
    )?;
    Ok(Section::from_runs(
        "6. One process per CPU",
        "For CPU work, one process per CPU.",
        vec![file],
    ))
}

/// What one busy process alone against one per core says about the machine.
#[derive(Debug, Serialize)]
pub struct Calibration {
    /// One cpu_non_concurrent alone.
    pub alone: Summary,
    /// One per core at once: the slowest copy's time, all copies' CPU.
    pub together: Summary,
    /// How many copies ran at once: the cores.
    pub cores: usize,
    /// How many times one process's work the cores did at once, with its bracket
    /// (`cores` on a machine that gives each busy core the same speed).
    pub capacity: Speedup,
    /// The copies against one alone: `faster` when every core is busy, `slower`, or a
    /// `tie`.
    pub machine: Against,
}

/// Calibrates the machine from one busy process alone and one per core at once. The
/// bracket leaves out `cores` exactly when the two points' brackets do not overlap.
pub(super) fn calibrate(alone: &Point, together: &Point, cores: usize) -> Calibration {
    let ((a0, a1), (t0, t1)) = (alone.spread(), together.spread());
    let n = cores as f64;
    Calibration {
        alone: alone.summary(),
        together: together.summary(),
        cores,
        capacity: Speedup {
            x: n * alone.seconds() / together.seconds(),
            lo: n * a0 / t1,
            hi: n * a1 / t0,
        },
        machine: faster(together, alone).into(),
    }
}

/// Claim 6's verdict and its evidence.
#[derive(Debug, Serialize)]
pub struct Judgement {
    /// Holds, holds in part or does not hold; `None` if the plan had no run at one
    /// worker and at one per core.
    pub verdict: Option<Verdict>,
    /// The most workers measured.
    pub most: usize,
    /// Each model's speed-up at one per core and (if more were run) with the most.
    pub models: Vec<ModelEvidence>,
    /// Whether threads did as well as processes at one per core (a tie counts).
    pub threads_as_good: bool,
    /// The models whose most workers beat one per core beyond the brackets, and why.
    pub beaten: Vec<Beaten>,
}

/// One model's speed-ups for the verdict.
#[derive(Debug, Serialize)]
pub struct ModelEvidence {
    /// `threads`, `rayon` or `processes`.
    pub name: &'static str,
    /// With one worker per core.
    pub per_core: Speedup,
    /// With the most workers, if that is more than the cores.
    pub most: Option<Speedup>,
}

/// A model whose extra workers beat one per core, and what explains it.
#[derive(Debug, Serialize)]
pub struct Beaten {
    /// The model.
    pub name: &'static str,
    /// What explains it.
    pub why: Why,
    /// The CPU time at one per core, seconds.
    pub per_core_cpu: f64,
    /// The baseline's CPU time, seconds.
    pub base_cpu: f64,
}

/// Why more workers than cores beat one per core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Why {
    /// The calibration found a machine that gives more than its cores.
    Calibration,
    /// The runs at one per core cost more CPU time for the same work: the machine was
    /// slower then.
    Cpu,
    /// Neither: noise, until a rerun repeats it.
    Neither,
}

/// Claim 6's verdict: one worker per core speeds the work up, and more add nothing.
/// `calibration` says whether the machine gives more than its cores.
pub(super) fn judge_cpu_scaling(
    base: &Point,
    measured: &[(usize, [Point; 3])],
    cores: usize,
    calibration: &Calibration,
) -> Judgement {
    let at = |workers: usize| measured.iter().find(|(w, _)| *w == workers).map(|(_, p)| p);
    let (Some(one), Some(per_core), Some((most, many))) = (at(1), at(cores), measured.last())
    else {
        return Judgement {
            verdict: None,
            most: cores,
            models: Vec::new(),
            threads_as_good: false,
            beaten: Vec::new(),
        };
    };
    let mut outcomes = Vec::new();
    let mut models = Vec::new();
    for (i, name) in NAMES.into_iter().enumerate() {
        // One worker per core is faster than one worker...
        if cores > 1 {
            outcomes.push(slower_as_claimed(&one[i], &per_core[i]));
        }
        // ...and more workers than cores are no faster than one per core.
        if *most > cores {
            outcomes.push(no_faster_as_claimed(&many[i], &per_core[i]));
        }
        models.push(ModelEvidence {
            name,
            per_core: speedup(base, &per_core[i]),
            most: (*most > cores).then(|| speedup(base, &many[i])),
        });
    }
    let beaten = (0..3)
        .filter(|&i| faster(&many[i], &per_core[i]) == Ordering::Less)
        .map(|i| Beaten {
            name: NAMES[i],
            why: if calibration.machine == Against::Faster {
                Why::Calibration
            } else if per_core[i].cpu() > 1.1 * base.cpu() {
                Why::Cpu
            } else {
                Why::Neither
            },
            per_core_cpu: per_core[i].cpu(),
            base_cpu: base.cpu(),
        })
        .collect();
    Judgement {
        verdict: Some(judged(&outcomes)),
        most: *most,
        models,
        // Threads against processes, one per core: the GIL is what the rule escapes in
        // Python.
        threads_as_good: faster(&per_core[0], &per_core[2]) != Ordering::Greater,
        beaten,
    }
}

/// What claim 6 rests on, read from its recorded runs.
#[derive(Debug, Serialize)]
pub struct Figures {
    /// How many results each run computed.
    pub count: usize,
    /// The baseline: cpu_non_concurrent alone.
    pub base: Summary,
    /// The machine, calibrated.
    pub calibration: Calibration,
    /// One row per worker count.
    pub rows: Vec<Row>,
    /// The verdict and its evidence.
    pub judgement: Judgement,
}

/// One worker count: each model's point and speed-up.
#[derive(Debug, Serialize)]
pub struct Row {
    /// How many threads or processes.
    pub workers: usize,
    /// cpu_threading, cpu_rayon, cpu_multiprocessing.
    pub cells: Vec<Cell>,
}

/// One model at one worker count.
#[derive(Debug, Serialize)]
pub struct Cell {
    /// Its point.
    pub point: Summary,
    /// Its speed-up over the baseline.
    pub speedup: Speedup,
}

/// Reads claim 6's figures from the runs it recorded.
pub fn figures(section: &Section) -> anyhow::Result<Figures> {
    let mut baselines = section.runs.iter().filter(|r| r.example == "cpu_non_concurrent");
    let (Some(base_run), Some(together_run)) = (baselines.next(), baselines.next()) else {
        anyhow::bail!("claim 6 needs the baseline and the calibration");
    };
    let (base, together) = (base_run.point()?, together_run.point()?);
    let cores = together_run.copies_at_once;
    let count = arg_value(base_run, "--count").context("the baseline without --count")?;
    let calibration = calibrate(&base, &together, cores);
    let worker_counts: Vec<usize> = section
        .runs
        .iter()
        .filter(|r| r.example == "cpu_threading")
        .filter_map(|r| arg_value(r, "--workers"))
        .collect();
    let mut measured = Vec::new();
    let mut rows = Vec::new();
    for workers in worker_counts {
        let n = workers.to_string();
        let rayon = section
            .runs
            .iter()
            .find(|r| {
                r.example == "cpu_rayon"
                    && r.env.iter().any(|(k, v)| k == "RAYON_NUM_THREADS" && *v == n)
            })
            .with_context(|| format!("no run of cpu_rayon on {n} threads"))?
            .point()?;
        let points = [
            section.point("cpu_threading", &["--workers", &n])?,
            rayon,
            section.point("cpu_multiprocessing", &["--processes", &n])?,
        ];
        rows.push(Row {
            workers,
            cells: points
                .iter()
                .map(|p| Cell { point: p.summary(), speedup: speedup(&base, p) })
                .collect(),
        });
        measured.push((workers, points));
    }
    let judgement = judge_cpu_scaling(&base, &measured, cores, &calibration);
    Ok(Figures { count, base: base.summary(), calibration, rows, judgement })
}

/// Renders claim 6's section and its verdict from its runs.
pub fn render(section: &Section, pages: &Pages, _docs: &Path) -> anyhow::Result<Rendered> {
    let figures = figures(section)?;
    render_claim("cpu-scaling", section, &figures, pages)
}
