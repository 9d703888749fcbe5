//! Claim 3: a blocking library inside async code serialises it.

use super::*;

/// How many times slower the blocking client must be for claim 3's "much slower".
const MUCH_SLOWER: f64 = 3.0;

/// Claim 3: a blocking library inside async code serialises it.
pub fn run(lab: &Lab, plan: &Plan, docs: &Path) -> anyhow::Result<Section> {
    let mut body = String::from(
        "| client inside the tasks | time | downloads at once (peak) |\n|---|---|---:|\n",
    );
    let mut bars = Vec::new();
    let mut points = Vec::new();
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
        points.push(point);
    }
    let file = "blocking-client.svg".to_owned();
    chart::bars(
        &docs.join(&file),
        &format!("{} sites, one tokio task each", plan.sites),
        "seconds",
        &bars,
    )?;
    let [blocking, fixed, spawned] = &points[..] else {
        unreachable!("three clients")
    };
    let ratio = blocking.seconds() / fixed.seconds();
    let outcome = match slower_as_claimed(blocking, fixed) {
        Outcome::AsClaimed if ratio < MUCH_SLOWER => Outcome::Tie,
        outcome => outcome,
    };
    let verdict = format!(
        "{}: with ureq inside the tasks the server saw {} download at a time and the run took {}, {ratio:.0}x \
         reqwest's {} (\"much slower\" here means at least {MUCH_SLOWER}x, beyond the brackets). spawn_blocking \
         gets it back to {}, but not as tasks: it runs each blocking call on a thread of tokio's blocking pool (up \
         to 512), so it is a thread per site again, as in claim 1 (the server saw {} at once).",
        judged(&[outcome]),
        blocking.peak,
        bracketed(blocking),
        bracketed(fixed),
        bracketed(spawned),
        spawned.peak
    );
    Ok(Section::new(
        "3. A blocking library in async code",
        "You need special async versions of libraries; a blocking client would be much slower.",
        body,
        std::iter::once(file).chain(timelines).collect(),
        verdict,
    ))
}
