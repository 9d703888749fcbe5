//! io_asyncio_starved's measuring: when the downloads finished against when the one
//! computing task ran, said in two lines and kept for `--json` as a typed
//! [`reports::Starvation`], so that the lesson holds only the mistake and its fix.

use std::time::Instant;

use crate::say;

/// When something started and ended.
pub type Span = (Instant, Instant);

/// Compares when each download finished (`downloads`, as the client saw them) with when
/// the computing called `what` ran (`hog`, and whether on the runtime's only thread),
/// all from `start`; says it in two lines (unless `--quiet` or `--json`) and returns the
/// figures for the report.
pub fn measure(
    start: Instant,
    downloads: &[Span],
    what: &str,
    hog: Span,
    on_runtime_thread: bool,
) -> reports::Starvation {
    // To the microsecond: finer would be noise.
    let ms = |at: Instant| (at.duration_since(start).as_secs_f64() * 1e6).round() / 1e3;
    let whole_ms = |at: Instant| at.duration_since(start).as_millis() as u64;
    let (hog_started, hog_ended) = hog;
    let during = downloads.iter().filter(|(_, end)| *end < hog_ended).count();
    let last_ms = downloads
        .iter()
        .map(|(_, end)| *end)
        .max()
        .map_or(0, whole_ms);
    let hog_ms = hog_ended.duration_since(hog_started).as_millis() as u64;
    let place = if on_runtime_thread {
        "the runtime's thread"
    } else {
        "a blocking thread"
    };
    say!(
        "{what} took {hog_ms} ms on {place}; {during} of {} downloads finished meanwhile",
        downloads.len()
    );
    say!("The last download finished {last_ms} ms after the start");
    reports::Starvation {
        hog: if on_runtime_thread {
            "in-task"
        } else {
            "spawn-blocking"
        }
        .to_owned(),
        hog_ms,
        hog_on_runtime_thread: on_runtime_thread,
        finished_during_hog: during as u64,
        last_download_ms: last_ms,
        hog_span_ms: [ms(hog_started), ms(hog_ended)],
        downloads_ms: downloads.iter().map(|(a, b)| [ms(*a), ms(*b)]).collect(),
    }
}
