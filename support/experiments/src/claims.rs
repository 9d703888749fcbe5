//! The tutorial's claims, each as an experiment: what to run, the table, the chart, and
//! a verdict computed from the numbers.

use std::fmt::Write;
use std::path::Path;

use anyhow::Context;

use crate::chart::{self, Axes, Marker, Series, colour};
use crate::lab::{Lab, Point, args};

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
}

impl Plan {
    /// The full plan, or a smoke run of every experiment in seconds.
    pub fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                sizes: vec![20, 60],
                sites: 20,
                processes: vec![1, 2],
                workers: vec![1, 2],
                cpu_count: 2,
            }
        } else {
            Plan {
                sizes: vec![160, 1_000, 10_000],
                sites: 160,
                processes: vec![1, 2, 4, 8, 16, 32],
                workers: vec![1, 2, 4, 8],
                cpu_count: 20,
            }
        }
    }
}

/// One experiment's part of RESULTS.md.
pub struct Section {
    /// Its heading.
    pub title: String,
    /// The tutorial's words.
    pub claim: String,
    /// How it was measured, and on what machine.
    pub settings: String,
    /// Tables and notes, in Markdown.
    pub body: String,
    /// SVG files written, relative to docs/.
    pub charts: Vec<String>,
    /// Holds, does not hold, or holds only for Python, with the numbers.
    pub verdict: String,
}

impl Section {
    /// The section as JSON, to keep between runs.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "title": self.title, "claim": self.claim, "settings": self.settings,
            "body": self.body, "charts": self.charts, "verdict": self.verdict,
        })
    }

    /// A section kept by an earlier run.
    pub fn from_json(value: &serde_json::Value) -> Option<Section> {
        let text = |key: &str| value[key].as_str().map(str::to_owned);
        Some(Section {
            title: text("title")?,
            claim: text("claim")?,
            settings: text("settings")?,
            body: text("body")?,
            charts: value["charts"]
                .as_array()?
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect(),
            verdict: text("verdict")?,
        })
    }
}

/// An experiment: its name on the command line, how many points it measures, and how.
pub struct Experiment {
    /// The name to ask for it by.
    pub name: &'static str,
    /// How many points (each run `--repeat` times) it measures under a plan.
    pub points: fn(&Plan) -> usize,
    /// Runs it and writes its charts into the folder given.
    pub run: fn(&Lab, &Plan, &Path) -> anyhow::Result<Section>,
}

/// Every experiment, in the order of the tutorial's claims.
pub const ALL: [Experiment; 6] = [
    Experiment {
        name: "threads",
        points: |p| p.sizes.len() * 3,
        run: threads,
    },
    Experiment {
        name: "tasks",
        points: |p| p.sizes.len() * 2,
        run: tasks,
    },
    Experiment {
        name: "blocking-client",
        points: |_| 3,
        run: blocking_client,
    },
    Experiment {
        name: "starved",
        points: |_| 2,
        run: starved,
    },
    Experiment {
        name: "processes-io",
        points: |p| p.processes.len() + 3,
        run: processes_io,
    },
    Experiment {
        name: "cpu-scaling",
        points: |p| 1 + 3 * p.workers.len(),
        run: cpu_scaling,
    },
];

fn count_args(sites: usize, extra: &[&str]) -> Vec<String> {
    let mut list = args(&["--quiet", "--json", "--count", &sites.to_string()]);
    list.extend(extra.iter().map(|s| s.to_string()));
    list
}

