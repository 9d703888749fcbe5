//! What the server counts: how many downloads ran at once, and when each one ran.
//!
//! `peak_in_flight` is the number the tests and the run scripts care about: it is how
//! a program's concurrency shows from the outside, without trusting its own report.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde_json::Value;

/// How many request records `/stats/requests` keeps: the newest 100,000, about 10 MB at
/// most. Enough for every timeline the book draws; a run of a million sites is counted
/// in full by the counters, and the server says on stderr when it starts to drop the
/// oldest records (once per reset), so that no one reads the log as the whole run.
pub const MAX_RECORDS: usize = 100_000;

/// Counters shared by every connection task of one server.
#[derive(Debug)]
pub struct Stats {
    /// Site requests answered or being answered since the last reset.
    requests: AtomicU64,
    /// Site requests being answered right now (a gauge: a reset does not zero it).
    in_flight: AtomicU64,
    /// The highest `in_flight` seen since the last reset.
    peak_in_flight: AtomicU64,
    /// TCP connections accepted since the last reset.
    connections: AtomicU64,
    /// Site requests that paid the connection cost (first on their connection).
    handshakes: AtomicU64,
    /// Body bytes of the site responses since the last reset.
    bytes_sent: AtomicU64,
    /// Request records dropped from the log since the last reset, the oldest first.
    records_dropped: AtomicU64,
    /// The per-request timeline, and the instant its times count from.
    log: Mutex<RequestLog>,
    /// How many records the log keeps, the newest.
    max_records: usize,
}

/// A copy of the counters at one moment, as `/stats` shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// Site requests since the last reset.
    pub requests: u64,
    /// Site requests being answered now.
    pub in_flight: u64,
    /// The most site requests answered at once since the last reset.
    pub peak_in_flight: u64,
    /// TCP connections accepted since the last reset.
    pub connections: u64,
    /// Site requests that were the first on their connection and so paid its cost
    /// (`Config::connection_cost`, zero by default): how many handshakes a client paid.
    pub handshakes: u64,
    /// Body bytes of site responses since the last reset.
    pub bytes_sent: u64,
    /// Request records the log dropped since the last reset, the oldest first: the log
    /// keeps the newest [`MAX_RECORDS`]. (Absent from the reports of older servers.)
    #[serde(default)]
    pub records_dropped: u64,
}

#[derive(Debug)]
struct RequestLog {
    /// The instant `start_ms` and `end_ms` count from: the last reset.
    epoch: Instant,
    /// The sequence number of `records[0]`; each request gets the next number, so a
    /// request finds its own record by subtraction rather than by a search.
    first_seq: u64,
    records: VecDeque<Record>,
}

/// One site request as the server saw it: from reading the request to the last byte of
/// the answer, on the server's clock, in milliseconds since the last reset.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// The page asked for.
    pub path: String,
    /// The server's number for the TCP connection it came on.
    pub connection: u64,
    /// When the server began to answer.
    pub start_ms: f64,
    /// When it finished; `None` while the request is in flight.
    pub end_ms: Option<f64>,
}

impl Default for Stats {
    fn default() -> Self {
        Stats::keeping(MAX_RECORDS)
    }
}

impl Stats {
    /// Counters whose request log keeps the newest `max_records` (at least one).
    pub fn keeping(max_records: usize) -> Stats {
        Stats {
            max_records: max_records.max(1),
            requests: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
            peak_in_flight: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            handshakes: AtomicU64::new(0),
            bytes_sent: AtomicU64::new(0),
            records_dropped: AtomicU64::new(0),
            log: Mutex::new(RequestLog {
                epoch: Instant::now(),
                first_seq: 0,
                records: VecDeque::new(),
            }),
        }
    }
}

impl Stats {
    /// Counts a newly accepted TCP connection.
    pub fn connection_opened(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a site request that paid for its new connection.
    pub fn handshake_paid(&self) {
        self.handshakes.fetch_add(1, Ordering::Relaxed);
    }

    /// Marks the start of one site request; the returned guard marks its end when it
    /// is dropped, so a request whose client went away is still taken out of `in_flight`.
    pub fn start_request(&self, path: &str, connection: u64) -> InFlight<'_> {
        let number = self.requests.fetch_add(1, Ordering::SeqCst) + 1;
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        let mut log = self.log();
        if log.records.len() >= self.max_records {
            log.records.pop_front();
            log.first_seq += 1;
            if self.records_dropped.fetch_add(1, Ordering::Relaxed) == 0 {
                eprintln!(
                    "site_server: the request log keeps the newest {} records; from request {number} on, \
                     the oldest are dropped (the counters still count every request)",
                    self.max_records
                );
            }
        }
        let seq = log.first_seq + log.records.len() as u64;
        let start_ms = ms_since(log.epoch);
        log.records.push_back(Record { path: path.to_owned(), connection, start_ms, end_ms: None });
        InFlight { stats: self, seq, number }
    }

