//! `lab cpu`: the CPU examples, one after another, then race_condition.

use reports::CpuReport;

use super::table::{Comparison, Table};
use crate::examples::{self, Examples};
use crate::timeline::{self, Trace};

/// The example every speed-up is measured against.
const BASELINE: &str = "cpu_non_concurrent";

/// The tutorial's order, and Rust's own answer (rayon), when the command line names none.
const DEFAULT_EXAMPLES: [&str; 5] =
    ["cpu_non_concurrent", "cpu_threading", "cpu_rayon", "cpu_asyncio", "cpu_multiprocessing"];

/// Run after the table's examples: the lesson on races, which has no timing.
const RACE: &str = "race_condition";

/// Every example `lab cpu` can run: the five CPU examples and race_condition.
const KNOWN: [&str; 6] = [
    "cpu_non_concurrent",
    "cpu_threading",
    "cpu_rayon",
    "cpu_asyncio",
    "cpu_multiprocessing",
    RACE,
];

/// `--quick`: 4 results instead of 20, a smoke test.
const QUICK_COUNT: usize = 4;

/// The flags of `lab cpu`.
#[derive(Debug, clap::Args)]
pub struct CpuArgs {
    /// The examples to run, in order (default: the five CPU examples, then race_condition).
    examples: Vec<String>,
    /// 4 results instead of 20: a smoke test.
    #[arg(long)]
    quick: bool,
    /// How many results each example computes.
    #[arg(long, default_value_t = cpu_support::DEFAULT_COUNT)]
    count: usize,
}

/// Runs the examples and prints the table; returns whether every one succeeded.
pub fn run(examples: &Examples, args: &CpuArgs, trace: &mut Trace) -> anyhow::Result<bool> {
    let mut names = examples::names_or(&args.examples, &DEFAULT_EXAMPLES);
    if args.examples.is_empty() {
        names.push(RACE.to_owned());
    }
    examples::check_known(&names, &KNOWN, "CPU")?;
    examples.check(&names)?;
    let count = if args.quick { QUICK_COUNT } else { args.count };
    // `fib` or `squares`, spelled as the examples' flag and reports spell it.
    let workload = "fib";
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("Workload: {workload}, {count} results per example, on {cores} cores\n");

    let mut table = Table::new(&["example", "seconds", "CPU s", "speed-up", "workers", "result"]);
    let mut comparison = Comparison::new(BASELINE);
    for name in &names {
        println!("== {name}");
        if name == RACE {
            // Its own lines are the lesson; it has no figure for the table.
            let ran = examples.run(name, &[], &[])?;
            print!("{}", ran.stdout);
            if !ran.success() {
                comparison.all_ok = false;
                table.push(vec![
                    name.clone(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    examples::failed(name, &ran),
                ]);
            }
            continue;
        }
        let example_args = ["--count".to_owned(), count.to_string(), "--json".to_owned()];
        let ran = examples.run(name, &example_args, &[])?;
        let report: Option<CpuReport> = examples::report(&ran);
        if let Some(report) = &report {
            let (spans, text) = timeline_of(report);
            print!("{text}");
            trace.push((name.clone(), "worker", spans));
        }
        let used = report.as_ref().map_or("?".to_owned(), |r| r.workers_used.to_string());
        let cells = comparison.record(
            name,
            &ran,
            report.as_ref().map(|r| r.seconds),
            report.as_ref().map(|r| {
                format!(
                    "Computed {} results in {:.3} seconds on {used} thread(s) or process(es)",
                    r.count, r.seconds
                )
            }),
        );
        table.push(vec![
            name.clone(),
            cells.seconds,
            format!("{:.2}", ran.cpu.as_secs_f64()),
            cells.speedup,
            used,
            cells.result,
        ]);
    }
    println!("\n{table}");
    super::table::print_wrapped(&format!(
        "CPU s = user + system time of the process and its workers; workers = distinct threads \
         or processes that computed results; speed-up is against {BASELINE}."
    ));
    Ok(comparison.all_ok)
}

/// The run just made, as the example recorded it: one lane per thread or process.
/// Returns the spans and their drawing.
fn timeline_of(report: &CpuReport) -> (Vec<timeline::Span>, String) {
    let mut workers: Vec<&str> = Vec::new();
    let spans: Vec<timeline::Span> = report
        .items
        .iter()
        .map(|item| {
            let lane = match workers.iter().position(|w| *w == item.worker) {
                Some(lane) => lane,
                None => {
                    workers.push(&item.worker);
                    workers.len() - 1
                }
            };
            timeline::Span { lane: lane as u64, start_ms: item.start_ms, end_ms: item.end_ms }
        })
        .collect();
    let options = timeline::Options::for_stdout("worker");
    let text = timeline::render(&spans, &options) + timeline::EXAMPLE_CLOCK + "\n";
    (spans, text)
}
