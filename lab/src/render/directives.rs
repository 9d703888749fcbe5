//! The book's references to its figures: `{{NAME WORDS...}}` in a page's Markdown,
//! replaced by what the committed sets say when the book builds. An unknown name, set,
//! point or measure, or an expectation the data does not meet, fails the build.
//!
//! - `{{fig SET POINT MEASURE}}`: `1.669 s [1.662–1.677]`, the median and the spread,
//!   always together: a median alone could hide a tie.
//! - `{{date SET}}`: the day the set was measured.
//! - `{{ratio SET A B [MEASURE]}}`: how many times A's wall time (or MEASURE) is B's.
//! - `{{expect SET A OP B [MEASURE]}}`, OP one of `<`, `>`, `~` (a tie): nothing, if the
//!   sets agree by the tie rule (`stats`); `{{expect SET A MEASURE = N}}` (or `<=`, `>=`)
//!   holds every repeat to a number. A sentence that states a comparison carries one.
//! - `{{rows SET POINTS... | MEASURES...}}`: a table, a row per point; `{{columns ...}}`
//!   the same with a column per point. `ID="label"` and `MEASURE="heading"` rename.
//! - `{{chart SET MEASURE x=A,B,C "TITLE" "NAME=ID-WITH-{x}"... [log] [xlabel="..."]}}`,
//!   `{{bars SET MEASURE "TITLE" "NAME=ID"...}}` and `{{timeline SET POINT "TITLE" ...}}`:
//!   pictures (see `svg`).
//! - `{{lesson NAME}}`: the lesson's `main.rs`, without its `//!` header.
//! - `{{source SET}}`: one line naming the set, linked to how it was made.
//! - `{{provenance SET}}`: how, where and when the set was made (one page has them all).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};

use super::data::{self, Data, Measure};
use super::svg;
use crate::stats;

/// Expands every directive of `text`, outside fenced code, for the page at `page` (its
/// path under book/src, for relative links) in the repository at `repo`.
pub fn expand(text: &str, page: &str, data: &Data, repo: &Path) -> anyhow::Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code || !line.contains("{{") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("{{") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            // mdBook's own `{{#include}}` and its kin are left for mdBook, and so is a
            // directive written in inline code, to show the syntax.
            let in_inline_code =
                out[out.rfind('\n').map_or(0, |n| n + 1)..].matches('`').count() % 2 == 1;
            if after.starts_with('#') || in_inline_code {
                out.push_str("{{");
                rest = after;
                continue;
            }
            let end = after
                .find("}}")
                .with_context(|| format!("{page}:{}: a `{{{{` without `}}}}`", n + 1))?;
            let words = words(&after[..end]);
            let done = one(&words, page, data, repo)
                .with_context(|| format!("{page}:{}: {{{{{}}}}}", n + 1, &after[..end]))?;
            out.push_str(&done);
            rest = &after[end + 2..];
        }
        out.push_str(rest);
    }
    Ok(out)
}

/// The words of a directive; a word in double quotes may hold spaces, and `KEY="a b"`
/// is one word, `KEY=a b`.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn one(words: &[String], page: &str, data: &Data, repo: &Path) -> anyhow::Result<String> {
    let arg =
        |i: usize| words.get(i).map(String::as_str).with_context(|| format!("word {i} is missing"));
    let to_root = "../".repeat(page.matches('/').count());
    match arg(0)? {
        "fig" => {
            if let Some(extra) = words.get(4) {
                bail!("fig takes a set, a point and a measure; {extra:?} is one word too many");
            }
            data.measure(arg(1)?, arg(2)?, arg(3)?)?.written()
        }
        "ratio" => {
            let m = words.get(4).map_or("wall", String::as_str);
            let (a, b) = (
                data.measure(arg(1)?, arg(2)?, m)?.spread()?,
                data.measure(arg(1)?, arg(3)?, m)?.spread()?,
            );
            Ok(data::times(&stats::ratio(&a, &b)))
        }
        "expect" => expect(words, data).map(|()| String::new()),
        "rows" | "columns" => table(words, data),
        "chart" | "bars" => chart(words, data),
        "timeline" => timeline(words, data),
        "lesson" => lesson(arg(1)?, repo),
        "source" => {
            let set = data.set(arg(1)?)?;
            // The processor and its cores: pages quote sets from more than one machine.
            let processor: Vec<&str> = match set.machine.as_str() {
                "not recorded" => vec!["machine not recorded"],
                machine => machine.split(", ").take(2).collect(),
            };
            Ok(format!(
                "<small>Measured in `docs/runs/{}.json`, {}, on {}, {} ([how]({to_root}appendix/figures.md#{})).</small>",
                set.name,
                repeats(set.repeat),
                set.ran_on,
                processor.join(", "),
                set.name
            ))
        }
        "provenance" => provenance(arg(1)?, data),
        "date" => Ok(data.set(arg(1)?)?.ran_on.clone()),
        other => bail!("no directive called {other}"),
    }
}

