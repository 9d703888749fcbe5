//! lab: what measures the lessons. The run scripts (`./run-examples-io.sh`,
//! `./run-examples-cpu.sh`, `./run-examples-python.sh`) build the workspace and hand
//! over to it; on Windows, call it directly:
//!
//! ```text
//! cargo build --release
//! cargo run --release -p lab -- io
//! cargo run --release -p lab -- cpu --quick
//! cargo run --release -p lab -- read io_threading --python-materials ../materials
//! ```
//!
//! One subcommand per job: `io` and `cpu` run a group of examples in turn with their
//! table and timelines; `python` runs the tutorial's own scripts beside their Rust twins;
//! `read` shows a pair side by side; `claims` checks the tutorial's claims and writes
//! the book's claims page; `redraw` renders it and draws the pictures again from committed
//! runs.
//! Every run of a program, Rust or Python, is measured the same way (`process`), and
//! every report is read through the typed structs of the `reports` crate. Ctrl-C stops
//! the running program with its workers and exits 130.

mod book;
mod chart;
mod claims;
mod examples;
mod layout;
mod materials;
mod pages;
mod platform;
mod process;
mod python;
mod read;
mod redraw;
mod runner;
mod timeline;
mod usage;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use examples::Examples;
use usage::UsageError;

/// Run the examples and measure them.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    job: Job,
    /// Where the example programs are (default: beside this program, e.g. target/release).
    #[arg(long, global = true, value_name = "DIR")]
    bin_dir: Option<PathBuf>,
    /// Also write every run's lanes to FILE, in the Chrome trace format that Perfetto
    /// (ui.perfetto.dev) and chrome://tracing open.
    #[arg(long, global = true, value_name = "FILE")]
    trace: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Job {
    /// The I/O examples, against one local site server.
    Io(runner::io::IoArgs),
    /// The CPU examples, then race_condition.
    Cpu(runner::cpu::CpuArgs),
    /// The tutorial's own Python scripts beside their Rust twins (needs a clone of
    /// realpython/materials and Python 3).
    Python(python::PythonArgs),
    /// An example's Python file and its main.rs side by side, function by function
    /// (as wide as COLUMNS says).
    Read(read::ReadArgs),
    /// Check the tutorial's claims by running the examples; writes docs/results.json,
    /// the charts and the book's claims page.
    Claims(claims::run::ClaimsArgs),
    /// Draw the charts and timelines again from committed runs, measuring nothing.
    Redraw(redraw::RedrawArgs),
}

/// The exit status of a usage error, as clap gives one for a bad flag.
const USAGE_EXIT: u8 = 2;

fn main() -> ExitCode {
    // A measuring helper (this program started again by `process`) does only that.
    if let Some(code) = process::helper_main() {
        return code;
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) if error.is::<process::Interrupted>() => {
            eprintln!("\nInterrupted.");
            ExitCode::from(process::INTERRUPTED_EXIT)
        }
        Err(error) if error.is::<UsageError>() => {
            eprintln!("lab: {error:#}");
            ExitCode::from(USAGE_EXIT)
        }
        Err(error) => {
            eprintln!("lab: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let examples = Examples::locate(cli.bin_dir)?;
    process::stop_on_interrupt();
    let mut trace = timeline::Trace::new();
    let all_ok = match cli.job {
        Job::Io(args) => runner::io::run(&examples, &args, &mut trace)?,
        Job::Cpu(args) => runner::cpu::run(&examples, &args, &mut trace)?,
        Job::Python(args) => python::run(&examples, &args)?,
        Job::Read(args) => read::run(&args).map(|()| true)?,
        Job::Claims(args) => claims::run::run(&examples, &args).map(|()| true)?,
        Job::Redraw(args) => redraw::run(&args).map(|()| true)?,
    };
    if let Some(path) = &cli.trace {
        let json = serde_json::to_string(&timeline::chrome_trace(&trace))?;
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
        println!("Wrote the trace to {} (open it in ui.perfetto.dev)", path.display());
    }
    Ok(if all_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
