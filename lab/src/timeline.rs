//! What ran when, lane by lane, as text: the tutorial's timeline diagrams, drawn from a
//! run's own records in a terminal's width.
//!
//! A [`Span`] is one thing that happened on one lane (a download on a connection, a
//! result computed by a thread) from a start to an end. [`render`] draws one row per
//! lane, time running left to right. With more lanes than fit, it draws how many spans
//! were running at each moment, then the first lanes, and says how many it left out:
//! nothing is cut silently. It is a pure function of its input, so it is tested on
//! spans the tests make.

use std::collections::BTreeMap;
use std::fmt::Write;

/// The lanes of each run so far, for `--trace`: its name, what a lane is, its spans.
pub type Trace = Vec<(String, &'static str, Vec<Span>)>;

/// One thing that ran on one lane, in milliseconds from the start of the run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// Which lane: a connection, thread or process number.
    pub lane: u64,
    /// When it started.
    pub start_ms: f64,
    /// When it ended (not before it started).
    pub end_ms: f64,
}

impl From<&site_server::Record> for Span {
    /// A request as the site server logged it, on its connection's lane; one still in
    /// flight ends where it started.
    fn from(record: &site_server::Record) -> Span {
        Span {
            lane: record.connection,
            start_ms: record.start_ms,
            end_ms: record.end_ms.unwrap_or(record.start_ms),
        }
    }
}

/// Under an I/O example's drawing: whose clock its spans are on.
pub const SERVER_CLOCK: &str =
    "(the server's clock: from reading each request to sending its last byte)";

/// Under a CPU example's drawing.
pub const EXAMPLE_CLOCK: &str =
    "(the example's clock: each result from its start to its end, on its thread or process)";

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The whole width in characters, labels included (`COLUMNS`, 80 by default).
    pub width: usize,
    /// Plain ASCII (when the output is not a terminal, or `NO_COLOR` is set).
    pub ascii: bool,
    /// Lanes drawn one by one at most; more are folded into a count.
    pub max_lanes: usize,
    /// What a lane is, for the labels: `connection`, `thread`, `process`.
    pub lane_name: &'static str,
}

impl Options {
    /// For this program's stdout: `COLUMNS` wide (80 if unset), ASCII unless stdout is a
    /// terminal and `NO_COLOR` is unset, at most [`MAX_LANES`] lanes drawn one by one.
    pub fn for_stdout(lane_name: &'static str) -> Options {
        use std::io::IsTerminal;
        Options {
            width: terminal_width(),
            ascii: !std::io::stdout().is_terminal() || std::env::var_os("NO_COLOR").is_some(),
            max_lanes: MAX_LANES,
            lane_name,
        }
    }
}

/// Lanes drawn one by one in a terminal: enough for io_threading's 5 connections or a
/// worker per core on an 8-core laptop; io_asyncio's 160 are folded.
pub const MAX_LANES: usize = 8;

/// The terminal's width: `COLUMNS`, or [`DEFAULT_WIDTH`] if it is unset or not a number.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()).unwrap_or(DEFAULT_WIDTH)
}

/// A terminal's width when `COLUMNS` does not say.
pub const DEFAULT_WIDTH: usize = 80;

/// Below this many columns of time there is nothing to see: the drawing stops there.
const MIN_COLUMNS: usize = 10;

/// The lanes, in the order they first started, each with its spans.
pub fn lanes(spans: &[Span]) -> Vec<(u64, Vec<Span>)> {
    let mut first_start: BTreeMap<u64, f64> = BTreeMap::new();
    let mut by_lane: BTreeMap<u64, Vec<Span>> = BTreeMap::new();
    for span in spans {
        let first = first_start.entry(span.lane).or_insert(span.start_ms);
        *first = first.min(span.start_ms);
        by_lane.entry(span.lane).or_default().push(*span);
    }
    let mut lanes: Vec<(u64, Vec<Span>)> = by_lane.into_iter().collect();
    lanes.sort_by(|a, b| first_start[&a.0].total_cmp(&first_start[&b.0]).then(a.0.cmp(&b.0)));
    lanes
}

