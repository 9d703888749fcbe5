//! run_examples: runs the examples one after another and compares them in a table. The
//! run scripts (`./run-examples-io.sh`, `./run-examples-cpu.sh`) build the workspace
//! and hand over to it; on Windows, call it directly:
//!
//! ```text
//! cargo build --release
//! cargo run --release -p run_examples -- io
//! cargo run --release -p run_examples -- cpu --quick
//! ```
//!
//! `io` starts one site server inside this program, runs each I/O example against it
//! with `--json`, and after each run asks the server how many downloads it saw at once
//! (`peak_in_flight`). `cpu` runs each CPU example with `--json`, then race_condition.
//! Each example's report is one typed struct (the `reports` crate), so the table below
//! is built from fields, not from text. Ctrl-C stops the running example and the server,
//! and exits 130. An example that fails shows as FAILED in the table, the others still
//! run, and the exit status is 1.

mod child;
mod cpu;
mod io;
mod platform;
mod process;
mod python;
mod read;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

/// Run the examples in turn and compare them.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    group: Group,
    /// Where the example programs are (default: beside this program, e.g. target/release).
    #[arg(long, global = true, value_name = "DIR")]
    bin_dir: Option<PathBuf>,
    /// Also write every run's lanes to FILE, in the Chrome trace format that Perfetto
    /// (ui.perfetto.dev) and chrome://tracing open.
    #[arg(long, global = true, value_name = "FILE")]
    trace: Option<PathBuf>,
}

/// The lanes of each run so far, for `--trace`: its name, what a lane is, its spans.
pub type Trace = Vec<(String, &'static str, Vec<timeline::Span>)>;

#[derive(Debug, Subcommand)]
enum Group {
    /// The I/O examples, against one local site server.
    Io(io::IoArgs),
    /// The CPU examples, then race_condition.
    Cpu(cpu::CpuArgs),
    /// The tutorial's own Python scripts beside their Rust twins (needs a clone of
    /// realpython/materials and Python 3).
    Python(python::PythonArgs),
    /// An example's Python file and its main.rs side by side, function by function
    /// (as wide as COLUMNS says).
    Read(read::ReadArgs),
}

/// The exit status of a usage error, as clap gives one for a bad flag.
const USAGE_EXIT: u8 = 2;

fn main() -> ExitCode {
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
        Err(error) if error.is::<python::UsageError>() => {
            eprintln!("run_examples: {error:#}");
            ExitCode::from(USAGE_EXIT)
        }
        Err(error) => {
            eprintln!("run_examples: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let examples = child::Examples::locate(cli.bin_dir)?;
    process::stop_on_interrupt();
    let mut trace = Trace::new();
    let all_ok = match cli.group {
        Group::Io(args) => io::run(&examples, &args, &mut trace)?,
        Group::Cpu(args) => cpu::run(&examples, &args, &mut trace)?,
        Group::Python(args) => python::run(&examples, &args)?,
        Group::Read(args) => {
            read::run(&args)?;
            true
        }
    };
    if let Some(path) = &cli.trace {
        let json = serde_json::to_string(&timeline::chrome_trace(&trace))?;
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
        println!(
            "Wrote the trace to {} (open it in ui.perfetto.dev)",
            path.display()
        );
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
