//! The charts of the book's claims page, as SVG files drawn with plotters.
//!
//! One colour per model of concurrency, the same in every chart, so that "threads" is
//! always blue whichever experiment you look at.

use std::path::Path;

use anyhow::anyhow;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// The colour of each model of concurrency.
pub mod colour {
    use plotters::style::RGBColor;
    /// One thing after another.
    pub const SEQUENTIAL: RGBColor = RGBColor(110, 110, 110);
    /// OS threads.
    pub const THREADS: RGBColor = RGBColor(31, 119, 180);
    /// Async tasks.
    pub const TASKS: RGBColor = RGBColor(44, 160, 44);
    /// Worker processes.
    pub const PROCESSES: RGBColor = RGBColor(214, 39, 40);
    /// rayon's work-stealing pool.
    pub const RAYON: RGBColor = RGBColor(148, 103, 189);
    /// A reference line: a model's ideal, not a measurement.
    pub const IDEAL: RGBColor = RGBColor(180, 180, 180);
}

const SIZE: (u32, u32) = (760, 460);

/// A line on a chart.
pub struct Series {
    /// The legend's name for it.
    pub name: String,
    /// Its colour (see [`colour`]).
    pub colour: RGBColor,
    /// Drawn dashed: for reference lines.
    pub dashed: bool,
    /// The shape at each point, so that lines of one colour are told apart in print
    /// and by readers who do not see the shades.
    pub marker: Marker,
    /// Its points, x ascending: the medians the line joins.
    pub points: Vec<(f64, f64)>,
    /// Every repeat behind those medians, drawn as small dots so that the spread shows.
    pub repeats: Vec<(f64, f64)>,
}

/// The shape drawn at each point of a line, and in its legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// None: a reference line, not a measurement.
    None,
    /// A filled circle.
    Circle,
    /// A filled triangle.
    Triangle,
    /// A cross.
    Cross,
}

/// The axes of a line chart.
pub struct Axes<'a> {
    /// The chart's title.
    pub title: &'a str,
    /// The x axis's label, with its unit.
    pub x: &'a str,
    /// The y axis's label, with its unit.
    pub y: &'a str,
    /// Whether the x axis is logarithmic (sites from 160 to 10,000).
    pub log_x: bool,
    /// Whether the y axis is logarithmic.
    pub log_y: bool,
}

