//! lab: what measures the lessons, in three stages the folders show: `measure` runs
//! programs and keeps every repeat as a set in docs/runs (`record`), and `render` turns
//! the sets into the book's figures when the book builds. The run scripts
//! (`./run-examples-io.sh`, `./run-examples-cpu.sh`, `./run-examples-python.sh`) hand
//! over to it; on Windows, call it directly:
//!
//! ```text
//! cargo run --release -p lab -- io
//! cargo run --release -p lab -- cpu --quick
//! cargo run --release -p lab -- read io_threading --python-materials ../materials
//! cargo run --release -p lab -- bench lab/plans/million.toml
//! ```
//!
//! The lessons it knows are those of `lessons.toml`. Ctrl-C stops the running program
//! with its workers and exits 130.

mod lessons;
mod measure;
mod read;
mod record;
mod render;
mod stats;
mod usage;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use measure::{Bench, Plan, process};
use usage::UsageError;

/// Run the lessons and measure them; render the book's figures.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    job: Job,
    /// Where the lessons' programs are (default: beside this program, e.g. target/release).
    #[arg(long, global = true, value_name = "DIR")]
    bin_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Job {
    /// The I/O lessons, against one local site server.
    Io(measure::runner::RunArgs),
    /// The CPU lessons, then race_condition.
    Cpu(measure::runner::RunArgs),
    /// A lesson's Python twin and its main.rs side by side, function by function.
    Read(read::ReadArgs),
    /// A plan of lab/plans, every point in turns; writes its set to docs/runs.
    Bench(BenchArgs),
    /// The tutorial's scripts beside their Rust twins, in turns (needs a clone of
    /// realpython/materials and Python 3).
    Python(PythonArgs),
    /// The lessons of lessons.toml, a line each: name, chapter, page, what a quick run's
    /// last line must match, and the quick run's arguments (last: they may be none), tab
    /// apart (for .ci/platforms and the scripts).
    Lessons,
    /// The mdBook preprocessor that fills the book's figures from docs/runs.
    #[command(hide = true)]
    Mdbook {
        /// `supports RENDERER`, as mdBook asks.
        args: Vec<String>,
    },
}

/// The flags of `lab bench`.
#[derive(Debug, clap::Args)]
struct BenchArgs {
    /// The plan to run.
    plan: PathBuf,
    /// How many times each point runs (default: the plan's).
    #[arg(long)]
    repeat: Option<usize>,
    /// Where to write the set (default: docs/runs).
    #[arg(long, value_name = "DIR", default_value = record::RUNS_DIR)]
    out: PathBuf,
    #[command(flatten)]
    python: PythonFlags,
}

/// Where the tutorial's Python is, for the plans and the command that run it.
#[derive(Debug, clap::Args)]
struct PythonFlags {
    /// Your clone of realpython/materials (or set PYTHON_MATERIALS).
    #[arg(long, value_name = "PATH")]
    python_materials: Option<PathBuf>,
    /// A Python to make the scripts' virtual environment from (default: python3);
    /// twice, for a build with the GIL and one without.
    #[arg(long, value_name = "PYTHON")]
    python: Vec<PathBuf>,
    /// Where to make that environment (default: in your cache folder, made once).
    #[arg(long, value_name = "DIR")]
    venv_dir: Option<PathBuf>,
    /// Kill a run after this many seconds (default: 900).
    #[arg(long, value_name = "SECONDS")]
    timeout_s: Option<u64>,
}

/// The flags of `lab python`.
#[derive(Debug, clap::Args)]
struct PythonArgs {
    #[command(flatten)]
    python: PythonFlags,
    /// A smoke run: 20 sites, 4 results, one run each.
    #[arg(long)]
    quick: bool,
    /// How many times each program runs, in turns.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Keep the runs as the set NAME, in docs/runs (or `--out`).
    #[arg(long, value_name = "NAME")]
    record: Option<String>,
    /// Where `--record` writes.
    #[arg(long, value_name = "DIR", default_value = record::RUNS_DIR)]
    out: PathBuf,
    /// Only the scripts of one half: `io` or `cpu`.
    #[arg(long, value_parser = ["io", "cpu"])]
    only: Option<String>,
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
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
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

fn run(cli: Cli) -> anyhow::Result<bool> {
    let bin_dir = match cli.bin_dir {
        Some(dir) => dir,
        None => std::env::current_exe()?
            .parent()
            .context("this program's path has no folder")?
            .to_owned(),
    };
    let bench = |python: Option<measure::python::Python>, limit: Option<u64>| Bench {
        bin_dir: bin_dir.clone(),
        python,
        limit: limit.map_or(measure::RUN_LIMIT, std::time::Duration::from_secs),
    };
    match cli.job {
        Job::Mdbook { args } => render::mdbook(&args).map(|()| true),
        Job::Read(args) => read::run(&args).map(|()| true),
        Job::Lessons => {
            for l in lessons::all()? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    l.name,
                    l.chapter,
                    l.page,
                    l.ends,
                    l.quick.join(" ")
                );
            }
            Ok(true)
        }
        Job::Io(args) => {
            process::stop_on_interrupt();
            measure::runner::run(&bench(None, None), &["io"], &args)
        }
        Job::Cpu(args) => {
            process::stop_on_interrupt();
            measure::runner::run(&bench(None, None), &["cpu", "races"], &args)
        }
        Job::Bench(args) => {
            process::stop_on_interrupt();
            let mut plan = Plan::read(&args.plan)?;
            plan.repeat = args.repeat.unwrap_or(plan.repeat);
            let needs_python = plan.points.iter().any(|p| p.script.is_some() || p.code.is_some());
            let python = if needs_python { Some(python(&args.python)?) } else { None };
            let command = format!("cargo run --release -p lab -- bench {}", args.plan.display());
            let points = plan.expanded().len() * plan.repeat;
            let mut done = 0;
            let set = measure::run(
                &bench(python, args.python.timeout_s),
                &plan,
                &command,
                |point, repeat| {
                    if let Some(repeat) = repeat {
                        done += 1;
                        eprintln!(
                            "[{done}/{points}] {}: {:.3} s{}",
                            point.id,
                            repeat.wall_s,
                            if repeat.succeeded() { "" } else { " FAILED" }
                        );
                    }
                },
            )?;
            // The set this one replaces becomes its earlier session, for the margins.
            let (now, earlier) =
                (args.out.join(format!("{}.json", plan.name)), plan.earlier.as_ref());
            if let Some(earlier) = earlier.filter(|_| now.is_file()) {
                std::fs::rename(&now, args.out.join(format!("{earlier}.json")))?;
                let mut kept = record::Set::read(&args.out, earlier)?;
                kept.name = earlier.clone();
                kept.earlier = None;
                kept.write(&args.out)?;
            }
            println!("Wrote {}", set.write(&args.out)?.display());
            Ok(true)
        }
        Job::Python(args) => {
            process::stop_on_interrupt();
            let python = python(&args.python)?;
            let bench = bench(Some(python), args.python.timeout_s);
            measure::python::run_pairs(
                &bench,
                args.only.as_deref(),
                args.quick,
                args.repeat,
                args.record.as_deref(),
                &args.out,
            )
        }
    }
}

/// The tutorial's checkout and interpreters the flags name.
fn python(flags: &PythonFlags) -> anyhow::Result<measure::python::Python> {
    let materials = read::materials_path(flags.python_materials.clone())?;
    measure::python::Python::new(&materials, &flags.python, flags.venv_dir.as_deref())
}
