//! The book's pictures, drawn as SVG by hand: a line chart, a bar chart and a timeline
//! of lanes. Each is drawn 480 units wide with 14-unit text, so that on a phone 420
//! pixels wide, where the page leaves the picture about 350 pixels, its text is still
//! 10 pixels high (the Chromium check in lab/tests/browser.rs measures it); the
//! background is transparent, and the book's theme inverts the picture in dark themes.

use std::fmt::Write as _;

/// The drawing's width, in SVG units.
const WIDTH: f64 = 480.0;
/// Text height, in SVG units.
const FONT: f64 = 14.0;
/// Space for the y axis's labels, on the left.
const LEFT: f64 = 64.0;
/// Space on the right.
const RIGHT: f64 = 16.0;
/// The colours of the series, in order: distinct in print, for colour-blind readers
/// (the Okabe–Ito palette), and after the dark themes' inversion.
const PALETTE: [&str; 6] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
/// The text and axis colour.
const INK: &str = "#333333";

/// One series of a chart: a name, and for each x its repeats' values (the median is
/// drawn as the line, every repeat as a dot).
pub struct Series {
    /// Its name, in the legend.
    pub name: String,
    /// One entry per x: the repeats' values, or none where the series has no point.
    pub values: Vec<Vec<f64>>,
}

/// A line chart over categorical x values (named `x_name` under the axis), every repeat
/// a dot, the medians joined.
pub fn lines(
    title: &str,
    x_labels: &[String],
    x_name: &str,
    y_label: &str,
    log: bool,
    series: &[Series],
) -> String {
    let mut svg = Canvas::new(title, legend_rows(series.len()));
    let all: Vec<f64> = series.iter().flat_map(|s| s.values.iter().flatten().copied()).collect();
    let y = svg.y_axis(&all, y_label, log);
    let step = (WIDTH - LEFT - RIGHT) / x_labels.len().max(1) as f64;
    let x_at = |i: usize| LEFT + step * (i as f64 + 0.5);
    for (i, label) in x_labels.iter().enumerate() {
        svg.text(x_at(i), svg.bottom + FONT + 4.0, "middle", label);
    }
    if !x_name.is_empty() {
        svg.bottom += FONT + 6.0;
        svg.text((LEFT + WIDTH - RIGHT) / 2.0, svg.bottom + FONT + 4.0, "middle", x_name);
    }
    for (n, s) in series.iter().enumerate() {
        let colour = PALETTE[n % PALETTE.len()];
        let medians: Vec<(f64, f64)> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| crate::stats::Spread::of(v).map(|m| (x_at(i), y(m.median))))
            .collect();
        let path: Vec<String> = medians.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            svg.body,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            path.join(" ")
        );
        for (i, values) in s.values.iter().enumerate() {
            for v in values {
                let _ = write!(
                    svg.body,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}" fill-opacity="0.6"/>"#,
                    x_at(i),
                    y(*v)
                );
            }
        }
        svg.legend(n, colour, &s.name);
    }
    svg.finish()
}

/// A bar per category: the median as the bar, every repeat as a dot on it.
pub fn bars(title: &str, y_label: &str, bars: &[(String, Vec<f64>)]) -> String {
    let mut svg = Canvas::new(title, 0);
    let all: Vec<f64> = bars.iter().flat_map(|(_, v)| v.iter().copied()).chain([0.0]).collect();
    let y = svg.y_axis(&all, y_label, false);
    let step = (WIDTH - LEFT - RIGHT) / bars.len().max(1) as f64;
    for (i, (name, values)) in bars.iter().enumerate() {
        let x = LEFT + step * i as f64 + step * 0.2;
        let colour = PALETTE[i % PALETTE.len()];
        if let Some(m) = crate::stats::Spread::of(values) {
            let top = y(m.median);
            let _ = write!(
                svg.body,
                r#"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{colour}" fill-opacity="0.8"/>"#,
                step * 0.6,
                svg.bottom - top
            );
        }
        for v in values {
            let _ = write!(
                svg.body,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{INK}"/>"#,
                x + step * 0.3,
                y(*v)
            );
        }
        svg.text(x + step * 0.3, svg.bottom + FONT + 4.0, "middle", name);
    }
    svg.finish()
}

