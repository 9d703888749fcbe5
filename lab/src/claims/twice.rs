//! The same point measured twice: by two claims in one session (claims 1 and 2 both
//! run a thread per site), or by one claim in this session and the one before it. How
//! far apart the two medians came is variation that a point's own brackets do not
//! show; templates/rules.md asks a comparison's difference to exceed it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Section;
use super::bench::Recorded;
use crate::book::Spread;

/// Two measurements of one point, and how far apart they came.
#[derive(Debug, Clone, Serialize)]
pub struct Twice {
    /// The program and its arguments, without the flags every run has.
    pub point: String,
    /// What a new connection cost, in milliseconds.
    pub connection_cost_ms: u64,
    /// The first measurement: the claim's title and day...
    pub first: Measurement,
    /// ...and the second.
    pub second: Measurement,
    /// The slower median over the faster.
    pub ratio: f64,
    /// Whether the two measurements' repeats overlap.
    pub overlap: bool,
}

/// Where a measurement of a point comes from, and its times.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// The claim's heading.
    pub claim: String,
    /// Its number, as the heading begins (`7`).
    pub number: String,
    /// The day it ran, if kept.
    pub ran_on: Option<String>,
    /// Its wall time over its repeats.
    pub seconds: Spread,
}

/// Every point measured twice on one machine, each claim's largest gap among them, and
/// the pairs measured on two machines (reported, not counted).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Variation {
    /// Two claims of this session, on the same machine.
    pub across_claims: Vec<Twice>,
    /// A claim in this session and in the one before, on the same machine.
    pub across_sessions: Vec<Twice>,
    /// For each claim (by heading), the largest `ratio - 1` of the pairs it is part
    /// of: the margin its comparisons must exceed (none when it has no such pair).
    pub margins: BTreeMap<String, f64>,
    /// Pairs measured on two machines whose descriptions differ: reported, not counted.
    pub other_machine: Vec<Twice>,
}

/// What makes two recorded runs the same point: program, arguments, environment,
/// connection cost and copies at once.
fn key(r: &Recorded) -> String {
    let env: Vec<String> = r.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "{} {} {} cost={} copies={}",
        env.join(" "),
        r.example,
        r.args.join(" "),
        r.connection_cost_ms,
        r.copies_at_once
    )
}

fn measurement(section: &Section, ran_on: Option<String>, r: &Recorded) -> Option<Measurement> {
    Some(Measurement {
        claim: section.title.clone(),
        number: section.title.split('.').next().unwrap_or_default().to_owned(),
        ran_on,
        seconds: r.wall()?,
    })
}

fn twice(r: &Recorded, first: Measurement, second: Measurement) -> Twice {
    let (a, b) = (first.seconds, second.seconds);
    let (lo, hi) = (a.median.min(b.median), a.median.max(b.median));
    let shown: Vec<&str> =
        r.args.iter().map(String::as_str).filter(|a| !matches!(*a, "--quiet" | "--json")).collect();
    let env: Vec<String> = r.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    Twice {
        point: format!("{}{} {}", env.concat(), r.example, shown.join(" ")),
        connection_cost_ms: r.connection_cost_ms,
        ratio: hi / lo,
        overlap: a.lo <= b.hi && b.lo <= a.hi,
        first,
        second,
    }
}

/// Finds every point measured twice in the saved sections, in the tutorial's order.
pub fn variation(sections: &[&Section]) -> Variation {
    let mut out = Variation::default();
    // Within this session: the first claim to run a point, then each later one.
    let mut seen: BTreeMap<String, (Measurement, &str)> = BTreeMap::new();
    for section in sections {
        for r in &section.runs {
            let Some(here) = measurement(section, section.meta.ran_on.clone(), r) else {
                continue;
            };
            match seen.get(&key(r)) {
                Some((first, machine)) => {
                    let pair = twice(r, first.clone(), here);
                    if *machine == section.meta.machine {
                        out.across_claims.push(pair);
                    } else {
                        out.other_machine.push(pair);
                    }
                }
                None => {
                    seen.insert(key(r), (here, &section.meta.machine));
                }
            }
        }
    }
    // Against the session before, for each claim that kept it.
    for section in sections {
        let Some(previous) = &section.previous else {
            continue;
        };
        let same = previous.meta.machine == section.meta.machine;
        for r in &section.runs {
            let Some(old) = previous.runs.iter().find(|p| key(p) == key(r)) else {
                continue;
            };
            let (Some(first), Some(second)) = (
                measurement(section, previous.meta.ran_on.clone(), old),
                measurement(section, section.meta.ran_on.clone(), r),
            ) else {
                continue;
            };
            let pair = twice(r, first, second);
            if same {
                out.across_sessions.push(pair);
            } else {
                out.other_machine.push(pair);
            }
        }
    }
    for pair in out.across_claims.iter().chain(&out.across_sessions) {
        for claim in [&pair.first.claim, &pair.second.claim] {
            let margin = out.margins.entry(claim.clone()).or_insert(0.0);
            *margin = margin.max(pair.ratio - 1.0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::repeat;
    use super::super::{Meta, Previous};
    use super::*;

    fn recorded(example: &str, walls: &[f64]) -> Recorded {
        Recorded {
            example: example.to_owned(),
            args: vec!["--count".to_owned(), "160".to_owned()],
            env: Vec::new(),
            copies_at_once: 1,
            connection_cost_ms: 0,
            repeats: walls.iter().map(|&wall_s| repeat(wall_s, wall_s)).collect(),
        }
    }

    fn section(title: &str, machine: &str, runs: Vec<Recorded>) -> Section {
        Section {
            title: title.to_owned(),
            claim: String::new(),
            meta: Meta { machine: machine.to_owned(), ..Meta::default() },
            charts: Vec::new(),
            runs,
            previous: None,
            margin: 0.0,
        }
    }

    #[test]
    fn a_point_two_claims_ran_or_two_sessions_gives_each_claim_its_widest_gap() {
        let one = section("1. Threads", "m", vec![recorded("io_threading", &[1.0, 1.1, 1.2])]);
        let mut two = section(
            "2. Tasks",
            "m",
            vec![
                recorded("io_threading", &[1.2, 1.32, 1.4]),
                recorded("io_asyncio", &[0.1, 0.1, 0.1]),
            ],
        );
        two.previous = Some(Box::new(Previous {
            meta: two.meta.clone(),
            runs: vec![recorded("io_asyncio", &[0.15, 0.15, 0.15])],
        }));
        let elsewhere = section("3. Elsewhere", "n", vec![recorded("io_asyncio", &[9.0])]);
        let v = variation(&[&one, &two, &elsewhere]);
        assert_eq!(v.across_claims.len(), 1);
        assert_eq!(v.across_claims[0].point, "io_threading --count 160");
        assert!(v.across_claims[0].overlap, "1.0-1.2 against 1.2-1.4");
        assert_eq!(v.across_sessions.len(), 1);
        assert!(!v.across_sessions[0].overlap);
        // Another machine's run of the same point is shown, not counted.
        assert_eq!(v.other_machine.len(), 1);
        assert!(!v.margins.contains_key("3. Elsewhere"));
        // Claim 1: 1.32 over 1.1; claim 2 also has 0.15 over 0.1, the wider.
        assert!((v.margins["1. Threads"] - 0.2).abs() < 1e-9, "{:?}", v.margins);
        assert!((v.margins["2. Tasks"] - 0.5).abs() < 1e-9, "{:?}", v.margins);
    }
}
