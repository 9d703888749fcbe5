//! What the CPU examples share but do not teach: the workloads, the flags, the check of
//! every answer, and the report.
//!
//! An example's `main` reads like its Python twin because all of this sits behind three
//! calls: [`command_line`] for the flags, [`Tasks::prepare`] before the clock starts and
//! [`Tasks::report`] after it stops. In between is the lesson: how the tasks are spread
//! over threads or processes, each running the example's own `fib` through
//! [`cpu_bound`].

mod workload;

use std::collections::HashSet;
use std::time::Duration;

use anyhow::bail;
use reports::CpuReport;

pub use workload::{Done, Task, Workload, cpu_bound, expected, fib, sum_of_squares};

/// How many results by default: the tutorial computes `fib(35)` 20 times.
pub const DEFAULT_COUNT: usize = 20;

/// The tutorial's `fib(35)`: about a second of Python, a few hundredths of Rust.
pub const FIB_N: u64 = 35;

/// The 2019 tutorial's `5_000_000 + x`.
pub const SQUARES_BASE: u64 = 5_000_000;

/// The flags every CPU example takes.
#[derive(Debug, Clone, clap::Args)]
pub struct CpuArgs {
    /// What to compute.
    #[arg(long, value_enum, default_value_t = Workload::Fib)]
    pub workload: Workload,
    /// How many results to compute.
    #[arg(long, default_value_t = DEFAULT_COUNT, allow_negative_numbers = true)]
    pub count: usize,
    /// Print one JSON object instead of the human line.
    #[arg(long)]
    pub json: bool,
}

/// The tasks of one run, and what the report needs to know about it.
#[derive(Debug)]
pub struct Tasks {
    example: &'static str,
    workload: Workload,
    tasks: Vec<Task>,
    json: bool,
    workers: usize,
}

impl Tasks {
    /// Builds the task list (`[35] * 20`, or `5_000_000 + x for x in range(20)`) and
    /// warns when a debug build would make the timings mislead. `workers` is how many
    /// threads or processes the example uses; it goes in `--json`.
    pub fn prepare(example: &'static str, args: &CpuArgs, workers: usize) -> Tasks {
        if cfg!(debug_assertions) {
            eprintln!("note: this is a debug build, so its timings mislead; add --release");
        }
        let number = |x: usize| match args.workload {
            Workload::Fib => FIB_N,
            Workload::Squares => SQUARES_BASE + x as u64,
        };
        Tasks {
            example,
            workload: args.workload,
            tasks: (0..args.count)
                .map(|x| Task {
                    workload: args.workload,
                    number: number(x),
                })
                .collect(),
            json: args.json,
            workers,
        }
    }

    /// The tasks, in order.
    pub fn list(&self) -> &[Task] {
        &self.tasks
    }

    /// Checks every answer, then prints the final line (or the JSON object). Returns an
    /// error, and so exit status 1, when an answer is missing or wrong: a timing of work
    /// that was skipped or botched is worth nothing.
    pub fn report(self, results: &[Done], duration: Duration) -> anyhow::Result<()> {
        if results.len() != self.tasks.len() {
            bail!("{} tasks but {} results", self.tasks.len(), results.len());
        }
        for (task, done) in self.tasks.iter().zip(results) {
            if done.value != expected(*task) {
                bail!(
                    "wrong answer for {task:?}: {} (expected {})",
                    done.value,
                    expected(*task)
                );
            }
        }
        let workers_used = results
            .iter()
            .map(|d| &d.worker)
            .collect::<HashSet<_>>()
            .len();
        let seconds = duration.as_secs_f64();
        if self.json {
            let report = CpuReport {
                example: self.example.to_owned(),
                workload: format!("{:?}", self.workload).to_lowercase(),
                count: results.len(),
                seconds: reports::round_seconds(seconds),
                workers: self.workers,
                workers_used,
                results: results.iter().map(|d| d.value.to_string()).collect(),
                items: spans(results),
            };
            println!("{}", serde_json::to_string(&report)?);
        } else {
            println!("Computed {} results in {seconds:.3} seconds", results.len());
        }
        Ok(())
    }
}

/// When each result was computed and by whom, in milliseconds from the first start.
fn spans(results: &[Done]) -> Vec<reports::ItemSpan> {
    let zero = results.iter().map(|d| d.started_us).min().unwrap_or(0);
    let ms = |us: u64| us.saturating_sub(zero) as f64 / 1000.0;
    results
        .iter()
        .map(|d| reports::ItemSpan {
            worker: d.worker.clone(),
            start_ms: ms(d.started_us),
            end_ms: ms(d.ended_us),
        })
        .collect()
}

/// The alignment `.cargo/config.toml` asks for every function (`-align-all-functions=6`:
/// 2^6 bytes), so that every example's `fib` sits the same way in its binary and runs at
/// the same speed (docs/runs/alignment.txt: unaligned, the same `fib` ran 1.25x apart in
/// two examples; aligned, a tie).
pub const FUNCTION_ALIGNMENT: usize = 64;

/// Whether `function` starts on a [`FUNCTION_ALIGNMENT`] boundary. Setting `RUSTFLAGS`
/// replaces the config file's flags without a word, and this is how a run notices.
pub fn is_aligned(function: fn(u64) -> u64) -> bool {
    // A function pointer's address is where the machine code starts.
    function as usize % FUNCTION_ALIGNMENT == 0
}