/// Draws series as lines with points.
pub fn lines(path: &Path, axes: &Axes, series: &[Series]) -> anyhow::Result<()> {
    let all = series.iter().flat_map(|s| s.points.iter().chain(&s.repeats));
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in all {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    if x0 > x1 {
        return Err(anyhow!("nothing to draw in {}", path.display()));
    }
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let (xr, yr) = (pad(x0, x1, axes.log_x), pad(y0, y1, axes.log_y));
    let mut builder = ChartBuilder::on(&root);
    builder
        .caption(axes.title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64);
    // The legend goes where the lines are not: the upper corner they fall away from
    // (times against sites rise to the right, against processes they fall), and the
    // lower right for a linear chart (speed-up levels off high on the right).
    let falls = series
        .first()
        .and_then(|s| Some(s.points.first()?.1 > s.points.last()?.1))
        .unwrap_or(false);
    let corner = match (axes.log_y, falls) {
        (false, _) => SeriesLabelPosition::LowerRight,
        (true, false) => SeriesLabelPosition::UpperLeft,
        (true, true) => SeriesLabelPosition::UpperRight,
    };
    // plotters types a log axis differently from a linear one, hence four arms.
    macro_rules! draw {
        ($x:expr, $y:expr) => {{
            let mut chart = builder.build_cartesian_2d($x, $y).map_err(|e| anyhow!("{e}"))?;
            chart
                .configure_mesh()
                .x_desc(axes.x)
                .y_desc(axes.y)
                .x_label_formatter(&|v| tick(*v))
                .y_label_formatter(&|v| tick(*v))
                .light_line_style(RGBColor(238, 238, 238))
                .label_style(("sans-serif", 13))
                .draw()
                .map_err(|e| anyhow!("{e}"))?;
            for s in series {
                // The repeats first, hollow and small, so the median line runs over them.
                let dot = ShapeStyle::from(s.colour.mix(0.6)).stroke_width(1);
                chart
                    .draw_series(s.repeats.iter().map(|&p| Circle::new(p, 2, dot)))
                    .map_err(|e| anyhow!("{e}"))?;
                let style = ShapeStyle::from(s.colour).stroke_width(2);
                let line = s.points.iter().copied();
                let drawn = if s.dashed {
                    chart.draw_series(DashedLineSeries::new(line, 6, 4, style))
                } else {
                    chart.draw_series(LineSeries::new(line, style))
                }
                .map_err(|e| anyhow!("{e}"))?;
                // The legend's sample: the line as drawn (two dashes for a dashed one)
                // with the series' marker in the middle.
                let dashed = s.dashed;
                let sample = move |at: (i32, i32)| {
                    // Three dashes with gaps either side of the marker, or three
                    // pieces that meet: a solid line.
                    let d = if dashed {
                        [(0, 4), (7, 11), (14, 18)]
                    } else {
                        [(0, 6), (6, 12), (12, 18)]
                    };
                    let dash =
                        |(from, to): (i32, i32)| PathElement::new([(from, 0), (to, 0)], style);
                    EmptyElement::at(at) + dash(d[0]) + dash(d[1]) + dash(d[2])
                };
                let filled = style.filled();
                let points = s.points.iter().copied();
                let label = drawn.label(s.name.as_str());
                match s.marker {
                    Marker::None => {
                        label.legend(sample);
                    }
                    Marker::Circle => {
                        label.legend(move |c| sample(c) + Circle::new((9, 0), 4, filled));
                        chart
                            .draw_series(points.map(|p| Circle::new(p, 4, filled)))
                            .map_err(|e| anyhow!("{e}"))?;
                    }
                    Marker::Triangle => {
                        label.legend(move |c| sample(c) + TriangleMarker::new((9, 0), 6, filled));
                        chart
                            .draw_series(points.map(|p| TriangleMarker::new(p, 6, filled)))
                            .map_err(|e| anyhow!("{e}"))?;
                    }
                    Marker::Cross => {
                        label.legend(move |c| sample(c) + Cross::new((9, 0), 5, style));
                        chart
                            .draw_series(points.map(|p| Cross::new(p, 5, style)))
                            .map_err(|e| anyhow!("{e}"))?;
                    }
                }
            }
            legend(&mut chart, corner)?;
        }};
    }
    // On a log axis, label the x values measured (160, 1000, 10000; 1, 2, 4 ... 32) and
    // y at 1-2-5 steps: plotters' own choice crowds some decades and leaves others bare.
    let mut xs: Vec<f64> = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let ys = one_two_five(yr.start, yr.end);
    match (axes.log_x, axes.log_y) {
        (true, true) => {
            draw!(xr.log_scale().with_key_points(xs), yr.log_scale().with_key_points(ys))
        }
        (true, false) => draw!(xr.log_scale().with_key_points(xs), yr),
        (false, true) => draw!(xr, yr.log_scale().with_key_points(ys)),
        (false, false) => draw!(xr, yr),
    }
    root.present().map_err(|e| anyhow!("{e}"))
}

/// A bar of [`bars`].
pub struct Bar {
    /// The label under it.
    pub name: String,
    /// Its height: the median.
    pub value: f64,
    /// Its colour (see [`colour`]).
    pub colour: RGBColor,
    /// Every repeat behind the median, drawn as dots on the bar.
    pub repeats: Vec<f64>,
}

/// Draws one bar per median, its repeats as dots and the value written above it.
pub fn bars(path: &Path, title: &str, y: &str, bars: &[Bar]) -> anyhow::Result<()> {
    let highest = bars.iter().flat_map(|b| b.repeats.iter().chain([&b.value]));
    let top = highest.copied().fold(0.0, f64::max) * 1.15;
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let names: Vec<String> = bars.iter().map(|b| b.name.clone()).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..bars.len() as f64, 0.0..top.max(1e-9))
        .map_err(|e| anyhow!("{e}"))?;
    category_mesh(&mut chart, &names, y)?;
    for (i, bar) in bars.iter().enumerate() {
        let (x, value) = (i as f64, bar.value);
        chart
            .draw_series([Rectangle::new([(x + 0.2, 0.0), (x + 0.8, value)], bar.colour.filled())])
            .map_err(|e| anyhow!("{e}"))?;
        chart
            .draw_series(bar.repeats.iter().map(|v| Circle::new((x + 0.5, *v), 3, BLACK.filled())))
            .map_err(|e| anyhow!("{e}"))?;
        let above = bar.repeats.iter().copied().fold(value, f64::max);
        chart
            .draw_series([Text::new(
                format_value(value),
                (x + 0.38, above + top * 0.03),
                ("sans-serif", 14),
            )])
            .map_err(|e| anyhow!("{e}"))?;
    }
    root.present().map_err(|e| anyhow!("{e}"))
}