fn repeats(n: usize) -> String {
    if n == 1 { "one run per point".to_owned() } else { format!("{n} runs per point in turns") }
}

/// `{{expect SET A OP B [MEASURE]}}` or `{{expect SET A MEASURE OP NUMBER}}`.
fn expect(words: &[String], data: &Data) -> anyhow::Result<()> {
    let [_, set, a, third, fourth, rest @ ..] = words else {
        bail!("expect SET A OP B, or SET A MEASURE OP N")
    };
    if let Ok(number) = rest.first().map_or(Err(()), |w| w.parse::<f64>().map_err(|_| ())) {
        let values = data.measure(set, a, third)?.values;
        let holds = |v: f64| match fourth.as_str() {
            "=" => v == number,
            "<=" => v <= number,
            ">=" => v >= number,
            _ => false,
        };
        if values.iter().all(|v| holds(*v)) {
            return Ok(());
        }
        bail!("expected {a}'s {third} {fourth} {number} in every repeat, got {values:?}");
    }
    let measure = rest.first().map_or("wall", String::as_str);
    let (op, b) = (third.as_str(), fourth.as_str());
    let (sa, sb) =
        (data.measure(set, a, measure)?.spread()?, data.measure(set, b, measure)?.spread()?);
    let margin = data.margin(set, a, measure)?.max(data.margin(set, b, measure)?);
    let got = stats::compare(&sa, &sb, margin);
    let wanted = match op {
        "<" => std::cmp::Ordering::Less,
        ">" => std::cmp::Ordering::Greater,
        "~" => std::cmp::Ordering::Equal,
        other => bail!("no comparison called {other}: <, > or ~"),
    };
    if got == wanted {
        return Ok(());
    }
    let said = |o: std::cmp::Ordering| match o {
        std::cmp::Ordering::Less => "less than",
        std::cmp::Ordering::Greater => "more than",
        std::cmp::Ordering::Equal => "a tie with",
    };
    bail!(
        "the page says {a}'s {measure} is {} {b}'s, but the data says {} ({:?} against {:?}, margin {:.1}%)",
        said(wanted),
        said(got),
        sa,
        sb,
        margin * 100.0
    )
}

/// A word `NAME` or `NAME="label"`: the name and its label.
fn named(word: &str) -> (&str, Option<&str>) {
    match word.split_once('=') {
        Some((name, label)) => (name, Some(label)),
        None => (word, None),
    }
}

/// The heading a measure gets in a table unless the page names one.
fn heading(measure: &str) -> String {
    match measure {
        "wall" => "time",
        "own" => "its own time",
        "cpu" => "CPU",
        "rss" => "peak memory",
        "peak" => "at once",
        "handshakes" => "connections used",
        "ok" => "done",
        "server_cpu" => "server CPU",
        "last_download" => "last download",
        "finished_during_hog" => "finished meanwhile",
        m if m.starts_with("speedup:") => "speed-up",
        other => other,
    }
    .to_owned()
}

/// `{{rows SET POINTS... | MEASURES...}}` and `{{columns ...}}`.
fn table(words: &[String], data: &Data) -> anyhow::Result<String> {
    let set = words.get(1).context("the set is missing")?;
    let bar =
        words.iter().position(|w| w == "|").context("a `|` between the points and the measures")?;
    let points: Vec<(&str, String)> = words[2..bar]
        .iter()
        .map(|w| {
            let (id, label) = named(w);
            let point = data.point(set, id)?;
            Ok((id, label.map_or_else(|| point.label.clone(), str::to_owned)))
        })
        .collect::<anyhow::Result<_>>()?;
    let measures: Vec<(&str, String)> = words[bar + 1..]
        .iter()
        .map(|w| named(w))
        .map(|(m, l)| (m, l.map_or_else(|| heading(m), str::to_owned)))
        .collect();
    let cell = |id: &str, measure: &str| -> anyhow::Result<String> {
        let m: Measure = data.measure(set, id, measure)?;
        m.written()
    };
    let mut out = String::new();
    if words[0] == "rows" {
        let _ = writeln!(
            out,
            "| | {} |",
            measures.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join(" | ")
        );
        let _ = writeln!(out, "|---|{}", "---:|".repeat(measures.len()));
        for (id, label) in &points {
            let cells: Vec<String> =
                measures.iter().map(|(m, _)| cell(id, m)).collect::<anyhow::Result<_>>()?;
            let _ = writeln!(out, "| {label} | {} |", cells.join(" | "));
        }
    } else {
        let _ = writeln!(
            out,
            "| | {} |",
            points.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join(" | ")
        );
        let _ = writeln!(out, "|---|{}", "---:|".repeat(points.len()));
        for (m, label) in &measures {
            let cells: Vec<String> =
                points.iter().map(|(id, _)| cell(id, m)).collect::<anyhow::Result<_>>()?;
            let _ = writeln!(out, "| {label} | {} |", cells.join(" | "));
        }
    }
    Ok(out)
}