/// Says once, on stderr, when the example's `fib` is not aligned.
fn warn_once_if_unaligned(fib: fn(u64) -> u64) {
    static CHECKED: std::sync::Once = std::sync::Once::new();
    CHECKED.call_once(|| {
        if !is_aligned(fib) {
            eprintln!(
                "note: fib is not aligned to {FUNCTION_ALIGNMENT} bytes (is RUSTFLAGS set? it replaces \
                 .cargo/config.toml's flags), so code layout may move these timings by 10% or more"
            );
        }
    });
}

/// The flags of cpu_threading: the common ones and `--workers`.
#[derive(Debug, Clone, clap::Args)]
pub struct ThreadArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub work: CpuArgs,
    /// How many threads compute at once.
    #[arg(long, default_value_t = THREADS, allow_negative_numbers = true)]
    #[arg(value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: u16,
}

/// `ThreadPoolExecutor(max_workers=5)` in the tutorial.
pub const THREADS: u16 = 5;

/// The flags of cpu_multiprocessing: the common ones and `--processes`.
#[derive(Debug, Clone, clap::Args)]
pub struct ProcessArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub work: CpuArgs,
    /// How many worker processes compute at once.
    #[arg(long, default_value_t = process_pool::default_processes(), allow_negative_numbers = true)]
    #[arg(value_parser = clap::value_parser!(u16).range(1..))]
    pub processes: u16,
}

/// Parses this program's command line into `A` (a set of flags above), with `about` as
/// the description `--help` shows. A bad flag exits with status 2 and says why, as
/// clap's derived parsers do.
pub fn command_line<A: clap::Args + clap::FromArgMatches>(about: &'static str) -> A {
    let name = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .and_then(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "example".to_owned());
    // clap (built without its `string` feature) keeps names as `&'static str`; this
    // one string lives as long as the program anyway.
    let name: &'static str = Box::leak(name.into_boxed_str());
    // The flags' own doc comment would be the description: `about` replaces it.
    let command = A::augment_args(clap::Command::new(name))
        .about(about)
        .long_about(None::<&str>);
    A::from_arg_matches(&command.get_matches()).unwrap_or_else(|error| error.exit())
}

/// A task travels to a worker process as `fib 35` or `squares 5000003`.
impl process_pool::Message for Task {
    fn to_bytes(&self) -> Vec<u8> {
        let name = match self.workload {
            Workload::Fib => "fib",
            Workload::Squares => "squares",
        };
        format!("{name} {}", self.number).into_bytes()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let text = String::from_utf8_lossy(bytes);
        let (name, number) = text
            .split_once(' ')
            .ok_or_else(|| format!("not a task: {text:?}"))?;
        let workload = match name {
            "fib" => Workload::Fib,
            "squares" => Workload::Squares,
            _ => return Err(format!("unknown workload {name:?}")),
        };
        let number = number
            .parse()
            .map_err(|_| format!("not a number: {number:?}"))?;
        Ok(Task { workload, number })
    }
}

/// A result travels back as `VALUE WORKER`.
impl process_pool::Message for Done {
    fn to_bytes(&self) -> Vec<u8> {
        format!(
            "{} {} {} {}",
            self.value, self.worker, self.started_us, self.ended_us
        )
        .into_bytes()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let text = String::from_utf8_lossy(bytes);
        let fields: Vec<&str> = text.split(' ').collect();
        let [value, worker, started, ended] = fields[..] else {
            return Err(format!("not a result: {text:?}"));
        };
        let number = |field: &str| {
            field
                .parse::<u64>()
                .map_err(|_| format!("not a number: {field:?}"))
        };
        Ok(Done {
            value: value
                .parse()
                .map_err(|_| format!("not a number: {value:?}"))?,
            worker: worker.to_owned(),
            started_us: number(started)?,
            ended_us: number(ended)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use process_pool::Message;

    #[test]
    fn tasks_and_results_survive_the_trip_to_a_worker() {
        let task = Task {
            workload: Workload::Squares,
            number: 5_000_019,
        };
        assert_eq!(Task::from_bytes(&task.to_bytes()), Ok(task));
        let done = Done {
            value: 41_666_679_166_667_500_000,
            worker: "12/3".into(),
            started_us: 1_764_000_000_000_000,
            ended_us: 1_764_000_000_050_000,
        };
        assert_eq!(Done::from_bytes(&done.to_bytes()), Ok(done));
        assert!(Task::from_bytes(b"fibonacci 35").is_err());
    }

    #[test]
    fn fib_is_aligned_as_the_cargo_config_asks() {
        // The tests build with .cargo/config.toml's flags unless RUSTFLAGS replaces them.
        if std::env::var_os("RUSTFLAGS").is_none() {
            assert!(is_aligned(fib), "fib at {:p}", fib as fn(u64) -> u64);
        }
    }

    #[test]
    fn a_wrong_answer_fails_the_report() {
        let args = CpuArgs {
            workload: Workload::Fib,
            count: 2,
            json: true,
        };
        let tasks = Tasks::prepare("test", &args, 1);
        let right = Done {
            value: 9_227_465,
            worker: "1/1".into(),
            started_us: 0,
            ended_us: 0,
        };
        let wrong = Done {
            value: 9_227_464,
            worker: "1/1".into(),
            started_us: 0,
            ended_us: 0,
        };
        let error = tasks.report(&[right, wrong], Duration::ZERO).unwrap_err();
        assert!(error.to_string().contains("wrong answer"), "{error}");
    }
}
