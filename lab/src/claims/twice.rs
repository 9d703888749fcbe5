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
    /// Two claims of this session, or a claim in this session and in the one before on
    /// the same machine.
    pub same_machine: Vec<Twice>,
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
        number: section
            .title
            .split('.')
            .next()
            .unwrap_or_default()
            .to_owned(),
        ran_on,
        seconds: r.wall()?,
    })
}

fn twice(r: &Recorded, first: Measurement, second: Measurement) -> Twice {
    let (a, b) = (first.seconds, second.seconds);
    let (lo, hi) = (a.median.min(b.median), a.median.max(b.median));
    let shown: Vec<&str> = r
        .args
        .iter()
        .map(String::as_str)
        .filter(|a| !matches!(*a, "--quiet" | "--json"))
        .collect();
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
                        out.same_machine.push(pair);
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
                out.same_machine.push(pair);
            } else {
                out.other_machine.push(pair);
            }
        }
    }
    for pair in &out.same_machine {
        for claim in [&pair.first.claim, &pair.second.claim] {
            let margin = out.margins.entry(claim.clone()).or_insert(0.0);
            *margin = margin.max(pair.ratio - 1.0);
        }
    }
    out
}