/// One lane of a timeline: its label and its spans, each with the index of its kind.
pub struct Lane {
    /// `thread 1`, `connection 3`, `task 12`.
    pub label: String,
    /// (start, end, kind) in milliseconds from the run's start.
    pub spans: Vec<(f64, f64, usize)>,
}

/// Lanes drawn one by one at most; a note counts the others.
const MAX_LANES: usize = 24;

/// Lanes left to right in time, on a scale of `scale_ms` (so that the versions of a
/// chapter share one scale), with a legend naming each kind of span. Back-to-back spans
/// of one lane alternate in shade, so that each shows.
pub fn timeline(title: &str, all_lanes: &[Lane], kinds: &[&str], scale_ms: f64) -> String {
    let lanes = &all_lanes[..all_lanes.len().min(MAX_LANES)];
    let note = match all_lanes.len() - lanes.len() {
        0 => String::new(),
        _ => format!("{} lanes: the first {} drawn", all_lanes.len(), lanes.len()),
    };
    let lane_height = if lanes.len() > 12 { 7.0 } else { 16.0 };
    let mut svg = Canvas::new(title, legend_rows(kinds.len()));
    svg.bottom = svg.top + lane_height * lanes.len() as f64 + 4.0;
    let left = if lanes.len() > 12 { LEFT } else { 96.0 };
    let x = |ms: f64| left + (WIDTH - left - RIGHT) * (ms / scale_ms).clamp(0.0, 1.0);
    for (i, lane) in lanes.iter().enumerate() {
        let top = svg.top + lane_height * i as f64;
        if lanes.len() <= 12 {
            svg.text(left - 6.0, top + lane_height * 0.75, "end", &lane.label);
        }
        for (n, &(start, end, kind)) in lane.spans.iter().enumerate() {
            let colour = PALETTE[kind % PALETTE.len()];
            let shade = if n % 2 == 0 { 1.0 } else { 0.55 };
            let _ = write!(
                svg.body,
                r#"<rect x="{:.2}" y="{:.1}" width="{:.2}" height="{:.1}" fill="{colour}" fill-opacity="{shade}"/>"#,
                x(start),
                top + 1.0,
                (x(end) - x(start)).max(0.6),
                lane_height - 2.0
            );
        }
    }
    // The time axis: five ticks across the chapter's scale.
    let (unit, div) = if scale_ms >= 2000.0 { ("s", 1000.0) } else { ("ms", 1.0) };
    for tick in 0..=4 {
        let ms = scale_ms * tick as f64 / 4.0;
        let anchor = match tick {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        let value = ms / div;
        let label = if value < 10.0 && value.fract() != 0.0 {
            format!("{value:.1} {unit}")
        } else {
            format!("{value:.0} {unit}")
        };
        svg.text(x(ms), svg.bottom + FONT + 4.0, anchor, &label);
    }
    let _ = write!(
        svg.body,
        r#"<line x1="{left}" y1="{b:.1}" x2="{:.1}" y2="{b:.1}" stroke="{INK}"/>"#,
        WIDTH - RIGHT,
        b = svg.bottom
    );
    for (n, kind) in kinds.iter().enumerate() {
        svg.legend(n, PALETTE[n % PALETTE.len()], kind);
    }
    if !note.is_empty() {
        svg.bottom += FONT + 6.0;
        svg.text(left, svg.bottom + FONT + 4.0, "start", &note);
    }
    svg.finish()
}

fn legend_rows(entries: usize) -> usize {
    entries.div_ceil(2)
}

/// A drawing under way: its title and legend on top, then the plot from `top` to `bottom`.
struct Canvas {
    body: String,
    title: String,
    top: f64,
    bottom: f64,
}

impl Canvas {
    fn new(title: &str, legend_rows: usize) -> Canvas {
        let top = FONT * 2.0 + legend_rows as f64 * (FONT + 6.0) + 8.0;
        Canvas { body: String::new(), title: title.to_owned(), top, bottom: top + 200.0 }
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, text: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
            escape(text)
        );
    }

    /// Entry `n` of the legend, two to a row under the title.
    fn legend(&mut self, n: usize, colour: &str, name: &str) {
        let x = LEFT + (n % 2) as f64 * (WIDTH - LEFT) / 2.0;
        let y = FONT * 2.0 + 8.0 + (n / 2) as f64 * (FONT + 6.0);
        let _ = write!(
            self.body,
            r#"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{colour}"/>"#,
            y - 2.0
        );
        self.text(x + 18.0, y + 8.0, "start", name);
    }

    /// Draws the y axis for `values` and returns how a value maps to a height.
    fn y_axis(&mut self, values: &[f64], label: &str, log: bool) -> impl Fn(f64) -> f64 + use<> {
        let positive: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
        let max = values.iter().copied().fold(f64::MIN, f64::max).max(f64::MIN_POSITIVE);
        let min = if log {
            positive.iter().copied().fold(f64::MAX, f64::min).min(max) / 1.5
        } else {
            0.0
        };
        let max = if log { max * 1.5 } else { max * 1.1 };
        let (top, bottom) = (self.top, self.bottom);
        let scale = move |v: f64| {
            let f =
                if log { (v.max(min).ln() - min.ln()) / (max.ln() - min.ln()) } else { v / max };
            bottom - f * (bottom - top)
        };
        let ticks: Vec<f64> = if log {
            let mut t = 10f64.powf(min.log10().floor());
            let mut out = Vec::new();
            while t <= max {
                if t >= min {
                    out.push(t);
                }
                t *= 10.0;
            }
            out
        } else {
            (0..=4).map(|i| max / 1.1 * i as f64 / 4.0).collect()
        };
        for t in ticks {
            let y = scale(t);
            let _ = write!(
                self.body,
                r#"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{INK}" stroke-opacity="0.15"/>"#,
                WIDTH - RIGHT
            );
            self.text(LEFT - 6.0, y + FONT / 3.0, "end", &short(t));
        }
        let _ = write!(
            self.body,
            r#"<text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
            (top + bottom) / 2.0,
            escape(label)
        );
        let _ = write!(
            self.body,
            r#"<line x1="{LEFT}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="{INK}"/>"#,
            WIDTH - RIGHT
        );
        scale
    }

    fn finish(self) -> String {
        let height = self.bottom + FONT * 2.0 + 8.0;
        let size =
            format!(r#"viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}""#);
        let font = format!(r#"font-family="sans-serif" font-size="{FONT}" fill="{INK}""#);
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" {size} {font}><text x="{LEFT}" y="{:.0}" font-weight="bold">{}</text>{}</svg>"#,
            FONT + 4.0,
            escape(&self.title),
            self.body
        )
    }
}

/// Whether `title` fits on one line above a figure. Sans-serif letters average about
/// 0.55 of the font size in width (a 60-letter title was cut at its 58th at 14 px).
pub fn title_fits(title: &str) -> bool {
    title.chars().count() as f64 * FONT * 0.55 <= WIDTH - LEFT
}

/// A tick's label: `0.5`, `20`, `1k`, `10k`.
fn short(value: f64) -> String {
    if value >= 1000.0 && (value / 1000.0).fract() == 0.0 {
        format!("{}k", value / 1000.0)
    } else if value >= 10.0 || value == 0.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_names_its_series_and_draws_every_repeat() {
        let series = [
            Series { name: "tasks".into(), values: vec![vec![1.0, 1.1], vec![2.0]] },
            Series { name: "threads".into(), values: vec![vec![3.0], vec![]] },
        ];
        let svg = lines("Time", &["160".into(), "1k".into()], "sites", "seconds", true, &series);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(">tasks<") && svg.contains(">threads<"));
        assert_eq!(svg.matches("<circle").count(), 4, "a dot per repeat");
    }

    #[test]
    fn a_timeline_draws_a_rectangle_per_span_on_the_scale_given() {
        let lanes =
            [Lane { label: "thread 1".into(), spans: vec![(0.0, 50.0, 0), (50.0, 100.0, 1)] }];
        let svg = timeline("One thread", &lanes, &["waiting", "computing"], 200.0);
        assert_eq!(svg.matches("<rect").count(), 2 + 2, "two spans, two legend keys");
        assert!(svg.contains(">200 ms<"), "the axis ends at the chapter's scale");
    }
}