/// Draws the spans: a scale line, one row per lane (or the in-flight strip, the first
/// lanes and a count of the rest), each row `options.width` characters at most.
pub fn render(spans: &[Span], options: &Options) -> String {
    let mut out = String::new();
    if spans.is_empty() {
        let _ = writeln!(out, "(nothing was recorded)");
        return out;
    }
    let lanes = lanes(spans);
    let end = spans.iter().map(|s| s.end_ms).fold(0.0, f64::max).max(1e-9);
    let label_width = format!("{} {}", options.lane_name, lanes.len()).len().max(9);
    let columns = options.width.saturating_sub(label_width + 3).max(MIN_COLUMNS);
    let per_column = end / columns as f64;
    // Two fills, taken in turn, so that spans back to back on one lane stay apart.
    let (busy, busy_next, idle, edge) =
        if options.ascii { ('#', '=', '.', '|') } else { ('█', '▓', '·', '│') };
    let _ = writeln!(
        out,
        "{:<label_width$} {edge}0 ms{:>width$}{edge}",
        "",
        format!("{end:.0} ms"),
        width = columns.saturating_sub(4)
    );
    let folded = lanes.len() > options.max_lanes;
    if folded {
        let counts = in_flight(spans, columns, per_column);
        let peak = counts.iter().copied().max().unwrap_or(0);
        let strip: String = counts.iter().map(|&n| level(n, peak, options.ascii)).collect();
        let _ = writeln!(out, "{:<label_width$} {edge}{strip}{edge}", "in flight");
        let _ = writeln!(
            out,
            "{:<label_width$}  (darker = more at once; at most {peak} at a time)",
            ""
        );
    }
    let shown = if folded { options.max_lanes.saturating_sub(1).max(1) } else { lanes.len() };
    for (number, (_, lane_spans)) in lanes.iter().take(shown).enumerate() {
        let mut row = vec![idle; columns];
        let mut in_order = lane_spans.clone();
        in_order.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        for (index, span) in in_order.iter().enumerate() {
            let first = ((span.start_ms / per_column) as usize).min(columns - 1);
            let last = (((span.end_ms / per_column).ceil() as usize).max(first + 1)).min(columns);
            // Spans narrower than two columns would turn the fills into a pattern
            // that is not there: then one fill for all.
            let apart = in_order.len() * 2 <= columns;
            let fill = if apart && index % 2 == 1 { busy_next } else { busy };
            for cell in &mut row[first..last] {
                *cell = fill;
            }
        }
        let label = format!("{} {}", options.lane_name, number + 1);
        let row: String = row.into_iter().collect();
        let _ = writeln!(out, "{label:<label_width$} {edge}{row}{edge}");
    }
    if folded {
        let _ = writeln!(
            out,
            "... and {} more {}s, not drawn ({} in all)",
            lanes.len() - shown,
            options.lane_name,
            lanes.len()
        );
    }
    let _ = writeln!(
        out,
        "(one column = {}; {busy}/{busy_next}: busy, spans alternating)",
        duration(per_column)
    );
    out
}

/// The runs as a trace in the Chrome trace event format, which Perfetto
/// (ui.perfetto.dev) and `chrome://tracing` open: each run a process, each lane a thread
/// named as the terminal timeline names it (`connection 1` is the first lane to start),
/// each span one complete event. `runs` holds a name, a lane name, and the spans.
pub fn chrome_trace(runs: &[(String, &str, Vec<Span>)]) -> serde_json::Value {
    let mut events = Vec::new();
    for (pid, (name, lane_name, spans)) in runs.iter().enumerate() {
        let pid = pid + 1;
        events.push(serde_json::json!({
            "name": "process_name", "ph": "M", "pid": pid, "args": {"name": name},
        }));
        for (number, (_, lane_spans)) in lanes(spans).iter().enumerate() {
            let tid = number + 1;
            events.push(serde_json::json!({
                "name": "thread_name", "ph": "M", "pid": pid, "tid": tid,
                "args": {"name": format!("{lane_name} {tid}")},
            }));
            for span in lane_spans {
                events.push(serde_json::json!({
                    "name": name, "cat": lane_name, "ph": "X", "pid": pid, "tid": tid,
                    "ts": span.start_ms * 1000.0,
                    "dur": (span.end_ms - span.start_ms) * 1000.0,
                }));
            }
        }
    }
    serde_json::json!({ "traceEvents": events, "displayTimeUnit": "ms" })
}

/// How many spans run during each column.
fn in_flight(spans: &[Span], columns: usize, per_column: f64) -> Vec<usize> {
    let mut counts = vec![0; columns];
    for span in spans {
        let first = ((span.start_ms / per_column) as usize).min(columns - 1);
        let last = (((span.end_ms / per_column).ceil() as usize).max(first + 1)).min(columns);
        for count in &mut counts[first..last] {
            *count += 1;
        }
    }
    counts
}

/// A cell of the in-flight strip: blank for none, then darker for more, up to `peak`.
fn level(count: usize, peak: usize, ascii: bool) -> char {
    let shades: &[char] =
        if ascii { &[' ', '.', ':', '+', '#'] } else { &[' ', '░', '▒', '▓', '█'] };
    if count == 0 || peak == 0 {
        return shades[0];
    }
    let steps = shades.len() - 1;
    shades[1 + ((count - 1) * steps / peak).min(steps - 1)]
}