/// One script and its twin in [`pairs`]: a bar per interpreter, then the twin's.
pub struct Pair {
    /// The label under the bars.
    pub name: String,
    /// Every run of the Python script, in seconds, on each interpreter in the order of
    /// the chart's labels.
    pub python: Vec<Vec<f64>>,
    /// Every run of the Rust twin, in seconds.
    pub rust: Vec<f64>,
}

/// The colours of the two languages in [`pairs`]: Python's blue and Rust's rust.
pub const PYTHON: RGBColor = RGBColor(55, 118, 171);
/// A second interpreter's blue, lighter.
const PYTHON_SECOND: RGBColor = RGBColor(140, 185, 222);
/// Rust's colour.
pub const RUST: RGBColor = RGBColor(183, 65, 14);

/// Draws, per pair, a bar per Python interpreter (named by `pythons`) and a Rust bar at
/// the median of their runs, every run a dot on its bar, on a log scale: the
/// languages are one to two orders of magnitude apart.
pub fn pairs(
    path: &Path,
    title: &str,
    y: &str,
    pythons: &[String],
    pairs: &[Pair],
) -> anyhow::Result<()> {
    let all = pairs.iter().flat_map(|p| p.python.iter().flatten().chain(&p.rust));
    let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return Err(anyhow!("nothing to draw in {}", path.display()));
    }
    let yr = (lo.max(1e-3) / 2.0)..(hi * 2.0);
    let root = SVGBackend::new(path, (SIZE.0 + 200, SIZE.1)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let names: Vec<String> = pairs.iter().map(|p| p.name.clone()).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(
            0.0..pairs.len() as f64,
            yr.clone().log_scale().with_key_points(one_two_five(yr.start, yr.end)),
        )
        .map_err(|e| anyhow!("{e}"))?;
    category_mesh(&mut chart, &names, y)?;
    // The bars share 0.8 of each pair's slot: the interpreters', then Rust's.
    let width = 0.8 / (pythons.len() + 1) as f64;
    let mut series: Vec<(String, RGBColor, Vec<Vec<f64>>)> = pythons
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let colour = if k == 0 { PYTHON } else { PYTHON_SECOND };
            let label =
                if pythons.len() > 1 { format!("Python {name}") } else { "Python".to_owned() };
            let runs = pairs.iter().map(|p| p.python.get(k).cloned().unwrap_or_default()).collect();
            (label, colour, runs)
        })
        .collect();
    series.push(("Rust".to_owned(), RUST, pairs.iter().map(|p| p.rust.clone()).collect()));
    for (k, (language, colour, runs)) in series.into_iter().enumerate() {
        let offset = 0.1 + k as f64 * width;
        let mut first = true;
        for (i, values) in runs.iter().enumerate() {
            let Some((median, _, _)) = reports::median_range(values) else {
                continue;
            };
            let x = i as f64 + offset;
            let bar = chart
                .draw_series([Rectangle::new(
                    [(x, yr.start), (x + width, median)],
                    colour.filled(),
                )])
                .map_err(|e| anyhow!("{e}"))?;
            if first {
                bar.label(language.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled())
                });
                first = false;
            }
            chart
                .draw_series(
                    values.iter().map(|v| Circle::new((x + width / 2.0, *v), 3, BLACK.filled())),
                )
                .map_err(|e| anyhow!("{e}"))?;
            chart
                .draw_series([Text::new(
                    format_value(median),
                    (x + 0.02, median * 1.45),
                    ("sans-serif", 12),
                )])
                .map_err(|e| anyhow!("{e}"))?;
        }
    }
    // Upper left: the I/O scripts' bars, first, are the lowest.
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    root.present().map_err(|e| anyhow!("{e}"))
}

/// One lane of a timeline: its name and its spans, `(start, end)` in milliseconds.
pub type Lane = (String, Vec<(f64, f64)>);

