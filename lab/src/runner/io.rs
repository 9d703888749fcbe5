//! `lab io`: the I/O examples, one after another, against one site server.

use std::time::Duration;

use anyhow::Context;
use reports::IoReport;

use super::table::{Comparison, Table};
use crate::examples::{self, Examples};
use crate::timeline::{self, Trace};

/// The example every speed-up is measured against.
const BASELINE: &str = "io_non_concurrent";

/// The tutorial's order, when the command line names none.
const DEFAULT_EXAMPLES: [&str; 4] =
    ["io_non_concurrent", "io_threading", "io_asyncio", "io_multiprocessing"];

/// Every example `lab io` can run: the tutorial's four, the two warnings, the bounded
/// io_asyncio, and the lab's variant of io_asyncio on several threads.
const KNOWN: [&str; 8] = [
    "io_non_concurrent",
    "io_threading",
    "io_asyncio",
    "io_multiprocessing",
    "io_asyncio_blocking",
    "io_asyncio_starved",
    "io_asyncio_bounded",
    "io_asyncio_threads",
];

/// `--quick`: enough sites to see every model at work, few enough to take seconds.
const QUICK_COUNT: usize = 20;
/// `--quick`: a short latency, still far above what starting a thread or task costs.
const QUICK_LATENCY_MS: u64 = 10;

/// The flags of `lab io`.
#[derive(Debug, clap::Args)]
pub struct IoArgs {
    /// The examples to run, in order (default: the four of the tutorial).
    examples: Vec<String>,
    /// 20 sites at 10 ms latency: a smoke test that takes seconds.
    #[arg(long)]
    quick: bool,
    /// How long each site takes to answer, in milliseconds.
    #[arg(long, default_value_t = site_server::DEFAULT_LATENCY.as_millis() as u64)]
    latency_ms: u64,
    /// How many sites each example downloads.
    #[arg(long, default_value_t = io_support::DEFAULT_COUNT)]
    count: usize,
    /// Download the tutorial's real sites instead (needs internet).
    #[arg(long)]
    real: bool,
    /// How many request records the server keeps for the timelines (the newest).
    #[arg(long, hide = true, default_value_t = site_server::MAX_RECORDS)]
    server_log: usize,
}

/// Runs the examples and prints the table; returns whether every one succeeded.
pub fn run(examples: &Examples, args: &IoArgs, trace: &mut Trace) -> anyhow::Result<bool> {
    let names = examples::names_or(&args.examples, &DEFAULT_EXAMPLES);
    examples::check_known(&names, &KNOWN, "I/O")?;
    examples.check(&names)?;
    let (count, latency_ms) =
        if args.quick { (QUICK_COUNT, QUICK_LATENCY_MS) } else { (args.count, args.latency_ms) };
    let server = if args.real {
        println!("Downloading the tutorial's real sites; {count} sites per example");
        None
    } else {
        let server = site_server::spawn(site_server::Config {
            latency: Duration::from_millis(latency_ms),
            max_records: args.server_log,
            ..site_server::Config::default()
        })
        .context("could not start the site server")?;
        println!(
            "site_server at {}, {latency_ms} ms per site; {count} sites per example",
            server.base_url()
        );
        Some(server)
    };
    println!();

    let mut table =
        Table::new(&["example", "sites", "seconds", "CPU s", "speed-up", "peak", "result"]);
    let mut comparison = Comparison::new(BASELINE);
    for name in &names {
        println!("== {name}");
        let mut example_args = vec!["--count".to_owned(), count.to_string(), "--json".to_owned()];
        let mut env = Vec::new();
        match &server {
            Some(server) => {
                server.stats().reset();
                env.push((io_support::SITES_URL_ENV, server.base_url()));
            }
            None => example_args.push("--real".to_owned()),
        }
        let ran = examples.run(name, &example_args, &env)?;
        let report: Option<IoReport> = examples::report(&ran);
        let peak = server
            .as_ref()
            .map_or("n/a".to_owned(), |s| s.stats().snapshot().peak_in_flight.to_string());
        if let Some(server) = &server {
            let (spans, text) = timeline_of(server, args.server_log);
            print!("{text}");
            trace.push((name.clone(), "connection", spans));
        }
        let cells = comparison.record(
            name,
            &ran,
            report.as_ref().map(|r| r.seconds),
            report
                .as_ref()
                .map(|r| format!("Downloaded {} sites in {:.3} seconds", r.ok, r.seconds)),
        );
        table.push(vec![
            name.clone(),
            format!("{}/{count}", report.as_ref().map_or(0, |r| r.ok)),
            cells.seconds,
            format!("{:.2}", ran.cpu.as_secs_f64()),
            cells.speedup,
            peak,
            cells.result,
        ]);
    }
    println!("\n{table}");
    super::table::print_wrapped(&format!(
        "CPU s = user + system time of the process and its workers; peak = the most downloads \
         the server saw at once; speed-up is against {BASELINE}."
    ));
    Ok(comparison.all_ok)
}

/// The run just made, as the server saw it: one lane per connection. Returns the spans
/// and their drawing.
fn timeline_of(server: &site_server::Handle, kept: usize) -> (Vec<timeline::Span>, String) {
    let (records, dropped) = server.stats().records();
    let spans: Vec<timeline::Span> = records.iter().map(timeline::Span::from).collect();
    let options = timeline::Options::for_stdout("connection");
    let mut text = timeline::render(&spans, &options);
    text += timeline::SERVER_CLOCK;
    text.push('\n');
    if dropped > 0 {
        text += &format!(
            "(the server keeps the newest {kept} requests: the {dropped} before them are not drawn)\n"
        );
    }
    (spans, text)
}
