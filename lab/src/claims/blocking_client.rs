//! Claim 3: a blocking library inside async code serialises it.
//!
//! [`run()`] measures io_asyncio_blocking with each client and draws the charts;
//! [`figures()`] reads the points back from the recorded runs for
//! templates/claims/blocking-client.md.

use super::*;

/// How many times slower the blocking client must be for claim 3's "much slower".
const MUCH_SLOWER: u32 = 3;

/// The clients io_asyncio_blocking's tasks use, in the table's order: the mistake, the
/// async client, and the blocking pool; with the colour of each in the charts.
const CLIENTS: [(&str, RGBColor); 3] = [
    ("blocking", colour::SEQUENTIAL),
    ("reqwest", colour::TASKS),
    ("spawn-blocking", colour::THREADS),
];

/// Claim 3: runs each client and draws the bars and the server's timelines.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut bars = Vec::new();
    let mut timelines = Vec::new();
    std::fs::create_dir_all(docs.join("timelines"))?;
    for (client, colour) in CLIENTS {
        let point =
            lab.point("io_asyncio_blocking", &count_args(plan.sites, &["--client", client]), &[])?;
        bars.push(chart::Bar {
            name: client.to_owned(),
            value: point.seconds(),
            colour,
            repeats: point.repeats.iter().map(|r| r.wall_s).collect(),
        });
        let lanes = lab.last_run_lanes()?;
        timelines.push(format!("timelines/io_asyncio_blocking-{client}.svg"));
        chart::timeline(
            &docs.join(timelines.last().map_or("", String::as_str)),
            &format!("--client {client}: the server's view, one lane per connection"),
            &lanes,
            colour,
            None,
        )?;
    }
    let file = "blocking-client.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        &format!("{} sites, one tokio task each", plan.sites),
        "seconds",
        &bars,
    )?;
    Ok(Section::from_runs(
        "3. A blocking library in async code",
        "You need special async versions of libraries; a blocking client would be much slower.",
        std::iter::once(file).chain(timelines).collect(),
    ))
}

/// What claim 3 rests on, read from its recorded runs.
#[derive(Debug, Serialize)]
pub struct Figures {
    /// Each client's point, in the order of [`CLIENTS`].
    pub clients: Vec<Client>,
    /// How many times slower the blocking client was than reqwest (medians).
    pub ratio: f64,
    /// The factor "much slower" stands for.
    pub much_slower: u32,
    /// Holds or not, by the rules: slower beyond the brackets, by [`MUCH_SLOWER`].
    pub verdict: Verdict,
}

/// One client's point.
#[derive(Debug, Serialize)]
pub struct Client {
    /// `blocking`, `reqwest` or `spawn-blocking`.
    pub name: &'static str,
    /// Its point.
    pub point: Summary,
}

/// Reads claim 3's figures from the runs it recorded.
pub fn figures(section: &Section) -> anyhow::Result<Figures> {
    let points: Vec<Point> = CLIENTS
        .iter()
        .map(|(client, _)| section.point("io_asyncio_blocking", &["--client", client]))
        .collect::<anyhow::Result<_>>()?;
    let [blocking, fixed, _] = &points[..] else {
        anyhow::bail!("claim 3 needs three clients' points")
    };
    let ratio = blocking.seconds() / fixed.seconds();
    let outcome = match slower_as_claimed(blocking, fixed) {
        Outcome::AsClaimed if ratio < f64::from(MUCH_SLOWER) => Outcome::Tie,
        outcome => outcome,
    };
    Ok(Figures {
        clients: CLIENTS
            .iter()
            .zip(&points)
            .map(|((name, _), point)| Client { name, point: point.summary() })
            .collect(),
        ratio,
        much_slower: MUCH_SLOWER,
        verdict: judged(&[outcome]),
    })
}

/// Renders claim 3's section and its verdict from its runs.
pub fn render(section: &Section, pages: &Pages, _docs: &Path) -> anyhow::Result<Rendered> {
    let figures = figures(section)?;
    render_claim("blocking-client", section, &figures, pages)
}