/// Claim 1: a thread per site is slower than a handful of threads.
fn threads(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let configs: [(&str, Option<usize>); 3] = [
        ("5 threads", Some(5)),
        ("50 threads", Some(50)),
        ("a thread per site", None),
    ];
    let mut body = String::from(
        "| sites | 5 threads | 50 threads | a thread per site |\n|---:|---|---|---|\n",
    );
    let mut series: Vec<Series> = Vec::new();
    let mut per_site_vs_best = Vec::new();
    let mut largest_per_site = String::new();
    // One colour (threads), so the three lines differ by shade and by marker.
    let markers = [Marker::Triangle, Marker::Cross, Marker::Circle];
    let names = configs
        .iter()
        .map(|c| c.0)
        .zip([0.55, 0.8, 1.0])
        .zip(markers);
    for ((name, shade), marker) in names {
        series.push(Series {
            name: name.to_owned(),
            colour: shaded(colour::THREADS, shade),
            dashed: false,
            marker,
            points: vec![],
        });
    }
    for &sites in &plan.sizes {
        let mut cells = Vec::new();
        let mut times = Vec::new();
        for (i, &(_, workers)) in configs.iter().enumerate() {
            let n = workers.unwrap_or(sites).min(u16::MAX as usize).to_string();
            let point = lab.point("io_threading", &count_args(sites, &["--workers", &n]), &[])?;
            cells.push(format!("{} (peak {})", point.describe(), point.peak));
            if workers.is_none() {
                largest_per_site = format!(
                    "At {sites} sites a thread per site {}: {} of {sites} downloaded, {} failed.",
                    if point.ok() { "completed" } else { "failed" },
                    point.field("ok").as_u64().unwrap_or(0),
                    point.field("failed").as_u64().unwrap_or(0),
                );
                if !point.ok() {
                    largest_per_site.push_str(&format!(" The reason: {}", point.run.last_error));
                }
            }
            if point.ok() {
                series[i].points.push((sites as f64, point.seconds()));
            }
            times.push(point.ok().then(|| point.seconds()));
        }
        writeln!(body, "| {sites} | {} |", cells.join(" | "))?;
        if let [Some(five), Some(fifty), Some(per_site)] = times[..] {
            per_site_vs_best.push((sites, per_site / five.min(fifty)));
        }
    }
    let file = "threads.svg".to_owned();
    let axes = Axes {
        title: "io_threading: time against sites",
        x: "sites (log)",
        y: "seconds (log)",
        log_x: true,
        log_y: true,
    };
    chart::lines(&docs.join(&file), &axes, &series)?;
    let slower = per_site_vs_best
        .iter()
        .filter(|(_, ratio)| *ratio > 1.1)
        .count();
    let ratios: Vec<String> = per_site_vs_best
        .iter()
        .map(|(sites, r)| format!("{r:.2}x the best handful's time at {sites} sites"))
        .collect();
    let verdict = if slower == per_site_vs_best.len() && slower > 0 {
        format!(
            "Holds: a thread per site took {}. {largest_per_site}",
            ratios.join(", ")
        )
    } else {
        format!(
            "Does not hold in Rust: a thread per site took {}. Every thread's download overlaps every other's, and \
             starting the threads cost less than the waits they overlapped (the CPU column). {largest_per_site} \
             (This project runs the tutorial's Python with its 5 threads only, in python-vs-rust/; a CPython thread \
             is an OS thread too, so how a thread per site fares in Python is not measured here.)",
            ratios.join(", ")
        )
    };
    Ok(Section {
        title: "1. A thread per site".into(),
        claim: "A thread for each site is noticeably slower than a handful of threads.".into(),
        settings: String::new(),
        body: body + "\n(peak = the most downloads the site server saw at once)\n",
        charts: vec![file],
        verdict,
    })
}

/// The tutorial's own setting for claim 5, one process per CPU, in both languages: from
/// the run `run_examples python --out docs/python-vs-rust` left, if there is one.
fn tutorial_setting(docs: &Path) -> String {
    let path = docs.join("python-vs-rust").join("python-vs-rust.json");
    let Some(json) = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
    else {
        return "The tutorial's Python is not measured here: `run_examples python --out docs/python-vs-rust` \
                does it."
            .to_owned();
    };
    let median = |language: &str, key: &str| {
        let mut values: Vec<f64> = json["runs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| {
                r["pair"] == "io_processes.py"
                    && r["language"] == language
                    && r["failure"].is_null()
            })
            .filter_map(|r| r[key].as_f64())
            .collect();
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied()
    };
    match (
        median("python", "wall_s"),
        median("rust", "wall_s"),
        median("python", "cpu_s"),
        median("rust", "cpu_s"),
    ) {
        (Some(py), Some(rs), Some(py_cpu), Some(rs_cpu)) => format!(
            "In the tutorial's own setting, one process per CPU ({} here), the tutorial's io_processes.py took {py:.2} s \
             (CPU {py_cpu:.2} s) and io_multiprocessing {rs:.2} s (CPU {rs_cpu:.2} s), against the same kind of server \
             (python-vs-rust/, {} {}): the same waits overlap in both; the difference is what each process costs.",
            json["cores"],
            json["interpreter"]["implementation"]
                .as_str()
                .unwrap_or("Python"),
            json["interpreter"]["version"].as_str().unwrap_or("")
        ),
        _ => format!(
            "{} holds no successful run of io_processes.py.",
            path.display()
        ),
    }
}

