//! Claim 5: for I/O, more processes do not help; and what a worker process costs.

use super::*;

/// Claim 5: for I/O, more processes do not help; and what a worker process costs.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::new();
    let mut lines = [
        series(
            "measured, free connections",
            colour::PROCESSES,
            Marker::Circle,
            false,
        ),
        series(
            &format!("measured, {} ms handshake", lab.handshake_ms),
            colour::PROCESSES,
            Marker::Triangle,
            true,
        ),
        series(
            "sites / processes x latency",
            colour::IDEAL,
            Marker::None,
            true,
        ),
    ];
    let mut cases = Vec::new();
    for (k, connections) in [Connections::Free, Connections::Handshake]
        .into_iter()
        .enumerate()
    {
        body.push_str(&connections_heading(lab, connections));
        body.push_str("| processes | time | the latency model | peak | new connections |\n|---:|---|---:|---:|---:|\n");
        let mut points = Vec::new();
        for &processes in &plan.processes {
            let point = lab.point_on(
                connections,
                "io_multiprocessing",
                &count_args(plan.sites, &["--processes", &processes.to_string()]),
                &[],
            )?;
            let floor =
                (plan.sites as f64 / processes as f64).ceil() * lab.latency_ms as f64 / 1000.0;
            let opened = point.repeats.first().map_or(0, |r| r.handshakes);
            writeln!(
                body,
                "| {processes} | {} | {floor:.3} s | {} | {opened} |",
                point.describe(),
                point.peak,
            )?;
            if point.ok() {
                lines[k].add(processes as f64, &point);
                points.push((processes, point));
            }
            if connections == Connections::Free {
                lines[2].points.push((processes as f64, floor));
            }
        }
        let (Some((few, first)), Some((many, last))) = (points.first(), points.last()) else {
            cases.push((Vec::new(), "no process count succeeded".to_owned()));
            continue;
        };
        cases.push((
            vec![no_faster_as_claimed(last, first)],
            format!(
                "{few} worker process took {} and {many} took {}",
                bracketed(first),
                bracketed(last)
            ),
        ));
    }
    // What starting workers costs: pool_demo with one trivial item per worker.
    body.push_str("\nStarting worker processes (pool_demo, one trivial item each):\n\n| workers | time | per worker |\n|---:|---|---:|\n");
    let mut one_worker = String::new();
    for workers in [1, 8, 32] {
        let mut list = args(&["--processes", &workers.to_string()]);
        list.extend(std::iter::repeat_n("pid".to_owned(), workers));
        let point = lab.point("pool_demo", &list, &[])?;
        let (lo, hi) = point.spread();
        let time = format!(
            "{:.1} ms [{:.1}–{:.1}]",
            point.seconds() * 1000.0,
            lo * 1000.0,
            hi * 1000.0
        );
        writeln!(
            body,
            "| {workers} | {time} | {:.2} ms |",
            point.seconds() / workers as f64 * 1000.0
        )?;
        if workers == 1 {
            one_worker = time;
        }
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
        &lines,
    )?;
    let handshake = cases.pop().unwrap_or_default();
    let free = cases.pop().unwrap_or_default();
    let verdict = format!(
        "{} Each worker waits on its own download, so more of them overlap more waits, as threads would. \
         Start-up: a pool with one worker process ran in {one_worker} in all (pool_demo, above). {}",
        with_and_without(lab, free, handshake),
        tutorial_setting(docs)
    );
    Ok(Section::new(
        "5. More processes for I/O",
        "For I/O, more processes did not make things faster.",
        body,
        vec![file],
        verdict,
    ))
}
