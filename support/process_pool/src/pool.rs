//! The parent's side: start the workers, hand out items, collect results.

use std::fmt;
use std::io::{self, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::wire::{self, Answer, Line, Outcome};
use crate::{INIT_ENV, WORK_ENV, WORKER_ENV, name_of};

/// How long a worker whose stdout has closed gets to exit by itself before it is killed.
/// Exiting takes milliseconds; this only bounds a worker that closed stdout and hung.
const EXIT_GRACE: Duration = Duration::from_secs(2);

/// A pool of worker processes, like Python's `ProcessPoolExecutor(max_workers)`.
#[derive(Debug, Clone)]
pub struct Pool {
    /// How many workers run at once.
    processes: usize,
    /// The initializer's Rust path, if it has one: the workers run it once each.
    init: Option<&'static str>,
    /// Where the lines the workers print go.
    on_output: fn(&str),
    /// Extra environment variables for the workers, like Python's `initargs`: a worker
    /// runs the program again, so anything it needs from the parent travels this way.
    env: Vec<(String, String)>,
    /// How long one item may run before its worker is killed; `None` waits forever.
    item_timeout: Option<Duration>,
}

/// Why one item has no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskError {
    /// The work function returned an error; `message` is its text.
    Failed {
        /// The item's index in the input.
        item: usize,
        /// The worker that ran it.
        worker: String,
        /// The error the work function returned.
        message: String,
    },
    /// The worker exited or was killed while it was working on the item.
    WorkerDied {
        /// The item's index in the input.
        item: usize,
        /// The worker that died.
        worker: String,
        /// How it ended, e.g. `signal: 9 (SIGKILL)`.
        status: String,
    },
    /// The worker answered something that is not a result.
    Garbage {
        /// The item's index in the input.
        item: usize,
        /// The worker that answered.
        worker: String,
        /// What was wrong with the answer.
        detail: String,
    },
    /// The item ran longer than the pool's item timeout; its worker was killed.
    TimedOut {
        /// The item's index in the input.
        item: usize,
        /// The worker that was running it.
        worker: String,
        /// The timeout it exceeded.
        after: Duration,
    },
    /// No worker process could be started to run the item.
    NoWorker {
        /// The item's index in the input.
        item: usize,
        /// Why starting a worker failed.
        reason: String,
    },
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskError::Failed { item, worker, message } => {
                write!(f, "{message} (item {item}, in {worker})")
            }
            TaskError::WorkerDied { item, worker, status } => {
                write!(f, "{worker} died while running item {item} ({status})")
            }
            TaskError::Garbage { item, worker, detail } => {
                write!(f, "{worker} answered garbage for item {item}: {detail}")
            }
            TaskError::TimedOut { item, worker, after } => {
                write!(
                    f,
                    "{worker} was killed after running item {item} for {after:?} (the item timeout)"
                )
            }
            TaskError::NoWorker { item, reason } => {
                write!(f, "no worker process could be started for item {item}: {reason}")
            }
        }
    }
}

impl std::error::Error for TaskError {}

impl Pool {
    /// A pool of `processes` workers. By default what they print goes to stdout.
    pub fn new(processes: usize) -> Pool {
        Pool {
            processes,
            init: None,
            on_output: |line| println!("{line}"),
            env: Vec::new(),
            item_timeout: None,
        }
    }

    /// Runs `init` once in each worker before its first item, as
    /// `ProcessPoolExecutor(initializer=init)` does. The program's
    /// [`serve_if_worker_with`](crate::serve_if_worker_with) must name it too.
    pub fn initializer<G: Fn()>(mut self, init: G) -> Pool {
        self.init = Some(name_of(&init));
        self
    }

    /// Kills a worker whose item runs longer than `timeout`, failing that item; a fresh
    /// worker takes its place. Without it a worker that hangs holds the pool forever.
    pub fn item_timeout(mut self, timeout: Duration) -> Pool {
        self.item_timeout = Some(timeout);
        self
    }

    /// Sets an environment variable in every worker.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Pool {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Sends the lines the workers print to `sink` instead.
    pub fn on_output(mut self, sink: fn(&str)) -> Pool {
        self.on_output = sink;
        self
    }

    /// Runs `work` on every item in the workers and returns one result per item, in
    /// input order: `executor.map(work, items)`. The program's
    /// [`serve_if_worker`](crate::serve_if_worker) must name the same `work`.
    ///
    /// Starts the workers, hands each one item at a time, and when every item has
    /// ended, closes their stdin and waits for them to exit. Never panics on a worker's
    /// behaviour and never waits on a dead worker: each failure is that item's `Err`.
    /// Each item's span (which worker ran it, from when to when) is recorded with
    /// [`reports::record`], for the run's timeline.
    pub fn map<F, I, R>(&self, work: F, items: &[I]) -> Vec<Result<R::Value, TaskError>>
    where
        F: Fn(I) -> R,
        I: Serialize,
        R: Outcome,
    {
        let (events_sender, events) = mpsc::channel();
        let mut run = Run {
            pool: self,
            work: name_of(&work),
            items,
            results: items.iter().map(|_| None).collect(),
            next_item: 0,
            workers: Vec::new(),
            started: 0,
            events,
            events_sender,
        };
        run.start_workers(self.processes.min(items.len()));
        while run.results.iter().any(Option::is_none) {
            run.handle_next_event();
        }
        run.results.into_iter().flatten().collect()
    }
}

