//! Claim 4: a task that does not cooperate starves the others.

use super::*;

/// Claim 4: a task that does not cooperate starves the others.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::from(
        "| where fib(38) runs | its time | downloads finished while it ran | last download finished after |\n|---|---:|---:|---:|\n",
    );
    let mut bars = Vec::new();
    let mut placements = Vec::new();
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
        // Every repeat's own figures: the claim is about counts, so each repeat counts.
        let measured: Vec<reports::Starvation> = point
            .repeats
            .iter()
            .map(|r| {
                r.starvation()
                    .context("io_asyncio_starved printed no starvation figures")
            })
            .collect::<anyhow::Result<_>>()?;
        let each = |figure: fn(&reports::Starvation) -> u64| -> Vec<u64> {
            measured.iter().map(figure).collect()
        };
        let (hog_ms, during, last) = (
            each(|s| s.hog_ms),
            each(|s| s.finished_during_hog),
            each(|s| s.last_download_ms),
        );
        let range = |values: &[u64], unit: &str| {
            let (lo, hi) = (
                values.iter().min().copied().unwrap_or(0),
                values.iter().max().copied().unwrap_or(0),
            );
            if lo == hi {
                format!("{lo}{unit}")
            } else {
                format!("{lo}–{hi}{unit}")
            }
        };
        writeln!(
            body,
            "| {hog} | {} | {} of {} | {} |",
            range(&hog_ms, " ms"),
            range(&during, ""),
            plan.sites,
            range(&last, " ms")
        )?;
        let as_f64: Vec<f64> = last.iter().map(|&v| v as f64).collect();
        bars.push(chart::Bar {
            name: hog.to_owned(),
            // The median of the repeats' own figure, not the figure of the run whose
            // wall time was the median.
            value: reports::median_range(&as_f64).map_or(0.0, |m| m.0),
            colour,
            repeats: as_f64,
        });
        // The client's view of the median run: one lane per download, the computing shaded.
        let median = point
            .run
            .starvation()
            .context("io_asyncio_starved printed no starvation figures")?;
        let lanes: Vec<chart::Lane> = median
            .downloads_ms
            .iter()
            .enumerate()
            .map(|(i, [start, end])| (format!("download {}", i + 1), vec![(*start, *end)]))
            .collect();
        let shade = (median.hog_span_ms[0], median.hog_span_ms[1]);
        timelines.push(format!("timelines/io_asyncio_starved-{hog}.svg"));
        chart::timeline(
            &docs.join(timelines.last().map_or("", String::as_str)),
            &format!("--hog {hog}: the client's view, computing shaded"),
            &lanes,
            colour::TASKS,
            Some(shade),
        )?;
        let (last_text, hog_text) = (range(&last, " ms"), range(&hog_ms, " ms"));
        placements.push((hog_ms, during, last, last_text, hog_text));
    }
    let file = "starved.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        "When the last download finished",
        "milliseconds after the start",
        &bars,
    )?;
    let [in_task, moved] = &placements[..] else {
        unreachable!("two placements")
    };
    // As claimed when, in every repeat, no download finished while the task computed
    // and the last one finished after the computing.
    let starved_every_time = in_task.1.iter().all(|&d| d == 0)
        && in_task
            .0
            .iter()
            .zip(&in_task.2)
            .all(|(hog, last)| last >= hog);
    let outcome = if starved_every_time {
        Outcome::AsClaimed
    } else {
        Outcome::Against
    };
    let verdict = format!(
        "{}: in each of {} runs, computing inside a task for {} let none of the {} downloads finish meanwhile, and \
         the last finished {} after the start; with the computing moved to spawn_blocking the last finished {} after \
         the start (one latency is {} ms).",
        judged(&[outcome]),
        in_task.1.len(),
        in_task.4,
        plan.sites,
        in_task.3,
        moved.3,
        lab.latency_ms
    );
    Ok(Section::new(
        "4. A task that does not cooperate",
        "One task that does not cooperate starves the others.",
        body,
        std::iter::once(file).chain(timelines).collect(),
        verdict,
    ))
}