/// The words of a picture: its plain options (`log`), its keyed ones (`x=...`) and its
/// quoted title and series.
struct Options<'a> {
    title: &'a str,
    keyed: Vec<(&'a str, &'a str)>,
    flags: Vec<&'a str>,
    series: Vec<(&'a str, &'a str)>,
}

fn options(words: &[String]) -> Options<'_> {
    let mut o = Options { title: "", keyed: Vec::new(), flags: Vec::new(), series: Vec::new() };
    for w in words {
        match w.split_once('=') {
            Some((k, v))
                if !k.contains(' ')
                    && ["x", "xlabel", "ylabel", "lane", "lanes", "kind", "scale"].contains(&k) =>
            {
                o.keyed.push((k, v));
            }
            Some((name, id)) => o.series.push((name, id)),
            None if w != "log" && o.title.is_empty() => o.title = w,
            None => o.flags.push(w),
        }
    }
    o
}

impl Options<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.keyed.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// `{{chart ...}}` and `{{bars ...}}`.
fn chart(words: &[String], data: &Data) -> anyhow::Result<String> {
    let [kind, set, measure, rest @ ..] = words else { bail!("chart SET MEASURE ...") };
    let o = options(rest);
    let y_label = o.get("ylabel").map_or_else(|| heading(measure), str::to_owned);
    let values = |id: &str| -> anyhow::Result<Vec<f64>> {
        let m = data.measure(set, id, measure)?;
        // Pictures show MiB, not the KiB the sets keep.
        Ok(if m.unit == data::Unit::MiB {
            m.values.iter().map(|v| v / 1024.0).collect()
        } else {
            m.values
        })
    };
    let svg = if kind == "bars" {
        let bars = o
            .series
            .iter()
            .map(|(name, id)| Ok(((*name).to_owned(), values(id)?)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        svg::bars(o.title, &y_label, &bars)
    } else {
        let xs: Vec<&str> = o.get("x").context("x=A,B,C")?.split(',').collect();
        let series = o
            .series
            .iter()
            .map(|(name, pattern)| {
                let values = xs.iter().map(|x| {
                    let id = pattern.replace("{x}", x);
                    if data.set(set)?.point(&id).is_some() { values(&id) } else { Ok(Vec::new()) }
                });
                Ok(svg::Series {
                    name: (*name).to_owned(),
                    values: values.collect::<anyhow::Result<_>>()?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        if series.iter().all(|s| s.values.iter().all(Vec::is_empty)) {
            bail!("no series has a point at any x");
        }
        let x_labels: Vec<String> = xs
            .iter()
            .map(|x| {
                x.parse::<f64>().map_or((*x).to_owned(), |v| data::number(v, data::Unit::Count))
            })
            .collect();
        svg::lines(
            o.title,
            &x_labels,
            o.get("xlabel").unwrap_or(""),
            &y_label,
            o.flags.contains(&"log"),
            &series,
        )
    };
    image(&svg, o.title)
}

/// `{{timeline SET POINT "TITLE" [lane=thread] [kind="waiting for a site"] [scale=MS]}}`:
/// the lanes of the point's median repeat, on the set's longest run's scale, or on
/// `scale=MS`, or on its own (`scale=own`).
fn timeline(words: &[String], data: &Data) -> anyhow::Result<String> {
    let [_, set_name, id, rest @ ..] = words else { bail!("timeline SET POINT ...") };
    let o = options(rest);
    let set = data.set(set_name)?;
    let point = data.point(set_name, id)?;
    let median = data.measure(set_name, id, "wall")?.spread()?.median;
    let repeat = point
        .repeats
        .iter()
        .min_by(|a, b| (a.wall_s - median).abs().total_cmp(&(b.wall_s - median).abs()))
        .context("no repeats")?;
    // The server's lanes, or the program's own: a lane per item (`lane=each`) or per
    // thread or process.
    let own = o.get("lanes") == Some("own") || o.get("lanes") == Some("each");
    let spans = if own {
        data::own_spans(repeat, o.get("lanes") == Some("each"))
    } else {
        repeat.spans.clone()
    };
    if spans.is_empty() {
        bail!("{set_name} {id} recorded no spans");
    }
    let default_kind = o.get("kind").unwrap_or("working");
    let mut kinds: Vec<String> = Vec::new();
    let lane_name = o.get("lane").unwrap_or("lane");
    let mut lanes: Vec<svg::Lane> = Vec::new();
    for span in &spans {
        let what = span.what.clone().unwrap_or_else(|| default_kind.to_owned());
        let kind = kinds.iter().position(|k| *k == what).unwrap_or_else(|| {
            kinds.push(what);
            kinds.len() - 1
        });
        let lane = span.lane as usize;
        while lanes.len() <= lane {
            lanes.push(svg::Lane {
                label: format!("{lane_name} {}", lanes.len() + 1),
                spans: Vec::new(),
            });
        }
        lanes[lane].spans.push((span.start_ms, span.end_ms, kind));
    }
    lanes.retain(|l| !l.spans.is_empty());
    let scale = match o.get("scale") {
        // The run's own length: for a page whose run is not one of the chapter's versions.
        Some("own") => spans.iter().map(|s| s.end_ms).fold(1.0, f64::max),
        Some(ms) => ms.parse::<f64>().context("scale=MILLISECONDS or scale=own")?,
        // The set's longest run, in the spans drawn: the versions of a chapter share one
        // scale.
        None => set
            .points
            .iter()
            .flat_map(|p| p.repeats.iter())
            .flat_map(|r| if own { data::own_spans(r, false) } else { r.spans.clone() })
            .map(|s| s.end_ms)
            .fold(1.0, f64::max),
    };
    let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
    let svg = svg::timeline(o.title, &lanes, &kinds, scale);
    image(&svg, o.title)
}

/// An SVG as an image the page carries itself (a data URI): no file to keep in step.
/// The title is its alt text too; one too long for the figure's width is an error.
fn image(svg: &str, alt: &str) -> anyhow::Result<String> {
    if !svg::title_fits(alt) {
        bail!("the title \"{alt}\" is too long for the figure; shorten it");
    }
    Ok(format!(
        r#"<img class="figure" alt="{}" src="data:image/svg+xml;base64,{}">"#,
        alt.replace('"', "'"),
        base64(svg.as_bytes())
    ))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// A lesson's `main.rs` without its `//!` header, in a Rust block: the header says what
/// the program is and how to run it, which the page says in its own words.
fn lesson(name: &str, repo: &Path) -> anyhow::Result<String> {
    let path = repo.join(crate::read::lesson_folder(name)?).join("src/main.rs");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let code: Vec<&str> =
        text.lines().skip_while(|l| l.starts_with("//!") || l.trim().is_empty()).collect();
    Ok(format!("```rust,noplayground\n{}\n```", code.join("\n")))
}

/// How, where and when a set was made, and with what.
fn provenance(name: &str, data: &Data) -> anyhow::Result<String> {
    let set = data.set(name)?;
    let mut out = format!("### {name}\n\n**`docs/runs/{name}.json`**: {} ", set.about);
    let _ = write!(out, "Made with `{}`; {}", set.command, repeats(set.repeat));
    let _ = write!(out, "; on {}", set.machine);
    if !set.ran_on.is_empty() {
        let _ = write!(out, ", {}", set.ran_on);
    }
    if let Some(took) = set.took_s {
        let _ = write!(out, ", in {} s", data::number(took as f64, data::Unit::Count));
    }
    for (key, interpreter) in &set.interpreters {
        let gil = if interpreter.gil { "GIL on" } else { "GIL off" };
        let _ = write!(
            out,
            "; `{key}`: {}, {gil} ({})",
            interpreter.version,
            interpreter.notes.join("; ")
        );
    }
    if let Some(earlier) = &set.earlier {
        let _ = write!(out, "; its points measured again in `{earlier}` give each its margin");
    }
    out.push('.');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_quoted_spaces_together() {
        assert_eq!(
            words(r#"chart s wall "A title" "5 threads=a-{x}" x=1,2"#),
            ["chart", "s", "wall", "A title", "5 threads=a-{x}", "x=1,2"]
        );
    }

    #[test]
    fn base64_is_base64() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
