//! The committed sets, read for rendering: a point's measure over its repeats, with its
//! unit and its margin, and how each kind of figure is written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, anyhow, bail};

use crate::record::{Point, Repeat, Set, Span};
use crate::stats::{self, Ratio, Spread};

/// Every set of docs/runs, by name.
pub struct Data {
    /// The sets.
    pub sets: BTreeMap<String, Set>,
}

/// How a measure is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    /// Seconds of wall time (three decimals below ten).
    Wall,
    /// Seconds of CPU time (two decimals below ten).
    Cpu,
    /// Milliseconds.
    Ms,
    /// MiB, from KiB.
    MiB,
    /// A whole number.
    Count,
    /// A ratio: `4.97x`.
    Times,
}

/// A measure of one point: one value per repeat.
#[derive(Debug, Clone)]
pub struct Measure {
    /// The values, in the order the repeats ran.
    pub values: Vec<f64>,
    /// How to write them.
    pub unit: Unit,
}

impl Data {
    /// Every set in `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Data> {
        Ok(Data { sets: Set::read_all(dir)? })
    }

    /// The set `name`.
    pub fn set(&self, name: &str) -> anyhow::Result<&Set> {
        self.sets.get(name).ok_or_else(|| anyhow!("no set called {name} in docs/runs"))
    }

    /// The point `id` of set `set`.
    pub fn point(&self, set: &str, id: &str) -> anyhow::Result<&Point> {
        let of = self.set(set)?;
        of.point(id).ok_or_else(|| {
            let ids: Vec<&str> = of.points.iter().map(|p| p.id.as_str()).collect();
            anyhow!("no point {id} in set {set}; it has: {}", ids.join(", "))
        })
    }

    /// `measure` of point `id` in `set`, over its repeats.
    pub fn measure(&self, set: &str, id: &str, measure: &str) -> anyhow::Result<Measure> {
        let point = self.point(set, id)?;
        if let Some(base) = measure.strip_prefix("speedup:") {
            // How many times as long the base took, median over median, as a Times.
            let base = self.measure(set, base, "wall")?.spread()?;
            let this = self.measure(set, id, "wall")?.spread()?;
            let r = stats::ratio(&base, &this);
            return Ok(Measure { values: vec![r.lo, r.x, r.hi], unit: Unit::Times });
        }
        let values: Option<Vec<f64>> = point.repeats.iter().map(|r| value(r, measure)).collect();
        let unit = unit_of(measure).with_context(|| format!("no measure called {measure}"))?;
        let values = values
            .filter(|v| !v.is_empty())
            .with_context(|| format!("{set} {id}: a repeat has no {measure}"))?;
        Ok(Measure { values, unit })
    }

    /// How far `measure` of point `id` moved from its earlier session, if the set has one
    /// that measured the point: its margin for comparisons.
    pub fn margin(&self, set: &str, id: &str, measure: &str) -> anyhow::Result<f64> {
        let Some(earlier) = &self.set(set)?.earlier else { return Ok(0.0) };
        if self.set(earlier)?.point(id).is_none() {
            return Ok(0.0);
        }
        let here = self.measure(set, id, measure)?.spread()?.median;
        let there = self.measure(earlier, id, measure)?.spread()?.median;
        Ok(stats::margin(here, there))
    }
}

impl Measure {
    /// The median and spread of the values.
    pub fn spread(&self) -> anyhow::Result<Spread> {
        Spread::of(&self.values).context("no values")
    }

    /// `8.285 s [8.277–8.290]`, or `8.285 s` when every repeat agreed.
    pub fn written(&self) -> anyhow::Result<String> {
        let s = self.spread()?;
        if self.unit == Unit::Times {
            return Ok(times(&Ratio { x: self.values[1], lo: s.lo, hi: s.hi }));
        }
        let (median, lo, hi) =
            (number(s.median, self.unit), number(s.lo, self.unit), number(s.hi, self.unit));
        let unit = suffix(self.unit);
        Ok(if lo == hi {
            format!("{median}{unit}")
        } else {
            format!("{median}{unit} [{lo}–{hi}]")
        })
    }
}

/// `4.97x [4.94–4.99]`.
pub fn times(r: &Ratio) -> String {
    let n = |v: f64| number(v, Unit::Times);
    if n(r.lo) == n(r.hi) {
        format!("{}x", n(r.x))
    } else {
        format!("{}x [{}–{}]", n(r.x), n(r.lo), n(r.hi))
    }
}