    /// Adds the body bytes of one site response.
    pub fn add_bytes(&self, bytes: usize) {
        self.bytes_sent.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// Reads the counters.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            requests: self.requests.load(Ordering::SeqCst),
            in_flight: self.in_flight.load(Ordering::SeqCst),
            peak_in_flight: self.peak_in_flight.load(Ordering::SeqCst),
            connections: self.connections.load(Ordering::SeqCst),
            handshakes: self.handshakes.load(Ordering::SeqCst),
            bytes_sent: self.bytes_sent.load(Ordering::SeqCst),
            records_dropped: self.records_dropped.load(Ordering::SeqCst),
        }
    }

    /// Zeroes the counters and the timeline. `in_flight` is live, so it stays, and the
    /// peak restarts from it.
    pub fn reset(&self) {
        let mut log = self.log();
        log.first_seq += log.records.len() as u64;
        log.records.clear();
        log.epoch = Instant::now();
        self.requests.store(0, Ordering::SeqCst);
        self.connections.store(0, Ordering::SeqCst);
        self.handshakes.store(0, Ordering::SeqCst);
        self.bytes_sent.store(0, Ordering::SeqCst);
        self.records_dropped.store(0, Ordering::SeqCst);
        let in_flight = self.in_flight.load(Ordering::SeqCst);
        self.peak_in_flight.store(in_flight, Ordering::SeqCst);
    }

    /// The timeline since the last reset, as `/stats/requests` shows it.
    pub fn records_json(&self) -> Value {
        serde_json::to_value(&self.log().records).unwrap_or(Value::Null)
    }

    /// The timeline since the last reset, and how many older requests of it the log no
    /// longer holds (it keeps the newest [`MAX_RECORDS`], or as many as it was made
    /// [`keeping`](Stats::keeping)).
    pub fn records(&self) -> (Vec<Record>, u64) {
        let log = self.log();
        let records: Vec<Record> = log.records.iter().cloned().collect();
        let requests = self.requests.load(Ordering::SeqCst);
        let dropped = requests.saturating_sub(records.len() as u64);
        (records, dropped)
    }

    fn log(&self) -> MutexGuard<'_, RequestLog> {
        // A panic while holding this lock leaves the log consistent (every update is a
        // single push or store), so a poisoned lock is still safe to use.
        self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Snapshot {
    /// The counters as the JSON object `/stats` answers with.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// One site request being answered; dropping it ends the request in the stats.
#[derive(Debug)]
pub struct InFlight<'a> {
    stats: &'a Stats,
    /// This request's sequence number in the log.
    seq: u64,
    /// This request's number since the last reset, counting from 1.
    number: u64,
}

impl InFlight<'_> {
    /// This request's number since the last reset, counting from 1.
    pub fn number(&self) -> u64 {
        self.number
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.stats.in_flight.fetch_sub(1, Ordering::SeqCst);
        let mut log = self.stats.log();
        let end_ms = ms_since(log.epoch);
        // A reset, or 100,000 newer requests, may have dropped the record already.
        let index = self.seq.checked_sub(log.first_seq);
        if let Some(record) = index.and_then(|i| log.records.get_mut(i as usize)) {
            record.end_ms = Some(end_ms);
        }
    }
}

fn ms_since(epoch: Instant) -> f64 {
    (epoch.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_keeps_only_the_newest_records() {
        let stats = Stats::default();
        for connection in 0..(MAX_RECORDS as u64 + 5) {
            drop(stats.start_request("/dice", connection));
        }
        let records = stats.records_json();
        let records = records.as_array().unwrap();
        assert_eq!(records.len(), MAX_RECORDS);
        assert_eq!(records[0]["connection"], 5, "the five oldest were dropped");
        assert!(records.iter().all(|r| r["end_ms"].is_number()), "every request was closed");
        assert_eq!(stats.snapshot().requests, MAX_RECORDS as u64 + 5);
        let (kept, dropped) = stats.records();
        assert_eq!((kept.len(), dropped), (MAX_RECORDS, 5));
        assert_eq!(stats.snapshot().records_dropped, 5, "the counters say what the log lost");
    }

    #[test]
    fn a_request_that_outlives_a_reset_still_leaves_in_flight() {
        let stats = Stats::default();
        let request = stats.start_request("/jython", 1);
        stats.reset();
        assert_eq!(stats.snapshot().peak_in_flight, 1, "the peak restarts from what is in flight");
        drop(request);
        assert_eq!(stats.snapshot().in_flight, 0);
        assert_eq!(stats.records_json().as_array().map(Vec::len), Some(0));
    }
}