/// Claim 2: hundreds of tasks do not slow asyncio down; tasks against threads.
fn tasks(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::from(
        "| sites | tasks: time | tasks: peak RSS | tasks: peak | thread per site: time | thread per site: peak RSS | thread per site: peak |\n|---:|---|---:|---:|---|---:|---:|\n",
    );
    let mut time = [vec![], vec![]];
    let mut memory = [vec![], vec![]];
    let mut task_times = Vec::new();
    let mut largest = String::new();
    for &sites in &plan.sizes {
        let task = lab.point("io_asyncio", &count_args(sites, &[]), &[])?;
        let workers = sites.min(u16::MAX as usize).to_string();
        let thread = lab.point(
            "io_threading",
            &count_args(sites, &["--workers", &workers]),
            &[],
        )?;
        for (i, point) in [&task, &thread].into_iter().enumerate() {
            if point.ok() {
                time[i].push((sites as f64, point.seconds()));
                memory[i].push((sites as f64, point.rss_mb()));
            }
        }
        writeln!(
            body,
            "| {sites} | {} | {:.1} MiB | {} | {} | {:.1} MiB | {} |",
            task.describe(),
            task.rss_mb(),
            task.peak,
            thread.describe(),
            thread.rss_mb(),
            thread.peak
        )?;
        task_times.push((sites, task.ok().then(|| task.seconds())));
        largest = format!(
            "At {sites} sites the tasks had {} downloads in flight at once and a peak of {:.0} MiB; a thread per site \
             had {} at once (the threads start one by one, and the first finish while the last start) and {:.0} MiB.",
            task.peak,
            task.rss_mb(),
            thread.peak,
            thread.rss_mb()
        );
    }
    let named = |name: &str, colour, points: &Vec<(f64, f64)>| Series {
        name: name.into(),
        colour,
        dashed: false,
        marker: Marker::Circle,
        points: points.clone(),
    };
    let (seconds_file, memory_file) = ("tasks-time.svg".to_owned(), "tasks-memory.svg".to_owned());
    chart::lines(
        &docs.join(&seconds_file),
        &Axes {
            title: "Tasks and threads: time against sites",
            x: "sites (log)",
            y: "seconds (log)",
            log_x: true,
            log_y: true,
        },
        &[
            named("async tasks (io_asyncio)", colour::TASKS, &time[0]),
            named("a thread per site", colour::THREADS, &time[1]),
        ],
    )?;
    chart::lines(
        &docs.join(&memory_file),
        &Axes {
            title: "Tasks and threads: peak memory against sites",
            x: "sites (log)",
            y: "peak RSS, MiB (log)",
            log_x: true,
            log_y: true,
        },
        &[
            named("async tasks (io_asyncio)", colour::TASKS, &memory[0]),
            named("a thread per site", colour::THREADS, &memory[1]),
        ],
    )?;
    let hundreds: Vec<_> = task_times
        .iter()
        .filter_map(|(s, t)| t.map(|t| (*s, t)))
        .filter(|(s, _)| *s <= 1_000)
        .collect();
    let verdict = match (hundreds.first(), hundreds.last()) {
        (Some(&(s0, t0)), Some(&(s1, t1))) if s1 > s0 => {
            let grew = t1 / t0;
            let holds = if grew < 2.0 {
                "Holds"
            } else {
                "Holds only in part"
            };
            format!(
                "{holds}: from {s0} to {s1} sites the tasks' time went from {t0:.3} s to {t1:.3} s ({grew:.1}x for {:.1}x the sites); \
                 all the downloads wait at once, and what grows is the cost of opening a connection per site. {largest}",
                s1 as f64 / s0 as f64
            )
        }
        _ => "Not measured: the runs failed (see the table).".into(),
    };
    Ok(Section {
        title: "2. Hundreds of async tasks".into(),
        claim: "asyncio with hundreds of tasks didn't slow it down at all.".into(),
        settings: String::new(),
        body,
        charts: vec![seconds_file, memory_file],
        verdict,
    })
}

