//! The exercises' checker: builds an exercise, runs it against a site server of its own,
//! and prints what it saw beside what the task asks, with a hint when they differ.
//!
//! Each exercise is a program in `exercises/src/bin/` that you edit; its `//!` header
//! gives the task. Its solution is in `exercises/solutions/`.
//!
//! ```text
//! cargo run -p exercises -- list
//! cargo run -p exercises -- check threads
//! cargo run -p exercises -- check threads --solution
//! ```
//!
//! The check passes (exit status 0) or fails (1) with a hint naming the book's page;
//! a name it does not know is a usage error (2).

mod checks;
mod observe;
mod platform;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use serde::Deserialize;

use checks::{Row, Verdict};

/// The exercises, their pages and their hints.
const MANIFEST: &str = include_str!("../exercises.toml");

/// How wide the checker's prose is: a terminal's usual 80 columns, less a margin.
const COLUMNS: usize = 76;

/// How many of the program's last stderr lines a failed check shows, after its first.
const STDERR_LINES: usize = 3;

/// The exercises' package, where Cargo builds them.
const PACKAGE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Check the exercises.
#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    command: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// List the exercises, in the book's order.
    List,
    /// Build an exercise, run it, and say whether it does what its task asks.
    Check {
        /// The exercise, as `list` names it.
        #[arg(value_parser = known_exercise)]
        name: String,
        /// Check the exercise's solution instead of the exercise.
        #[arg(long)]
        solution: bool,
        /// Check this program instead of building one (it is run as the exercise is).
        #[arg(long, value_name = "PATH")]
        program: Option<PathBuf>,
        /// Stop each run after this many seconds instead of the check's own limit.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout_s: Option<u64>,
    },
}

/// One exercise of the manifest.
#[derive(Debug, Deserialize)]
struct Exercise {
    name: String,
    page: String,
    hint: String,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    exercise: Vec<Exercise>,
}

fn exercises() -> anyhow::Result<Vec<Exercise>> {
    let manifest: Manifest = toml::from_str(MANIFEST).context("exercises.toml")?;
    Ok(manifest.exercise)
}

/// Accepts the name of an exercise, or says which there are.
fn known_exercise(name: &str) -> Result<String, String> {
    let names: Vec<String> =
        exercises().map_err(|e| e.to_string())?.into_iter().map(|e| e.name).collect();
    if names.iter().any(|n| n == name) {
        Ok(name.to_owned())
    } else {
        Err(format!("there is no exercise {name}; there are: {}", names.join(", ")))
    }
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    observe::stop_on_interrupt();
    match cli.command {
        Action::List => {
            for (number, exercise) in exercises()?.iter().enumerate() {
                println!("{:>2}. {:<10} book/src/{}", number + 1, exercise.name, exercise.page);
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Check { name, solution, program, timeout_s } => {
            match check(&name, solution, program, timeout_s.map(Duration::from_secs)) {
                Err(error) if error.is::<observe::Interrupted>() => {
                    eprintln!("{error}");
                    // A shell's status for a program ended by Ctrl-C.
                    Ok(ExitCode::from(130))
                }
                checked => checked,
            }
        }
    }
}

fn check(
    name: &str,
    solution: bool,
    program: Option<PathBuf>,
    timeout: Option<Duration>,
) -> anyhow::Result<ExitCode> {
    let all = exercises()?;
    let (number, exercise) =
        all.iter().enumerate().find(|(_, e)| e.name == name).context("no such exercise")?;
    let bin = if solution { format!("solution-{name}") } else { name.to_owned() };
    println!("Exercise {}, {name}: book/src/{}", number + 1, exercise.page);
    let program = match program {
        Some(program) => program,
        None => match build(&bin)? {
            Some(program) => program,
            None => {
                println!("\nFAILED: {bin} does not build; the compiler says why above.");
                return Ok(fail(exercise));
            }
        },
    };
    let mut plan = checks::plan(name);
    if let Some(timeout) = timeout {
        plan.timeout = timeout;
    }
    // The checker's own site server may hold as many connections as the exercise.
    let _ = site_server::platform::raise_open_file_limit(u64::MAX);
    let mut runs = Vec::new();
    for _ in 0..plan.runs {
        let server = match plan.latency {
            Some(latency) => Some(
                site_server::spawn(site_server::Config { latency, ..Default::default() })
                    .context("could not start the site server")?,
            ),
            None => None,
        };
        if runs.is_empty() {
            say_how(&bin, &plan);
        }
        runs.push(observe::run(&program, &plan, server.as_ref())?);
    }
    let rows = checks::judge(name, &runs);
    print_rows(&rows);
    if rows.iter().any(|r| r.verdict == Verdict::Wrong) {
        // What the program said about it, in brief: a panic's message, the failed sites.
        if let Some(run) = runs.iter().find(|r| r.code() != Some(0)) {
            let lines: Vec<&str> = run.stderr.lines().collect();
            if let Some(first) = lines.first() {
                // The first line (often a warning that says why) and the last ones.
                println!("\nWhat it wrote to stderr, {} lines:\n  {first}", lines.len());
                let last = lines.len().saturating_sub(STDERR_LINES).max(1);
                if last > 1 {
                    println!("  ...");
                }
                for line in &lines[last..] {
                    println!("  {line}");
                }
            }
        }
        println!("\nFAILED.");
        return Ok(fail(exercise));
    }
    let unseen = rows.iter().filter(|r| matches!(r.verdict, Verdict::Unseen(_))).count();
    if unseen > 0 {
        println!(
            "\nPASSED what this system lets the checker see: {unseen} check(s) could not be made here."
        );
    } else {
        println!("\nPASSED.");
    }
    Ok(ExitCode::SUCCESS)
}

/// The hint, the page, and exit status 1.
fn fail(exercise: &Exercise) -> ExitCode {
    println!("{}", wrap(&format!("Hint: {}", exercise.hint.trim())));
    let path = format!("book/src/{}", exercise.page);
    match page_title(&exercise.page) {
        Some(title) => println!("Read again: \"{title}\", {path}"),
        None => println!("Read again: {path}"),
    }
    ExitCode::from(1)
}

/// The title of a book page (its first `# ` line), when the book is beside the checker.
fn page_title(page: &str) -> Option<String> {
    let path = Path::new(PACKAGE_DIR).join("../book/src").join(page);
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|line| line.strip_prefix("# ")).map(str::to_owned)
}

/// `text` in lines of at most [`COLUMNS`] characters, broken between words.
fn wrap(text: &str) -> String {
    let (mut out, mut width) = (String::new(), 0);
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if width > 0 && width + 1 + length > COLUMNS {
            out.push('\n');
            width = 0;
        } else if width > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += length;
    }
    out
}