/// A value as the unit writes it, without the unit.
pub fn number(value: f64, unit: Unit) -> String {
    let value = if unit == Unit::MiB { value / 1024.0 } else { value };
    // Decimals by magnitude: enough to tell repeats apart, no more than the clock gives.
    let (first, below_ten) = match unit {
        Unit::Wall => (3, 1),
        Unit::Cpu | Unit::Times => (2, 1),
        Unit::MiB | Unit::Ms => (1, 0),
        Unit::Count => (0, 0),
    };
    let decimals = if value < 10.0 {
        first
    } else if value < 100.0 {
        below_ten
    } else {
        0
    };
    let text = format!("{value:.decimals$}");
    // Thousands apart, as the book writes them: 10,000.
    let (whole, fraction) =
        text.split_once('.').map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 && digit.is_ascii_digit() {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        let _ = write!(grouped, ".{fraction}");
    }
    grouped
}

fn suffix(unit: Unit) -> &'static str {
    match unit {
        Unit::Wall | Unit::Cpu => " s",
        Unit::Ms => " ms",
        Unit::MiB => " MiB",
        Unit::Count => "",
        Unit::Times => "x",
    }
}

/// The unit of each measure a page may name.
fn unit_of(measure: &str) -> Option<Unit> {
    Some(match measure {
        "wall" | "own" => Unit::Wall,
        "cpu" | "user" | "system" | "server_cpu" => Unit::Cpu,
        "rss" => Unit::MiB,
        "peak" | "requests" | "connections" | "handshakes" | "ok" | "failed" | "workers_used" => {
            Unit::Count
        }
        "hog" | "last_download" => Unit::Ms,
        "finished_during_hog" => Unit::Count,
        _ => return None,
    })
}

/// One repeat's value of `measure`, if it has one.
fn value(repeat: &Repeat, measure: &str) -> Option<f64> {
    let server = repeat.server.as_ref();
    let report = |field: &str| repeat.report.as_ref()?.get(field)?.as_f64();
    Some(match measure {
        "wall" => repeat.wall_s,
        "own" => repeat.own_s?,
        "cpu" => repeat.cpu_s,
        "user" => repeat.user_s?,
        "system" => repeat.system_s?,
        "server_cpu" => server?.cpu_s?,
        "rss" => repeat.peak_rss_kib as f64,
        "peak" => server?.peak_in_flight as f64,
        "requests" => server?.requests as f64,
        "connections" => server?.connections? as f64,
        "handshakes" => server?.handshakes as f64,
        "ok" => repeat.ok? as f64,
        "failed" => repeat.failed? as f64,
        "workers_used" => report("workers_used")?,
        // io_asyncio_starved's: the computing's span and the downloads', from its spans.
        "hog" => {
            own_spans(repeat, true).iter().find(|s| is_hog(s)).map(|s| s.end_ms - s.start_ms)?
        }
        "last_download" => downloads(repeat).iter().map(|s| s.end_ms).reduce(f64::max)?,
        "finished_during_hog" => {
            let hog_end = own_spans(repeat, true).iter().find(|s| is_hog(s))?.end_ms;
            downloads(repeat).iter().filter(|s| s.end_ms < hog_end).count() as f64
        }
        _ => return None,
    })
}

fn is_hog(span: &Span) -> bool {
    span.what.as_deref().is_some_and(|w| w.starts_with("fib"))
}

fn downloads(repeat: &Repeat) -> Vec<Span> {
    own_spans(repeat, true).into_iter().filter(|s| s.what.as_deref() == Some("download")).collect()
}

/// The spans a program recorded of its own work: the repeat's, when they say what each
/// was, or else the `items` of its report, a lane for each item (`each`) or for each
/// thread or process that did them.
pub fn own_spans(repeat: &Repeat, each: bool) -> Vec<Span> {
    if repeat.spans.iter().any(|s| s.what.is_some()) {
        return repeat.spans.clone();
    }
    let Some(items) = repeat.report.as_ref().and_then(|r| r.get("items")) else {
        return repeat.spans.clone();
    };
    let mut items: Vec<reports::ItemSpan> =
        serde_json::from_value(items.clone()).unwrap_or_default();
    // A lane each: the rarer kinds of work first (the computing before the downloads),
    // then by when each started.
    if each {
        let key = |i: &reports::ItemSpan| (i.what.as_deref() == Some("download"), i.start_ms);
        items.sort_by(|a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal));
    }
    let mut workers: Vec<&str> = Vec::new();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let lane = if each {
                i
            } else {
                workers.iter().position(|w| *w == item.worker).unwrap_or_else(|| {
                    workers.push(&item.worker);
                    workers.len() - 1
                })
            };
            Span {
                lane: lane as u64,
                start_ms: item.start_ms,
                end_ms: item.end_ms,
                what: item.what.clone(),
            }
        })
        .collect()
}

/// Checks that every point of every set has repeats and that an earlier set exists.
pub fn check(data: &Data) -> anyhow::Result<()> {
    for (name, set) in &data.sets {
        if let Some(earlier) = &set.earlier {
            data.set(earlier).with_context(|| format!("{name} names its earlier session"))?;
        }
        for point in &set.points {
            if point.repeats.is_empty() {
                bail!("{name} {}: no repeats", point.id);
            }
        }
    }
    Ok(())
}