/// Claim 3: a blocking library inside async code serialises it.
fn blocking_client(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::from(
        "| client inside the tasks | time | downloads at once (peak) |\n|---|---|---:|\n",
    );
    let mut bars = Vec::new();
    let mut seconds = Vec::new();
    let mut timelines = Vec::new();
    std::fs::create_dir_all(docs.join("timelines"))?;
    for (client, colour) in [
        ("blocking", colour::SEQUENTIAL),
        ("reqwest", colour::TASKS),
        ("spawn-blocking", colour::THREADS),
    ] {
        let point = lab.point(
            "io_asyncio_blocking",
            &count_args(plan.sites, &["--client", client]),
            &[],
        )?;
        writeln!(body, "| {client} | {} | {} |", point.describe(), point.peak)?;
        bars.push((client.to_owned(), point.seconds(), colour));
        let lanes = lab.last_run_lanes()?;
        timelines.push(format!("timelines/io_asyncio_blocking-{client}.svg"));
        chart::timeline(
            &docs.join(timelines.last().map_or("", String::as_str)),
            &format!("--client {client}: the server's view, one lane per connection"),
            &lanes,
            colour,
            None,
        )?;
        seconds.push((point.seconds(), point.peak));
    }
    let file = "blocking-client.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        &format!("{} sites, one tokio task each", plan.sites),
        "seconds",
        &bars,
    )?;
    let [(blocking, peak), (fixed, _), (spawned, _)] = seconds[..] else {
        unreachable!("three clients")
    };
    let verdict = format!(
        "{}: with ureq inside the tasks the server saw {peak} download at a time and the run took {blocking:.3} s, \
         {:.0}x reqwest's {fixed:.3} s; spawn_blocking gets it back to {spawned:.3} s.",
        if peak == 1 && blocking > 3.0 * fixed {
            "Holds"
        } else {
            "Does not hold"
        },
        blocking / fixed
    );
    Ok(Section {
        title: "3. A blocking library in async code".into(),
        claim:
            "You need special async versions of libraries; a blocking client would be much slower."
                .into(),
        settings: String::new(),
        body,
        charts: std::iter::once(file).chain(timelines).collect(),
        verdict,
    })
}

/// Claim 4: a task that does not cooperate starves the others.
fn starved(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::from(
        "| where fib(38) runs | its time | downloads finished while it ran | last download finished after |\n|---|---:|---:|---:|\n",
    );
    let mut bars = Vec::new();
    let mut figures = Vec::new();
    let mut timelines = Vec::new();
    std::fs::create_dir_all(docs.join("timelines"))?;
    for (hog, colour) in [
        ("in-task", colour::SEQUENTIAL),
        ("spawn-blocking", colour::THREADS),
    ] {
        let point = lab.point(
            "io_asyncio_starved",
            &count_args(plan.sites, &["--hog", hog]),
            &[],
        )?;
        let (hog_ms, during, last) = (
            point.field("hog_ms").as_u64().unwrap_or(0),
            point.field("finished_during_hog").as_u64().unwrap_or(0),
            point.field("last_download_ms").as_u64().unwrap_or(0),
        );
        writeln!(
            body,
            "| {hog} | {hog_ms} ms | {during} of {} | {last} ms |",
            plan.sites
        )?;
        bars.push((hog.to_owned(), last as f64, colour));
        figures.push((hog_ms, during, last));
        // The client's view: one lane per download, the computing shaded.
        let lanes: Vec<chart::Lane> = point
            .field("downloads_ms")
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, d)| {
                let span = (d[0].as_f64().unwrap_or(0.0), d[1].as_f64().unwrap_or(0.0));
                (format!("download {}", i + 1), vec![span])
            })
            .collect();
        let hog_span = point.field("hog_span_ms");
        let shade = (
            hog_span[0].as_f64().unwrap_or(0.0),
            hog_span[1].as_f64().unwrap_or(0.0),
        );
        timelines.push(format!("timelines/io_asyncio_starved-{hog}.svg"));
        chart::timeline(
            &docs.join(timelines.last().map_or("", String::as_str)),
            &format!("--hog {hog}: the client's view, computing shaded"),
            &lanes,
            colour::TASKS,
            Some(shade),
        )?;
    }
    let file = "starved.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        "When the last download finished",
        "milliseconds after the start",
        &bars,
    )?;
    let [(hog_ms, during, last), (_, fixed_during, fixed_last)] = figures[..] else {
        unreachable!("two placements")
    };
    let verdict = format!(
        "{}: computing in a task for {hog_ms} ms let {during} of {} downloads finish meanwhile, and the last finished \
         {last} ms after the start, against {fixed_last} ms (one latency is {} ms) with {fixed_during} finished meanwhile \
         when the computing moved to spawn_blocking.",
        if during == 0 && last >= hog_ms {
            "Holds"
        } else {
            "Does not hold"
        },
        plan.sites,
        lab.latency_ms
    );
    Ok(Section {
        title: "4. A task that does not cooperate".into(),
        claim: "One task that does not cooperate starves the others.".into(),
        settings: String::new(),
        body,
        charts: std::iter::once(file).chain(timelines).collect(),
        verdict,
    })
}

