//! Claim 1: a thread per site is slower than a handful of threads.

use super::*;

/// Claim 1: a thread per site is slower than a handful of threads.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let configs: [(&str, Option<usize>); 3] = [
        ("5 threads", Some(5)),
        ("50 threads", Some(50)),
        ("a thread per site", None),
    ];
    // One colour (threads), so the three lines differ by shade and by marker.
    let looks = [
        (0.55, Marker::Triangle),
        (0.8, Marker::Cross),
        (1.0, Marker::Circle),
    ];
    let mut lines: Vec<Series> = configs
        .iter()
        .zip(looks)
        .map(|((name, _), (shade, marker))| {
            series(name, shaded(colour::THREADS, shade), marker, false)
        })
        .collect();
    let mut body = String::new();
    let mut cases = Vec::new();
    let mut largest_per_site = String::new();
    let mut cpu_note = String::new();
    for connections in [Connections::Free, Connections::Handshake] {
        let sizes = match connections {
            Connections::Free => &plan.sizes[..],
            Connections::Handshake => plan.handshake_sizes(),
        };
        body.push_str(&connections_heading(lab, connections));
        body.push_str(
            "| sites | 5 threads | 50 threads | a thread per site |\n|---:|---|---|---|\n",
        );
        let mut outcomes = Vec::new();
        let mut evidence = Vec::new();
        for &sites in sizes {
            let mut cells = Vec::new();
            let mut points = Vec::new();
            for (i, &(_, workers)) in configs.iter().enumerate() {
                let n = workers.unwrap_or(sites).min(u16::MAX as usize).to_string();
                let point = lab.point_on(
                    connections,
                    "io_threading",
                    &count_args(sites, &["--workers", &n]),
                    &[],
                )?;
                cells.push(format!("{} (peak {})", point.describe(), point.peak));
                if connections == Connections::Free && point.ok() {
                    lines[i].add(sites as f64, &point);
                }
                points.push(point);
            }
            writeln!(body, "| {sites} | {} |", cells.join(" | "))?;
            let per_site = &points[2];
            if connections == Connections::Free {
                largest_per_site = format!(
                    "At {sites} sites a thread per site {}: {} of {sites} downloaded, {} failed.",
                    if per_site.ok() { "completed" } else { "failed" },
                    per_site.run.io().map_or(0, |r| r.ok),
                    per_site.run.io().map_or(0, |r| r.failed),
                );
                if !per_site.ok() {
                    write!(largest_per_site, " The reason: {}", per_site.run.last_error)?;
                }
                let sooner = if faster(per_site, &points[0]) == Ordering::Less {
                    ", and still finished sooner, beyond the brackets: starting a thread cost less than the wait it \
                     overlapped"
                } else {
                    ""
                };
                cpu_note = format!(
                    "There a thread per site used {:.2} s of CPU, against {:.2} s for five threads{sooner}.",
                    per_site.cpu(),
                    points[0].cpu()
                );
            }
            if points.iter().all(Point::ok) {
                // The best handful: whichever of 5 and 50 threads was faster.
                let (best_name, best) = if points[0].seconds() <= points[1].seconds() {
                    ("5 threads'", &points[0])
                } else {
                    ("50 threads'", &points[1])
                };
                outcomes.push(slower_as_claimed(per_site, best));
                evidence.push(format!(
                    "at {sites} sites a thread per site took {} against {best_name} {}",
                    bracketed(per_site),
                    bracketed(best)
                ));
            }
        }
        cases.push((outcomes, evidence.join(", ")));
    }
    body.push_str("\n(peak = the most downloads the site server saw at once)\n");
    let file = "threads.svg".to_owned();
    let axes = Axes {
        title: "io_threading: time against sites (free connections)",
        x: "sites (log)",
        y: "seconds (log)",
        log_x: true,
        log_y: true,
    };
    chart::lines(&docs.join(&file), &axes, &lines)?;
    let handshake = cases.pop().unwrap_or_default();
    let free = cases.pop().unwrap_or_default();
    let verdict = format!(
        "{} {largest_per_site} {cpu_note} This compares Rust threads only: the tutorial's Python was measured with its 5 threads \
         (python-vs-rust/); a CPython thread is an OS thread too, so how a thread per site fares in Python is not \
         measured here.",
        with_and_without(lab, free, handshake)
    );
    Ok(Section::new(
        "1. A thread per site",
        "A thread for each site is noticeably slower than a handful of threads.",
        body,
        vec![file],
        verdict,
    ))
}
