//! Claim 1: a thread per site is slower than a handful of threads.
//!
//! [`run()`] measures io_threading with 5 threads, 50 threads and a thread per site at
//! each size on both servers, and draws the chart; [`figures()`] reads the points back
//! from the recorded runs for templates/claims/threads.md.

use super::*;

/// The pools compared: a handful (the tutorial's 5), more (50), and a thread per site
/// (`None`).
const CONFIGS: [(&str, Option<usize>); 3] =
    [("5 threads", Some(5)), ("50 threads", Some(50)), ("a thread per site", None)];

/// How many threads a config starts for `sites` sites (io_threading takes at most
/// u16::MAX workers).
fn thread_count(workers: Option<usize>, sites: usize) -> usize {
    workers.unwrap_or(sites).min(u16::MAX as usize)
}

/// Claim 1: a thread per site is slower than a handful of threads.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    // One colour (threads), so the three lines differ by shade and by marker.
    let looks = [(0.55, Marker::Triangle), (0.8, Marker::Cross), (1.0, Marker::Circle)];
    let mut lines: Vec<Series> = CONFIGS
        .iter()
        .zip(looks)
        .map(|((name, _), (shade, marker))| {
            series(name, shaded(colour::THREADS, shade), marker, false)
        })
        .collect();
    for connections in [Connections::Free, Connections::Handshake] {
        let sizes = match connections {
            Connections::Free => &plan.sizes[..],
            Connections::Handshake => plan.handshake_sizes(),
        };
        for &sites in sizes {
            for (i, &(_, workers)) in CONFIGS.iter().enumerate() {
                let n = thread_count(workers, sites).to_string();
                let point = lab.point_on(
                    connections,
                    "io_threading",
                    &count_args(sites, &["--workers", &n]),
                    &[],
                )?;
                if connections == Connections::Free && point.ok() {
                    lines[i].add(sites as f64, &point);
                }
            }
        }
    }
    let file = "threads.svg".to_owned();
    let axes = Axes {
        title: "io_threading: time against sites (free connections)",
        x: "sites (log)",
        y: "seconds (log)",
        log_x: true,
        log_y: true,
    };
    chart::lines(&docs.join(&file), &axes, &lines)?;
    Ok(Section::from_runs(
        "1. A thread per site",
        "A thread for each site is noticeably slower than a handful of threads.",
        vec![file],
    ))
}

/// What claim 1 rests on, read from its recorded runs.
#[derive(Debug, Serialize)]
pub struct Figures {
    /// The rows with free connections, then with the handshake.
    pub cases: Vec<Case<Row>>,
    /// The verdicts, each case's and both together.
    pub judged: TwoCases,
    /// The largest size with free connections: how a thread per site fared there.
    pub largest: Option<Largest>,
}

/// One size: the three pools' points, and the comparison the claim makes.
#[derive(Debug, Serialize)]
pub struct Row {
    /// How many sites.
    pub sites: usize,
    /// 5 threads, 50 threads, a thread per site.
    pub points: Vec<Summary>,
    /// When all three succeeded: the faster of 5 and 50 threads, which a thread per
    /// site is compared with.
    pub best: Option<Best>,
}

/// The faster handful at one size.
#[derive(Debug, Serialize)]
pub struct Best {
    /// `5 threads'` or `50 threads'`, as the verdict names it.
    pub name: &'static str,
    /// Its point.
    pub point: Summary,
}

/// How a thread per site fared at the largest size with free connections.
#[derive(Debug, Serialize)]
pub struct Largest {
    /// How many sites.
    pub sites: usize,
    /// A thread per site's point.
    pub per_site: Summary,
    /// Its downloads that succeeded.
    pub ok: usize,
    /// Five threads' point at the same size.
    pub five: Summary,
    /// Whether a thread per site finished sooner than five threads, beyond the brackets.
    pub sooner: bool,
}

/// Reads claim 1's figures from the runs it recorded.
pub fn figures(section: &Section) -> anyhow::Result<Figures> {
    let handshake_ms = handshake_ms(section);
    let mut cases = Vec::new();
    let mut outcomes = Vec::new();
    let mut largest = None;
    for cost in [0, handshake_ms] {
        let sizes = sizes(section, "io_threading", cost);
        let mut rows = Vec::new();
        let mut case_outcomes = Vec::new();
        for &sites in &sizes {
            let points: Vec<Point> = CONFIGS
                .iter()
                .map(|&(_, workers)| {
                    let (count, n) = (sites.to_string(), thread_count(workers, sites).to_string());
                    section.point_on(cost, "io_threading", &["--count", &count, "--workers", &n])
                })
                .collect::<anyhow::Result<_>>()?;
            let per_site = &points[2];
            if cost == 0 {
                largest = Some(Largest {
                    sites,
                    per_site: per_site.summary(),
                    ok: per_site.median.io().map_or(0, |r| r.ok),
                    five: points[0].summary(),
                    sooner: faster(per_site, &points[0]) == Ordering::Less,
                });
            }
            let best = points.iter().all(Point::ok).then(|| {
                // The best handful: whichever of 5 and 50 threads was faster.
                let (name, best) = if points[0].seconds() <= points[1].seconds() {
                    ("5 threads'", &points[0])
                } else {
                    ("50 threads'", &points[1])
                };
                case_outcomes.push(slower_as_claimed(per_site, best));
                Best { name, point: best.summary() }
            });
            rows.push(Row { sites, points: points.iter().map(Point::summary).collect(), best });
        }
        outcomes.push(case_outcomes);
        cases.push(Case { connection_cost_ms: cost, rows });
    }
    Ok(Figures {
        judged: TwoCases::judge(&outcomes[0], &outcomes[1], handshake_ms),
        cases,
        largest,
    })
}

/// Renders claim 1's section and its verdict from its runs.
pub fn render(section: &Section, pages: &Pages, _docs: &Path) -> anyhow::Result<Rendered> {
    let figures = figures(section)?;
    render_claim("threads", section, &figures, pages)
}