/// `230 ms`, `1.5 ms`, `40 µs`.
fn duration(ms: f64) -> String {
    if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.0} us", ms * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lane: u64, start_ms: f64, end_ms: f64) -> Span {
        Span { lane, start_ms, end_ms }
    }

    fn ascii(width: usize, max_lanes: usize) -> Options {
        Options { width, ascii: true, max_lanes, lane_name: "connection" }
    }

    /// The rows of the drawing that are lanes, without their labels.
    fn rows(text: &str) -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("connection "))
            .map(|l| l.split('|').nth(1).unwrap_or("").to_owned())
            .collect()
    }

    #[test]
    fn nothing_recorded_says_so() {
        assert_eq!(render(&[], &ascii(80, 8)), "(nothing was recorded)\n");
    }

    #[test]
    fn one_span_fills_its_lane() {
        let text = render(&[span(7, 0.0, 50.0)], &ascii(40, 8));
        let rows = rows(&text);
        assert_eq!(rows.len(), 1);
        assert!(rows[0].chars().all(|c| c == '#'), "{text}");
        assert!(text.contains("50 ms"), "{text}");
    }

    #[test]
    fn back_to_back_spans_share_one_lane_and_never_overlap() {
        let spans: Vec<Span> =
            (0..4).map(|i| span(1, i as f64 * 50.0, (i + 1) as f64 * 50.0)).collect();
        let text = render(&spans, &ascii(60, 8));
        let rows = rows(&text);
        assert_eq!(rows.len(), 1, "{text}");
        // Four spans, told apart by their fills: #, =, #, =.
        let changes = rows[0].chars().zip(rows[0].chars().skip(1)).filter(|(a, b)| a != b);
        assert_eq!(changes.count(), 3, "{text}");
    }

    #[test]
    fn overlapping_spans_on_lanes_of_their_own() {
        // Five connections, each two downloads of 50 ms one after the other.
        let spans: Vec<Span> =
            (0..5).flat_map(|lane| [span(lane, 0.0, 50.0), span(lane, 50.0, 100.0)]).collect();
        let text = render(&spans, &ascii(60, 8));
        let rows = rows(&text);
        assert_eq!(rows.len(), 5, "{text}");
        // Busy all along: the first download in one fill, the second in the other.
        for row in &rows {
            assert!(row.chars().all(|c| c == '#' || c == '='), "{text}");
            assert!(row.starts_with('#') && row.ends_with('='), "{text}");
        }
    }

    #[test]
    fn idle_time_shows_as_gaps() {
        let text = render(&[span(1, 0.0, 10.0), span(2, 90.0, 100.0)], &ascii(60, 8));
        let rows = rows(&text);
        assert!(rows[0].starts_with('#') && rows[0].ends_with('.'), "{text}");
        assert!(rows[1].starts_with('.') && rows[1].ends_with('#'), "{text}");
    }

    #[test]
    fn lanes_come_in_the_order_they_started() {
        let spans = [span(9, 20.0, 30.0), span(3, 0.0, 10.0), span(5, 10.0, 20.0)];
        let order: Vec<u64> = lanes(&spans).into_iter().map(|(lane, _)| lane).collect();
        assert_eq!(order, [3, 5, 9]);
    }

    #[test]
    fn every_line_fits_the_width() {
        let spans: Vec<Span> = (0..20).map(|i| span(i, i as f64, 100.0 + i as f64)).collect();
        for width in [60, 80, 200] {
            for line in render(&spans, &ascii(width, 8)).lines() {
                assert!(line.chars().count() <= width, "{width}: {line:?}");
            }
        }
        // Narrower than that, the rows keep a few columns of time rather than none.
        let narrow = render(&spans, &ascii(5, 8));
        assert!(rows(&narrow).iter().all(|r| r.chars().count() == MIN_COLUMNS));
    }

    #[test]
    fn many_lanes_fold_into_a_strip_and_say_how_many_are_left_out() {
        // 160 downloads at once, one connection each, as io_asyncio does.
        let spans: Vec<Span> = (0..160).map(|i| span(i, 1.0, 51.0)).collect();
        let text = render(&spans, &ascii(80, 6));
        assert!(text.contains("in flight"), "{text}");
        assert!(text.contains("at most 160 at a time"), "{text}");
        assert_eq!(rows(&text).len(), 5, "{text}");
        assert!(text.contains("... and 155 more connections, not drawn (160 in all)"), "{text}");
    }

    #[test]
    fn the_trace_has_one_complete_event_per_span_on_the_timelines_lanes() {
        let spans = vec![span(9, 0.0, 50.0), span(4, 10.0, 60.0), span(9, 50.0, 100.0)];
        let trace = chrome_trace(&[("io_threading".to_owned(), "connection", spans)]);
        let events = trace["traceEvents"].as_array().expect("events");
        let complete: Vec<&serde_json::Value> = events.iter().filter(|e| e["ph"] == "X").collect();
        assert_eq!(complete.len(), 3);
        // Lane 9 started first, so it is `connection 1`, as in the terminal timeline.
        let first = complete.iter().find(|e| e["ts"] == 0.0).expect("the first span");
        assert_eq!(
            (&first["tid"], &first["dur"]),
            (&serde_json::json!(1), &serde_json::json!(50000.0))
        );
        let named = events
            .iter()
            .any(|e| e["ph"] == "M" && e["tid"] == 2 && e["args"]["name"] == "connection 2");
        assert!(named, "{trace}");
    }

    #[test]
    fn a_terminal_gets_blocks_and_a_file_gets_ascii() {
        let spans = [span(1, 0.0, 10.0)];
        let mut options = ascii(40, 8);
        assert!(render(&spans, &options).is_ascii());
        options.ascii = false;
        assert!(render(&spans, &options).contains('█'));
    }
}
