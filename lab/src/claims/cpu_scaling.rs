//! Claim 6: for CPU work, one process per CPU; threads and rayon too in Rust.

use super::*;

/// The speed-up of `point` over `base`, with its bracket: the slowest base over the
/// fastest point at most, the fastest base over the slowest point at least.
pub(super) fn speedup(base: &Point, point: &Point) -> (f64, f64, f64) {
    let ((b0, b1), (p0, p1)) = (base.spread(), point.spread());
    (base.seconds() / point.seconds(), b0 / p1, b1 / p0)
}

/// Claim 6: for CPU work, one process per CPU; threads and rayon too in Rust.
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
        jobs.push(Job::new(
            "cpu_threading",
            &args(&["--json", "--count", &count, "--workers", n]),
        ));
        jobs.push(Job::new("cpu_rayon", &job).env(&[("RAYON_NUM_THREADS", n.clone())]));
        jobs.push(Job::new(
            "cpu_multiprocessing",
            &args(&["--json", "--count", &count, "--processes", n]),
        ));
    }
    let mut points = lab.batch(Connections::Free, &jobs)?.into_iter();
    let (Some(base), Some(together)) = (points.next(), points.next()) else {
        unreachable!("the batch returns a point per job")
    };
    let (calibration, capacity) = calibrate(&base, &together, cores);
    let machine = faster(&together, &base);
    let mut body = format!(
        "cpu_non_concurrent: {} for {count} x fib(35), the baseline of every speed-up below.\n\n\
         **The machine, calibrated.** {calibration}\n\n\
         | workers | cpu_threading | cpu_rayon | cpu_multiprocessing |\n|---:|---|---|---|\n",
        base.describe()
    );
    let models = [
        ("cpu_threading", colour::THREADS, Marker::Circle),
        ("cpu_rayon", colour::RAYON, Marker::Triangle),
        ("cpu_multiprocessing", colour::PROCESSES, Marker::Cross),
    ];
    let mut lines: Vec<Series> = models
        .iter()
        .map(|(name, colour, marker)| series(name, *colour, *marker, false))
        .collect();
    let mut measured: Vec<(usize, [Point; 3])> = Vec::new();
    for &workers in &plan.workers {
        let (Some(threads), Some(rayon), Some(processes)) =
            (points.next(), points.next(), points.next())
        else {
            unreachable!("the batch returns a point per job")
        };
        let runs = [threads, rayon, processes];
        let cells: Vec<String> = runs
            .iter()
            .map(|p| {
                let (x, lo, hi) = speedup(&base, p);
                format!("{}: {x:.2}x [{lo:.2}–{hi:.2}]", p.describe())
            })
            .collect();
        writeln!(body, "| {workers} | {} |", cells.join(" | "))?;
        for (line, point) in lines.iter_mut().zip(&runs) {
            line.points.push((workers as f64, speedup(&base, point).0));
            line.repeats.extend(
                point
                    .repeats
                    .iter()
                    .map(|r| (workers as f64, base.seconds() / r.wall_s)),
            );
        }
        measured.push((workers, runs));
    }
    let ideal = plan
        .workers
        .iter()
        .map(|&w| (w as f64, w.min(cores) as f64))
        .collect();
    lines.push(Series {
        points: ideal,
        ..series(
            &format!("{cores} cores, no more"),
            colour::IDEAL,
            Marker::None,
            true,
        )
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
    let verdict = judge_cpu_scaling(&base, &measured, cores, (machine, capacity));
    Ok(Section::new(
        "6. One process per CPU",
        "For CPU work, one process per CPU.",
        body,
        vec![file],
        verdict,
    ))
}

/// What one busy process alone against one per core says about the machine, and how
/// many times one process's work the cores can do at once (`cores` on a machine that
/// gives each busy core the same speed).
pub(super) fn calibrate(alone: &Point, together: &Point, cores: usize) -> (String, f64) {
    let capacity = cores as f64 * alone.seconds() / together.seconds();
    let ((a0, a1), (t0, t1)) = (alone.spread(), together.spread());
    let bracket = format!(
        "{capacity:.2}x [{:.2}–{:.2}]",
        cores as f64 * a0 / t1,
        cores as f64 * a1 / t0
    );
    let figures = format!(
        "One cpu_non_concurrent alone took {}; {cores} of them at once (one per core) took {} each (the slowest \
         copy), CPU {:.2} s in all against {:.2} s alone: {cores} busy workers did {bracket} the work of one.",
        bracketed(alone),
        bracketed(together),
        together.cpu(),
        alone.cpu()
    );
    // The bracket leaves out `cores` exactly when the two points' brackets do not overlap.
    let meaning = match faster(together, alone) {
        Ordering::Less => format!(
            " This machine runs the same work *faster* when every core is busy, so it gives more than {cores}x. \
             Cores whose clock ramps up under load, or a virtual machine that gets more of its host when it is \
             busy, behave like this; a speed-up above {cores}x below comes from the machine, not from concurrency."
        ),
        Ordering::Greater => format!(
            " This machine gave {cores} busy workers less than {cores}x the work of one during the calibration \
             (cores that share a unit, a slower clock under load, or another tenant), so a speed-up below {cores}x \
             in the table is the machine as much as the program."
        ),
        Ordering::Equal => format!(
            " A tie: each copy ran about as fast as one alone, so {cores} cores give about {cores}x here."
        ),
    };
    (figures + &meaning, capacity)
}

/// Claim 6's verdict: one worker per core speeds the work up, and more add nothing.
/// `machine` is the calibration: one process per core at once against one alone
/// (`Less`: faster together), and `capacity` how many times one worker's work the cores
/// did.
pub(super) fn judge_cpu_scaling(
    base: &Point,
    measured: &[(usize, [Point; 3])],
    cores: usize,
    (machine, capacity): (Ordering, f64),
) -> String {
    let names = ["threads", "rayon", "processes"];
    let at = |workers: usize| measured.iter().find(|(w, _)| *w == workers).map(|(_, p)| p);
    let (Some(one), Some(per_core), Some((most, many))) = (at(1), at(cores), measured.last())
    else {
        return format!(
            "Not judged: the plan has no run at 1 worker and at {cores} (one per core) workers."
        );
    };
    let mut outcomes = Vec::new();
    let mut evidence = Vec::new();
    for i in 0..3 {
        // One worker per core is faster than one worker...
        if cores > 1 {
            outcomes.push(slower_as_claimed(&one[i], &per_core[i]));
        }
        // ...and more workers than cores are no faster than one per core.
        if *most > cores {
            outcomes.push(no_faster_as_claimed(&many[i], &per_core[i]));
        }
        let (x, lo, hi) = speedup(base, &per_core[i]);
        let mut figures = format!("{}: {x:.2}x [{lo:.2}–{hi:.2}] at {cores}", names[i]);
        if *most > cores {
            let (y, lo, hi) = speedup(base, &many[i]);
            write!(figures, ", {y:.2}x [{lo:.2}–{hi:.2}] at {most}").ok();
        }
        evidence.push(figures);
    }
    let mut text = format!(
        "{}: the speed-up over cpu_non_concurrent with one worker per core and with the most workers: {}.",
        judged(&outcomes),
        evidence.join("; ")
    );
    // Threads against processes, one per core: the GIL is what the rule escapes in Python.
    if faster(&per_core[0], &per_core[2]) != Ordering::Greater {
        text.push_str(
            " Threads did as well as processes: in Rust the rule is one *thread* per CPU as much as one \
             process, since there is no GIL to escape.",
        );
    } else {
        text.push_str(" Threads were slower than processes here, beyond the brackets.");
    }
    for i in (0..3).filter(|&i| faster(&many[i], &per_core[i]) == Ordering::Less) {
        write!(
            text,
            " {} with {most} workers beat {} with {cores}, beyond the brackets: {}",
            names[i],
            names[i],
            past_the_cores(base, &per_core[i], machine, capacity, cores)
        )
        .ok();
    }
    text
}

/// Why more workers than cores came out faster than one per core: the calibration (a
/// machine that gives more than its cores), or CPU time (the runs at one per core cost
/// more CPU for the same work, so the machine was slower while they ran), or neither.
fn past_the_cores(
    base: &Point,
    per_core: &Point,
    machine: Ordering,
    capacity: f64,
    cores: usize,
) -> String {
    if machine == Ordering::Less {
        format!(
            "the calibration found that {cores} busy workers do {capacity:.2}x one worker's work on this \
             machine, which is where that comes from."
        )
    } else if per_core.cpu() > 1.1 * base.cpu() {
        format!(
            "with {cores} workers it used {:.2} s of CPU for the work one thread did in {:.2} s, so the machine \
             was slower while those runs ran (the same work cost more CPU time); the extra workers did not add \
             a core.",
            per_core.cpu(),
            base.cpu()
        )
    } else {
        "neither the calibration nor the CPU time explains it; on a shared machine, take it as noise until a \
         rerun repeats it."
            .to_owned()
    }
}
