//! Claim 4: a task that does not cooperate starves the others.
//!
//! [`run()`] measures io_asyncio_starved with its computing in a task and on tokio's
//! blocking pool, and draws the charts; [`figures()`] reads what the claim rests on back
//! from the recorded runs, so that templates/claims/starved.md renders the table and the
//! verdict from docs/results.json alone.

use super::*;

/// Where io_asyncio_starved computes, in the order the table lists them, with the
/// colour of each in the charts.
const PLACEMENTS: [(&str, RGBColor); 2] =
    [("in-task", colour::SEQUENTIAL), ("spawn-blocking", colour::THREADS)];

/// Claim 4: runs both placements and draws the bars and the client's timelines.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut bars = Vec::new();
    let mut timelines = Vec::new();
    std::fs::create_dir_all(docs.join("timelines"))?;
    for (hog, colour) in PLACEMENTS {
        let point =
            lab.point("io_asyncio_starved", &count_args(plan.sites, &["--hog", hog]), &[])?;
        let last: Vec<f64> = point
            .repeats
            .iter()
            .map(|r| starvation(r).map(|s| s.last_download_ms as f64))
            .collect::<anyhow::Result<_>>()?;
        bars.push(chart::Bar {
            name: hog.to_owned(),
            // The median of the repeats' own figure, not the figure of the run whose
            // wall time was the median.
            value: reports::median_range(&last).map_or(0.0, |m| m.0),
            colour,
            repeats: last,
        });
        // The client's view of the median run: one lane per download, the computing shaded.
        let median = point
            .median
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
    }
    let file = "starved.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        "When the last download finished",
        "milliseconds after the start",
        &bars,
    )?;
    Ok(Section::from_runs(
        "4. A task that does not cooperate",
        "One task that does not cooperate starves the others.",
        std::iter::once(file).chain(timelines).collect(),
    ))
}

/// What claim 4 rests on, read from its recorded runs.
#[derive(Debug, Serialize)]
pub struct Figures {
    /// How many times each placement ran.
    pub repeats: usize,
    /// How many sites each run downloaded.
    pub sites: usize,
    /// The site server's latency, in milliseconds.
    pub latency_ms: u64,
    /// The computing in a task, then on the blocking pool.
    pub placements: Vec<Placement>,
    /// Whether, in every repeat with the computing in a task, no download finished
    /// while it computed and the last finished after it: what the claim says.
    pub starved_every_time: bool,
    /// Holds or does not hold, by the rules.
    pub verdict: Verdict,
}

/// One placement of the computing, every repeat's figures from the smallest to the
/// largest: the claim is about counts, so each repeat counts, not only the median.
#[derive(Debug, Serialize)]
pub struct Placement {
    /// `in-task` or `spawn-blocking`.
    pub hog: String,
    /// How long the computing took, in milliseconds.
    pub hog_ms: MinMax,
    /// How many downloads finished while it ran.
    pub during: MinMax,
    /// When the last download finished, in milliseconds after the start.
    pub last_ms: MinMax,
}

/// Reads claim 4's figures from the runs it recorded.
pub fn figures(section: &Section) -> anyhow::Result<Figures> {
    let mut placements = Vec::new();
    let mut in_task_starved = false;
    let mut sites = 0;
    for (hog, _) in PLACEMENTS {
        let recorded = section.point("io_asyncio_starved", &["--hog", hog])?;
        let measured: Vec<reports::Starvation> =
            recorded.repeats.iter().map(starvation).collect::<anyhow::Result<_>>()?;
        sites = recorded
            .repeats
            .iter()
            .find_map(|r| r.io().map(|report| report.sites))
            .context("io_asyncio_starved printed no report")?;
        if hog == "in-task" {
            in_task_starved = measured
                .iter()
                .all(|s| s.finished_during_hog == 0 && s.last_download_ms >= s.hog_ms);
        }
        let each = |figure: fn(&reports::Starvation) -> u64| {
            MinMax::of(measured.iter().map(figure)).context("a point without repeats")
        };
        placements.push(Placement {
            hog: hog.to_owned(),
            hog_ms: each(|s| s.hog_ms)?,
            during: each(|s| s.finished_during_hog)?,
            last_ms: each(|s| s.last_download_ms)?,
        });
    }
    let outcome = if in_task_starved { Outcome::AsClaimed } else { Outcome::Against };
    Ok(Figures {
        repeats: section.meta.repeat,
        sites,
        latency_ms: section.meta.latency_ms,
        placements,
        starved_every_time: in_task_starved,
        verdict: judged(&[outcome]),
    })
}

/// Renders claim 4's section and its verdict from its runs.
pub fn render(section: &Section, pages: &Pages, _docs: &Path) -> anyhow::Result<Rendered> {
    let figures = figures(section)?;
    render_claim("starved", section, &figures, pages)
}

/// What io_asyncio_starved measured in one repeat.
fn starvation(repeat: &Repeat) -> anyhow::Result<reports::Starvation> {
    repeat.starvation().context("io_asyncio_starved printed no starvation figures")
}
