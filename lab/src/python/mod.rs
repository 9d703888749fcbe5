//! `lab python`: the tutorial's own Python scripts beside their Rust twins,
//! against one site server, in one table.
//!
//! Each script is copied from the user's checkout of realpython/materials to a folder
//! of its own, with its two site URLs pointed at the local server (and nothing else
//! changed), then run as a whole process, alternating with its twin: Python, Rust,
//! Python, Rust. Every run is timed from outside (wall, CPU, peak memory, as the OS
//! counts them), and the server says how many downloads it saw at once and on how many
//! connections.

pub mod interpreter;
mod runs;

pub use runs::{Committed, Language, Run, own_seconds};

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use crate::examples::Examples;
use crate::materials::{Half, Materials, materials_path};
use crate::usage::UsageError;
use interpreter::Interpreter;

/// Runs of each program by default: the median of three, with its spread.
const DEFAULT_REPEAT: u16 = 3;

/// A run that takes longer than this is stopped and counted as failed. The tutorial's
/// Python CPU scripts take 40 s to 80 s each on a 2-core test machine; five times that
/// leaves room for a slow laptop, and still ends a script that hangs.
const DEFAULT_TIMEOUT_S: u64 = 400;
/// [`DEFAULT_TIMEOUT_S`] as a limit, for the claims that run the tutorial's scripts.
pub const RUN_LIMIT: Duration = Duration::from_secs(DEFAULT_TIMEOUT_S);

/// `--quick`: a short latency, still far above what a request costs either language.
const QUICK_LATENCY_MS: u64 = 10;

/// The flags of `lab python`.
#[derive(Debug, clap::Args)]
pub struct PythonArgs {
    /// Your clone of realpython/materials (or set PYTHON_MATERIALS).
    #[arg(long, value_name = "PATH")]
    python_materials: Option<PathBuf>,
    /// Run the scripts with this interpreter as it is (e.g. python3.13t), instead of
    /// the virtual environment this program makes. Give it more than once to measure
    /// several in one run, each script on each in turn with its twin.
    #[arg(long, value_name = "PYTHON")]
    python: Vec<PathBuf>,
    /// Make a virtual environment with the tutorial's requirements from each --python,
    /// once, and run the scripts in it (aiohttp as pure Python on a free-threaded build).
    #[arg(long, requires = "python")]
    with_requirements: bool,
    /// Where to make that virtual environment (default: your cache folder).
    #[arg(long, value_name = "DIR", conflicts_with = "python")]
    venv_dir: Option<PathBuf>,
    /// Only the I/O scripts, or only the CPU ones.
    #[arg(long, value_enum)]
    only: Option<Half>,
    /// Runs of each program; the table shows the median and the spread.
    #[arg(long, default_value_t = DEFAULT_REPEAT, value_parser = clap::value_parser!(u16).range(1..))]
    repeat: u16,
    /// One run each, 20 sites at 10 ms, 2 results per CPU script: a smoke test.
    #[arg(long)]
    quick: bool,
    /// How long each site takes to answer, in milliseconds.
    #[arg(long, default_value_t = site_server::DEFAULT_LATENCY.as_millis() as u64)]
    latency_ms: u64,
    /// Stop a run that takes longer than this many seconds, and count it as failed.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_S)]
    timeout_s: u64,
    /// Also write every run's figures (JSON) and the tables (Markdown) to this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Run nothing: print the tables of the runs in this python-vs-rust.json again (and
    /// write them to --out DIR/python-vs-rust.md), so the docs follow the table's format
    /// without measuring again.
    #[arg(long, value_name = "JSON", hide = true)]
    tables_from: Option<PathBuf>,
}

/// Runs every pair the checkout holds and prints the tables; returns whether every run
/// succeeded.
pub fn run(examples: &Examples, args: &PythonArgs) -> anyhow::Result<bool> {
    if let Some(json) = &args.tables_from {
        let outcome = runs::Outcome::read(json)?;
        let tables = outcome.tables();
        println!("{}", tables.text);
        if let Some(out) = &args.out {
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let path = out.join("python-vs-rust.md");
            std::fs::write(&path, &tables.markdown)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!("Wrote {}", path.display());
        }
        return Ok(outcome.all_ok());
    }
    let path = materials_path(args.python_materials.clone())?;
    let materials = Materials::find(&path)?;
    let halves = match args.only {
        Some(half) => vec![half],
        None => vec![Half::Io, Half::Cpu],
    };
    let pairs = materials.pairs(&halves);
    if pairs.is_empty() {
        return Err(UsageError(format!(
            "{} has none of the tutorial's scripts for this run",
            path.display()
        ))
        .into());
    }
    let twins: Vec<String> = pairs.iter().map(|p| p.twin.to_owned()).collect();
    examples.check(&twins)?;

    let requirements = materials.requirements();
    let pythons: Vec<Interpreter> = if args.python.is_empty() {
        vec![interpreter::project_venv(None, requirements.as_deref(), args.venv_dir.as_deref())?]
    } else if args.with_requirements {
        args.python
            .iter()
            .map(|base| interpreter::project_venv(Some(base), requirements.as_deref(), None))
            .collect::<anyhow::Result<_>>()?
    } else {
        args.python
            .iter()
            .map(|python| interpreter::named(python))
            .collect::<anyhow::Result<_>>()?
    };
    let latency_ms = if args.quick { QUICK_LATENCY_MS } else { args.latency_ms };
    let server = site_server::spawn(site_server::Config {
        latency: Duration::from_millis(latency_ms),
        ..site_server::Config::default()
    })
    .context("could not start the site server")?;
    let settings = runs::Settings {
        repeat: if args.quick { 1 } else { usize::from(args.repeat) },
        quick: args.quick,
        latency_ms,
        limit: Duration::from_secs(args.timeout_s),
    };
    for python in &pythons {
        println!("Python: {} ({})", python.describe_build(), python.path.display());
    }
    println!(
        "site_server at {}, {latency_ms} ms per site; {} run(s) of each program\n",
        server.base_url(),
        settings.repeat
    );
    let outcome = runs::run_all(examples, &materials, &pairs, pythons, &server, &settings)?;
    let tables = outcome.tables();
    println!("\n{}", tables.text);
    if let Some(out) = &args.out {
        outcome
            .write(out, &settings, &tables)
            .with_context(|| format!("cannot write to {}", out.display()))?;
        println!("Wrote {}", out.display());
    }
    Ok(outcome.all_ok())
}