/// Says how the exercise is about to run.
fn say_how(bin: &str, plan: &checks::Plan) {
    let mut how = format!(
        "Running: {}",
        [bin.to_owned()].iter().chain(&plan.args).cloned().collect::<Vec<_>>().join(" ")
    );
    if plan.runs > 1 {
        how += &format!(", {} times", plan.runs);
    }
    if let Some(latency) = plan.latency {
        how += &format!(", against a site server whose sites take {} ms", latency.as_millis());
    }
    if let Some(open_files) = plan.open_files {
        how += &format!(", allowed {open_files} open files");
    }
    println!("{how}");
}

/// Builds `bin` of this package in release mode and returns its path, or `None` when it
/// does not compile (the compiler's messages are then on stderr, as Cargo prints them).
fn build(bin: &str) -> anyhow::Result<Option<PathBuf>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(PACKAGE_DIR)
        .args(["build", "--release", "-p", "exercises", "--bin", bin])
        .arg("--message-format=json-render-diagnostics")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    // send_sync's starter is out of the workspace's build until it compiles.
    if bin == "send_sync" {
        command.args(["--features", "send_sync"]);
    }
    println!("Building: cargo build --release -p exercises --bin {bin}");
    let output = command.output().context("cannot run cargo")?;
    if observe::interrupted() {
        return Err(observe::Interrupted.into());
    }
    if !output.status.success() {
        return Ok(None);
    }
    // Cargo says where it put each program it built, one JSON object per line.
    let built = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|message| message["target"]["name"] == bin && message["executable"].is_string())
        .and_then(|message| message["executable"].as_str().map(PathBuf::from));
    built.map(Some).context("cargo did not say where it put the program")
}

/// The table: what, asked, saw, and a verdict.
fn print_rows(rows: &[Row]) {
    let width = |f: fn(&Row) -> usize, header: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(header.len())
    };
    let (w1, w2, w3) = (
        width(|r| r.what.len(), "what"),
        width(|r| r.asked.chars().count(), "asked"),
        width(|r| r.saw.chars().count(), "saw"),
    );
    println!("\n  {:<w1$}  {:<w2$}  saw", "what", "asked");
    for row in rows {
        let verdict = match row.verdict {
            Verdict::Ok => "ok".to_owned(),
            Verdict::Wrong => "WRONG".to_owned(),
            Verdict::Unseen(why) => format!("not checked: {why}"),
        };
        println!("  {:<w1$}  {:<w2$}  {:<w3$}  {verdict}", row.what, row.asked, row.saw);
    }
}