/// Claim 5: for I/O, more processes do not help; and what a worker process costs.
fn processes_io(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body =
        String::from("| processes | time | the latency model | peak |\n|---:|---|---:|---:|\n");
    let (mut measured, mut model) = (vec![], vec![]);
    for &processes in &plan.processes {
        let point = lab.point(
            "io_multiprocessing",
            &count_args(plan.sites, &["--processes", &processes.to_string()]),
            &[],
        )?;
        let floor = (plan.sites as f64 / processes as f64).ceil() * lab.latency_ms as f64 / 1000.0;
        writeln!(
            body,
            "| {processes} | {} | {floor:.3} s | {} |",
            point.describe(),
            point.peak
        )?;
        if point.ok() {
            measured.push((processes as f64, point.seconds()));
        }
        model.push((processes as f64, floor));
    }
    // What starting workers costs: pool_demo with one trivial item per worker.
    body.push_str("\nStarting worker processes (pool_demo, one trivial item each):\n\n| workers | time | per worker |\n|---:|---:|---:|\n");
    let mut per_worker = Vec::new();
    for workers in [1, 8, 32] {
        let mut list = args(&["--processes", &workers.to_string()]);
        list.extend(std::iter::repeat_n("pid".to_owned(), workers));
        let point = lab.point("pool_demo", &list, &[])?;
        let each = point.seconds() / workers as f64 * 1000.0;
        writeln!(
            body,
            "| {workers} | {:.1} ms | {each:.2} ms |",
            point.seconds() * 1000.0
        )?;
        per_worker.push(each);
    }
    let file = "processes-io.svg".to_owned();
    chart::lines(
        &docs.join(&file),
        &Axes {
            title: &format!("io_multiprocessing: {} sites", plan.sites),
            x: "worker processes (log)",
            y: "seconds (log)",
            log_x: true,
            log_y: true,
        },
        &[
            Series {
                name: "measured".into(),
                colour: colour::PROCESSES,
                dashed: false,
                marker: Marker::Circle,
                points: measured.clone(),
            },
            Series {
                name: "sites / processes x latency".into(),
                colour: colour::IDEAL,
                dashed: true,
                marker: Marker::Circle,
                points: model,
            },
        ],
    )?;
    let first = measured.first().context("no process count succeeded")?;
    let last = measured.last().context("no process count succeeded")?;
    let one_worker = per_worker.first().copied().unwrap_or(0.0);
    let verdict = format!(
        "{}: {} worker process took {:.3} s and {} took {:.3} s. Each worker waits on its own download, so more of them \
         overlap more waits, as threads would. Start-up: a pool with one worker process ran in {one_worker:.1} ms in \
         all (pool_demo, above). {}",
        if last.1 < first.1 / 2.0 {
            "Does not hold in Rust"
        } else {
            "Holds"
        },
        first.0,
        first.1,
        last.0,
        last.1,
        tutorial_setting(docs)
    );
    Ok(Section {
        title: "5. More processes for I/O".into(),
        claim: "For I/O, more processes did not make things faster.".into(),
        settings: String::new(),
        body,
        charts: vec![file],
        verdict,
    })
}

