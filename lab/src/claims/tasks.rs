//! Claim 2: hundreds of async tasks do not slow asyncio down; tasks against threads.

use super::*;

/// Claim 2: hundreds of tasks do not slow asyncio down; tasks against threads.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime_threads = cores.max(2).to_string();
    let mut body = format!(
        "The comparison: the tasks (io_asyncio, one runtime thread, as asyncio has one event loop) against a \
         thread per site, the other way to keep every download in flight at once. The column \"tasks on \
         {runtime_threads} threads\" is the same tasks on a multi-thread runtime of {runtime_threads} threads (the lab's variant \
         io_asyncio_threads --threads {runtime_threads}), to show what one thread costs. reqwest opens as many connections as \
         there are downloads; aiohttp, in the tutorial's Python, stops at 100 per session.\n"
    );
    let mut lines = [
        series(
            "async tasks (io_asyncio)",
            colour::TASKS,
            Marker::Circle,
            false,
        ),
        series(
            &format!("tasks on {runtime_threads} runtime threads"),
            colour::TASKS,
            Marker::Triangle,
            true,
        ),
        series("a thread per site", colour::THREADS, Marker::Circle, false),
    ];
    let mut memory = [
        series(
            "async tasks (io_asyncio)",
            colour::TASKS,
            Marker::Circle,
            false,
        ),
        series("a thread per site", colour::THREADS, Marker::Circle, false),
    ];
    let mut cases = Vec::new();
    let mut free_points: Vec<(usize, [Point; 3])> = Vec::new();
    for connections in [Connections::Free, Connections::Handshake] {
        body.push_str(&connections_heading(lab, connections));
        body.push_str(&format!(
            "| sites | tasks: time | tasks on {runtime_threads} threads: time | thread per site: time | \
             tasks: peak RSS | thread per site: peak RSS | tasks: peak | thread per site: peak |\n\
             |---:|---|---|---|---:|---:|---:|---:|\n"
        ));
        let (mut outcomes, mut evidence) = (Vec::new(), Vec::new());
        for &sites in &plan.sizes {
            let workers = sites.min(u16::MAX as usize).to_string();
            let threads = ["--threads", &runtime_threads];
            // The three in one batch, taking turns: at 10,000 sites they are busy enough
            // for the machine's slow stretches to matter.
            let jobs = [
                Job::new("io_asyncio", &count_args(sites, &[])),
                Job::new("io_asyncio_threads", &count_args(sites, &threads)),
                Job::new("io_threading", &count_args(sites, &["--workers", &workers])),
            ];
            let points: [Point; 3] = lab
                .batch(connections, &jobs)?
                .try_into()
                .map_err(|_| anyhow::anyhow!("the batch returns a point per job"))?;
            let [task, multi, thread] = &points;
            writeln!(
                body,
                "| {sites} | {} | {} | {} | {:.1} MiB | {:.1} MiB | {} | {} |",
                task.describe(),
                multi.describe(),
                thread.describe(),
                task.rss_mb(),
                thread.rss_mb(),
                task.peak,
                thread.peak
            )?;
            if task.ok() && thread.ok() {
                outcomes.push(slower_as_claimed(thread, task));
                evidence.push(format!(
                    "at {sites} sites the tasks took {} against a thread per site's {}",
                    bracketed(task),
                    bracketed(thread)
                ));
            }
            if connections == Connections::Free {
                for (line, point) in lines.iter_mut().zip(&points) {
                    if point.ok() {
                        line.add(sites as f64, point);
                    }
                }
                for (line, point) in memory.iter_mut().zip([task, thread]) {
                    if point.ok() {
                        line.points.push((sites as f64, point.rss_mb()));
                        line.repeats.extend(
                            point
                                .repeats
                                .iter()
                                .map(|r| (sites as f64, r.max_rss_kb as f64 / 1024.0)),
                        );
                    }
                }
                free_points.push((sites, points));
            }
        }
        cases.push((outcomes, evidence.join(", ")));
    }
    let (seconds_file, memory_file) = ("tasks-time.svg".to_owned(), "tasks-memory.svg".to_owned());
    chart::lines(
        &docs.join(&seconds_file),
        &Axes {
            title: "Tasks and threads: time against sites (free connections)",
            x: "sites (log)",
            y: "seconds (log)",
            log_x: true,
            log_y: true,
        },
        &lines,
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
        &memory,
    )?;
    let handshake = cases.pop().unwrap_or_default();
    let free = cases.pop().unwrap_or_default();
    let verdict = format!(
        "{} {}",
        with_and_without(lab, free, handshake),
        what_grows(&free_points, &runtime_threads)
    );
    Ok(Section::new(
        "2. Hundreds of async tasks",
        "asyncio with hundreds of tasks didn't slow it down at all.",
        body,
        vec![seconds_file, memory_file],
        verdict,
    ))
}

/// Claim 2's causes, from the free-connection runs: how busy the one runtime thread was
/// at the largest size, what a second runtime thread did, and the memory each download
/// in flight costs in each model (the growth of peak RSS over the growth of the peak).
fn what_grows(points: &[(usize, [Point; 3])], runtime_threads: &str) -> String {
    let (Some((small, [task0, _, thread0])), Some((large, [task, multi, thread]))) =
        (points.first(), points.last())
    else {
        return String::new();
    };
    let busy = task.cpu() / task.seconds();
    let mut text = format!(
        "At {large} sites the tasks' one thread was busy for {:.2} s of their {:.3} s ({:.0}%){}",
        task.cpu(),
        task.seconds(),
        100.0 * busy,
        if busy >= 0.8 {
            ": what grows with the sites is work, not waiting, and one thread does all of it."
        } else {
            "."
        }
    );
    write!(
        text,
        " A thread per site used {:.2} s of CPU in {:.3} s{}. On {runtime_threads} runtime threads the same tasks \
         took {} (CPU {:.2} s): {}.",
        thread.cpu(),
        thread.seconds(),
        if thread.cpu() > 1.1 * thread.seconds() {
            ", more than one core's worth"
        } else {
            ""
        },
        bracketed(multi),
        multi.cpu(),
        match faster(multi, task) {
            Ordering::Less => "faster than on one, beyond the brackets",
            Ordering::Equal => "a tie with one thread",
            Ordering::Greater => "slower than on one, beyond the brackets",
        }
    )
    .ok();
    let per_download = |a: &Point, b: &Point| {
        let grew_kb = b.run.max_rss_kb as f64 - a.run.max_rss_kb as f64;
        let more = b.peak as f64 - a.peak as f64;
        (more > 0.0).then(|| grew_kb / more)
    };
    if let (Some(t), Some(h)) = (per_download(task0, task), per_download(thread0, thread)) {
        write!(
            text,
            " Memory per download in flight, from {small} to {large} sites: about {t:.0} KiB for a task ({:.0} MiB \
             more for {} more in flight) and about {h:.0} KiB for a thread ({:.0} MiB more for {} more): a thread \
             per site keeps fewer downloads in flight at once ({} at most: the first finish while the last start), \
             so its peak RSS alone hides what each one costs.",
            (task.rss_mb() - task0.rss_mb()),
            task.peak - task0.peak.min(task.peak),
            (thread.rss_mb() - thread0.rss_mb()),
            thread.peak - thread0.peak.min(thread.peak),
            thread.peak
        )
        .ok();
    }
    text
}