/// Draws a timeline: one row per lane, time running left to right, each span a bar in
/// `colour`, spans back to back in alternating shades so that each shows.
pub fn timeline(
    path: &Path,
    title: &str,
    lanes: &[Lane],
    colour: RGBColor,
    shade: Option<(f64, f64)>,
) -> anyhow::Result<()> {
    let end = lanes
        .iter()
        .flat_map(|(_, spans)| spans.iter().map(|s| s.1))
        .chain(shade.map(|s| s.1))
        .fold(0.0, f64::max);
    if lanes.is_empty() || end <= 0.0 {
        return Err(anyhow!("nothing to draw in {}", path.display()));
    }
    // Tall enough for a few lanes to read, short for many.
    let height = (120 + 26 * lanes.len().min(12)) as u32;
    let root = SVGBackend::new(path, (SIZE.0, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let rows = lanes.len() as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(if lanes.len() <= 12 { 110 } else { 40 })
        .build_cartesian_2d(0.0..end * 1.02, 0.0..rows)
        .map_err(|e| anyhow!("{e}"))?;
    let names: Vec<String> = lanes.iter().map(|(name, _)| name.clone()).collect();
    let few = lanes.len() <= 12;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(if few { lanes.len() * 2 + 1 } else { 2 })
        .y_label_formatter(&|y| {
            // Row i spans [rows - i - 1, rows - i]: the first lane on top.
            let i = (rows - y - 0.5).round();
            if few && (rows - y - 0.5 - i).abs() < 0.01 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_desc("milliseconds from the start of the run")
        .y_desc(if few { "" } else { "one row per lane" })
        .x_label_formatter(&|v| tick(*v))
        .light_line_style(RGBColor(238, 238, 238))
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(|e| anyhow!("{e}"))?;
    let lighter = colour.mix(0.55);
    for (i, (_, spans)) in lanes.iter().enumerate() {
        let top = rows - i as f64 - 0.15;
        let bottom = rows - i as f64 - 0.85;
        let mut in_order = spans.clone();
        in_order.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (k, (start, stop)) in in_order.iter().enumerate() {
            let style = if k % 2 == 0 { colour.filled() } else { lighter.filled() };
            chart
                .draw_series([Rectangle::new([(*start, bottom), (*stop, top)], style)])
                .map_err(|e| anyhow!("{e}"))?;
        }
    }
    // A stretch of time marked over every lane (when something held the thread), drawn
    // last and see-through, so that the lanes show under it.
    if let Some((start, stop)) = shade {
        chart
            .draw_series([Rectangle::new(
                [(start, 0.0), (stop, rows)],
                RGBColor(230, 120, 0).mix(0.35).filled(),
            )])
            .map_err(|e| anyhow!("{e}"))?
            .label("the computing")
            .legend(|(x, y)| {
                Rectangle::new(
                    [(x, y - 5), (x + 14, y + 5)],
                    RGBColor(230, 120, 0).mix(0.35).filled(),
                )
            });
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
    }
    root.present().map_err(|e| anyhow!("{e}"))
}

/// Draws the legend of the series labelled so far, in one style for every chart.
fn legend<'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, CT>,
    position: SeriesLabelPosition,
) -> anyhow::Result<()> {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .position(position)
        .draw()
        .map_err(|e| anyhow!("{e}"))
}

/// Draws a bar chart's grid: one label per bar under the x axis, `y` beside the y axis.
fn category_mesh<Y>(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<RangedCoordf64, Y>>,
    names: &[String],
    y: &str,
) -> anyhow::Result<()>
where
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(names.len() * 2 + 1)
        .x_label_formatter(&|x| category(names, *x))
        .y_desc(y)
        .y_label_formatter(&|v| tick(*v))
        .light_line_style(RGBColor(238, 238, 238))
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(|e| anyhow!("{e}"))
}

/// The label under a bar chart's x axis at `x`: the name of bar `i` at `i + 0.5`, its
/// middle, and nothing at the other ticks.
fn category(names: &[String], x: f64) -> String {
    let i = x.floor() as usize;
    if (x - i as f64 - 0.5).abs() < 0.01 {
        names.get(i).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// 1, 2, 5, 10, 20, 50 ... times powers of ten, from `lo` to `hi`.
fn one_two_five(lo: f64, hi: f64) -> Vec<f64> {
    let mut points = Vec::new();
    let mut decade = 10f64.powf(lo.max(1e-9).log10().floor());
    while decade <= hi {
        for step in [1.0, 2.0, 5.0] {
            let point = decade * step;
            if (lo..=hi).contains(&point) {
                points.push(point);
            }
        }
        decade *= 10.0;
    }
    points
}

/// A range around [lo, hi] with a margin; on a log axis, by factors.
fn pad(lo: f64, hi: f64, log: bool) -> std::ops::Range<f64> {
    if log {
        (lo.max(1e-6) / 1.5)..(hi.max(1e-6) * 1.5)
    } else {
        let margin = ((hi - lo) * 0.1).max(hi.abs() * 0.05).max(1e-9);
        (lo - margin).min(0.0)..(hi + margin)
    }
}

fn format_value(value: f64) -> String {
    if value >= 10.0 { format!("{value:.0}") } else { format!("{value:.2}") }
}

/// An axis label: as few decimals as the value needs (1, 1.2, 0.05).
fn tick(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}