/// Claim 6: for CPU work, one process per CPU; threads and rayon too in Rust.
fn cpu_scaling(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let count = plan.cpu_count.to_string();
    let base = lab.point(
        "cpu_non_concurrent",
        &args(&["--json", "--count", &count]),
        &[],
    )?;
    let mut body = format!(
        "cpu_non_concurrent: {} for {count} x fib(35).\n\n| workers | cpu_threading | cpu_rayon | cpu_multiprocessing |\n|---:|---|---|---|\n",
        base.describe()
    );
    let models = [
        ("cpu_threading", colour::THREADS),
        ("cpu_rayon", colour::RAYON),
        ("cpu_multiprocessing", colour::PROCESSES),
    ];
    let mut series: Vec<Series> = models
        .iter()
        .map(|(name, colour)| Series {
            name: (*name).into(),
            colour: *colour,
            dashed: false,
            marker: Marker::Circle,
            points: vec![],
        })
        .collect();
    let mut at_cores = [0.0; 3];
    let mut at_most = [0.0; 3];
    for &workers in &plan.workers {
        let n = workers.to_string();
        let runs: [Point; 3] = [
            lab.point(
                "cpu_threading",
                &args(&["--json", "--count", &count, "--workers", &n]),
                &[],
            )?,
            lab.point(
                "cpu_rayon",
                &args(&["--json", "--count", &count]),
                &[("RAYON_NUM_THREADS", n.clone())],
            )?,
            lab.point(
                "cpu_multiprocessing",
                &args(&["--json", "--count", &count, "--processes", &n]),
                &[],
            )?,
        ];
        let cells: Vec<String> = runs
            .iter()
            .map(|p| format!("{} ({:.2}x)", p.describe(), base.seconds() / p.seconds()))
            .collect();
        writeln!(body, "| {workers} | {} |", cells.join(" | "))?;
        for (i, point) in runs.iter().enumerate() {
            let speedup = base.seconds() / point.seconds();
            series[i].points.push((workers as f64, speedup));
            if workers == cores {
                at_cores[i] = speedup;
            }
            at_most[i] = speedup;
        }
    }
    let ideal = plan
        .workers
        .iter()
        .map(|&w| (w as f64, w.min(cores) as f64))
        .collect();
    series.push(Series {
        name: format!("ideal on {cores} cores"),
        colour: colour::IDEAL,
        dashed: true,
        marker: Marker::Circle,
        points: ideal,
    });
    let file = "cpu-scaling.svg".to_owned();
    chart::lines(
        &docs.join(&file),
        &Axes {
            title: "fib(35) x 20: speed-up against workers",
            x: "threads or processes",
            y: "speed-up over cpu_non_concurrent (1 = one thread)",
            log_x: false,
            log_y: false,
        },
        &series,
    )?;
    let most = plan.workers.last().copied().unwrap_or(1);
    let flat = at_cores.iter().zip(&at_most).all(|(c, m)| *m <= c * 1.1);
    let verdict = format!(
        "{} on {cores} cores: at {cores} workers the speed-ups were {:.2}x (threads), {:.2}x (rayon), {:.2}x (processes); \
         at {most} they were {:.2}x, {:.2}x, {:.2}x. More workers than cores add nothing. In Rust the rule is one \
         *thread* per CPU as much as one process: there is no GIL to escape.",
        if flat {
            "Holds, and for threads too"
        } else {
            "Does not hold"
        },
        at_cores[0],
        at_cores[1],
        at_cores[2],
        at_most[0],
        at_most[1],
        at_most[2]
    );
    Ok(Section {
        title: "6. One process per CPU".into(),
        claim: "For CPU work, one process per CPU.".into(),
        settings: String::new(),
        body,
        charts: vec![file],
        verdict,
    })
}

/// The colour, lighter for a smaller `shade` (0 to 1): variants of one model.
fn shaded(colour: plotters::style::RGBColor, shade: f64) -> plotters::style::RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * shade) as u8;
    plotters::style::RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}