/// One call of [`Pool::map`] in progress.
struct Run<'a, I, O> {
    pool: &'a Pool,
    /// The work function's Rust path, which the workers check.
    work: &'static str,
    items: &'a [I],
    /// `None` until the item has ended, one way or the other.
    results: Vec<Option<Result<O, TaskError>>>,
    /// The first item not yet handed out.
    next_item: usize,
    /// The live workers. Dropping a `Worker` reaps its process.
    workers: Vec<Worker>,
    /// How many workers this run has started; the next one is `worker-{started + 1}`.
    started: u64,
    /// Every worker's reader thread sends what it reads here, tagged by worker number.
    events: Receiver<(u64, Event)>,
    /// The sending side, cloned for each new worker's reader thread.
    events_sender: Sender<(u64, Event)>,
}

/// What a reader thread saw on a worker's stdout.
enum Event {
    Printed(String),
    Answer(Vec<u8>),
    Garbage(String),
    Closed,
}

struct Worker {
    number: u64,
    name: String,
    child: Child,
    /// Closing it tells the worker there is no more work.
    stdin: Option<ChildStdin>,
    /// The item the worker is running, if any.
    item: Option<usize>,
    /// When it was handed that item.
    since: Instant,
}

/// Why a worker leaves the pool.
enum Exit {
    /// Its stdout closed: it exited, or was killed from outside.
    Ended,
    /// It answered something that is not an answer; it is killed.
    Garbage(String),
    /// Its item ran past the item timeout; it is killed.
    TimedOut(Duration),
}

impl<I: Serialize, O: DeserializeOwned> Run<'_, I, O> {
    fn start_workers(&mut self, count: usize) {
        for _ in 0..count {
            if let Err(error) = self.start_worker() {
                // With no worker at all, nothing could ever run the remaining items.
                if self.workers.is_empty() {
                    self.fail_remaining(&error.to_string());
                }
                return;
            }
        }
        if count == 0 {
            self.fail_remaining("the pool has no processes");
        }
    }

    /// Starts one more worker and gives it an item.
    fn start_worker(&mut self) -> io::Result<()> {
        self.started += 1;
        let number = self.started;
        let mut child = Command::new(std::env::current_exe()?)
            .envs(self.pool.env.iter().map(|(k, v)| (k, v)))
            .env(WORKER_ENV, number.to_string())
            .env(WORK_ENV, self.work)
            .env(INIT_ENV, self.pool.init.unwrap_or_default())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child.stdout.take().ok_or_else(|| io::Error::other("no stdout pipe"))?;
        let events = self.events_sender.clone();
        thread::Builder::new()
            .name(format!("worker-{number} reader"))
            .spawn(move || read_lines(number, stdout, events))?;
        self.workers.push(Worker {
            number,
            name: format!("worker-{number}"),
            stdin: child.stdin.take(),
            child,
            item: None,
            since: Instant::now(),
        });
        let last = self.workers.len() - 1;
        self.give_next_item(last);
        Ok(())
    }

    /// Hands the worker the next item, or closes its stdin when there is none.
    fn give_next_item(&mut self, index: usize) {
        let worker = &mut self.workers[index];
        if self.next_item == self.items.len() {
            worker.stdin = None;
            return;
        }
        let item = self.next_item;
        self.next_item += 1;
        worker.item = Some(item);
        worker.since = Instant::now();
        let line = serde_json::to_vec(&self.items[item]).map(|mut line| {
            line.push(b'\n');
            line
        });
        match (line, worker.stdin.as_mut()) {
            (Ok(line), Some(stdin)) => {
                // A failed write means the worker is gone; its reader reports `Closed`
                // next, and that fails this item with the worker's exit status.
                let _ = stdin.write_all(&line);
            }
            (Err(error), _) => {
                worker.item = None;
                self.results[item] = Some(Err(TaskError::Failed {
                    item,
                    worker: worker.name.clone(),
                    message: format!("the item could not be sent: {error}"),
                }));
                self.give_next_item(index);
            }
            (Ok(_), None) => {}
        }
    }

    fn handle_next_event(&mut self) {
        // Every live worker holds an item or has its stdin closed, so each one sends
        // another event before long; and the `Sender` kept in `self` means this never
        // sees a disconnected channel.
        let received = match self.next_deadline() {
            None => self.events.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => {
                self.events.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            }
        };
        let (number, event) = match received {
            Ok(news) => news,
            Err(RecvTimeoutError::Timeout) => return self.kill_overdue_workers(),
            Err(RecvTimeoutError::Disconnected) => {
                return self.fail_remaining("the pool lost its workers");
            }
        };
        let Some(index) = self.workers.iter().position(|w| w.number == number) else {
            return; // Late news from a worker already retired.
        };
        match event {
            Event::Printed(line) => (self.pool.on_output)(&line),
            Event::Answer(json) => {
                let answer = match serde_json::from_slice::<Answer<O>>(&json) {
                    Ok(answer) => answer,
                    Err(why) => return self.retire(index, Exit::Garbage(why.to_string())),
                };
                let worker = &mut self.workers[index];
                let Some(item) = worker.item.take() else {
                    return self
                        .retire(index, Exit::Garbage("an answer when it had no item".into()));
                };
                reports::record(answer.span);
                let worker = worker.name.clone();
                self.results[item] = Some(answer.result.map_err(|message| TaskError::Failed {
                    item,
                    worker,
                    message,
                }));
                self.give_next_item(index);
            }
            Event::Garbage(detail) => self.retire(index, Exit::Garbage(detail)),
            Event::Closed => self.retire(index, Exit::Ended),
        }
    }

    /// The soonest moment a running item passes the item timeout, if there is one.
    fn next_deadline(&self) -> Option<Instant> {
        let timeout = self.pool.item_timeout?;
        self.workers.iter().filter(|w| w.item.is_some()).map(|w| w.since + timeout).min()
    }

    fn kill_overdue_workers(&mut self) {
        let Some(timeout) = self.pool.item_timeout else {
            return;
        };
        while let Some(index) =
            self.workers.iter().position(|w| w.item.is_some() && w.since.elapsed() >= timeout)
        {
            self.retire(index, Exit::TimedOut(timeout));
        }
    }

    /// Takes a worker out of the pool (it ended, or it is killed for answering garbage
    /// or running too long), fails its item, and starts a replacement if items are left.
    fn retire(&mut self, index: usize, why: Exit) {
        let mut worker = self.workers.swap_remove(index);
        if !matches!(why, Exit::Ended) {
            let _ = worker.child.kill();
        }
        let status = describe(worker.reap());
        if let Some(item) = worker.item {
            let name = worker.name.clone();
            self.results[item] = Some(Err(match why {
                Exit::Ended => TaskError::WorkerDied { item, worker: name, status },
                Exit::Garbage(detail) => TaskError::Garbage { item, worker: name, detail },
                Exit::TimedOut(after) => TaskError::TimedOut { item, worker: name, after },
            }));
        }
        if self.next_item < self.items.len() {
            self.start_workers(1);
        }
    }

    fn fail_remaining(&mut self, reason: &str) {
        for item in self.next_item..self.items.len() {
            let reason = reason.to_owned();
            self.results[item] = Some(Err(TaskError::NoWorker { item, reason }));
        }
        self.next_item = self.items.len();
    }
}

impl Worker {
    /// Waits for the process to exit, killing it if it does not within [`EXIT_GRACE`].
    fn reap(&mut self) -> io::Result<ExitStatus> {
        self.stdin = None;
        let deadline = Instant::now() + EXIT_GRACE;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            thread::sleep(Duration::from_millis(5));
        }
        self.child.kill()?;
        self.child.wait()
    }
}

impl Drop for Worker {
    /// A worker still in the pool when the run ends (normally, or by a panic in the
    /// caller's output sink) is reaped here, so no child outlives the pool.
    fn drop(&mut self) {
        let _ = self.reap();
    }
}

fn describe(status: io::Result<ExitStatus>) -> String {
    match status {
        Ok(status) => status.to_string(),
        Err(error) => format!("its exit status is unknown: {error}"),
    }
}

/// Runs on a thread per worker: turns its stdout into events until it closes.
fn read_lines(number: u64, stdout: std::process::ChildStdout, events: Sender<(u64, Event)>) {
    let mut input = BufReader::new(stdout);
    loop {
        let news = match wire::read_line(&mut input) {
            Ok(Some(line)) => match wire::split(&line) {
                Line::Printed(text) => vec![Event::Printed(text)],
                Line::Answer { printed, json } => {
                    printed.map(Event::Printed).into_iter().chain([Event::Answer(json)]).collect()
                }
            },
            Ok(None) => vec![Event::Closed],
            Err(error) => vec![Event::Garbage(error.to_string())],
        };
        for event in news {
            let last = matches!(event, Event::Closed | Event::Garbage(_));
            if events.send((number, event)).is_err() || last {
                return;
            }
        }
    }
}
