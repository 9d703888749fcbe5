//! The work itself: two ways to keep a CPU busy, and a record of who did it.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

/// Which computation the CPU examples repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Workload {
    /// `fib(35)` by naive recursion: the current tutorial.
    Fib,
    /// The sum of the squares of `range(5_000_000 + x)`: the 2019 tutorial.
    Squares,
}

/// One unit of work: a workload and its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// What to compute.
    pub workload: Workload,
    /// Its input: `n` of `fib(n)`, or the end of the range to sum squares over.
    pub number: u64,
}

/// A task's answer, and which thread of which process computed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The answer.
    pub value: u128,
    /// `PID/THREAD`: the process id and this program's number for the thread.
    pub worker: String,
    /// When the work started and ended, in microseconds since 1970 by the system clock:
    /// the one clock that worker processes and their parent share.
    pub started_us: u64,
    /// See `started_us`.
    pub ended_us: u64,
}

/// Now, in microseconds since 1970 by the system clock.
pub fn now_us() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// Computes one task with the example's own `fib` (or the 2019 tutorial's sum of
/// squares) and notes where it ran: the function every CPU example maps over its tasks,
/// as the tutorial maps `fib` over `[35] * 20`.
pub fn cpu_bound(task: Task, fib: fn(u64) -> u64) -> Done {
    crate::warn_once_if_unaligned(fib);
    let started_us = now_us();
    // black_box hides the input's value from the optimiser, so no call can be worked
    // out at compile time or merged with another call on the same input.
    let number = black_box(task.number);
    let value = match task.workload {
        Workload::Fib => u128::from(fib(number)),
        Workload::Squares => sum_of_squares(number),
    };
    Done {
        value,
        worker: worker_id(),
        started_us,
        ended_us: now_us(),
    }
}

/// The n-th Fibonacci number, by the naive recursion the tutorial uses on purpose:
/// fib(35) makes about 30 million calls. Each CPU example has its own copy, as each of
/// the tutorial's scripts does; this one is for io_asyncio_starved and the tests.
#[inline(never)]
pub fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}

/// `sum(i * i for i in range(number))`, computed one square at a time.
///
/// The optimiser knows the closed formula n(n-1)(2n-1)/6 for this loop and, left alone,
/// replaces the whole loop with it: then "5 million multiplications" take a few
/// nanoseconds and every timing of this workload measures nothing. `black_box(i)`
/// makes each `i` opaque, so the loop must really run. The sum is a u128 because, for
/// 5 million, it is about 4.2e19, more than a u64 holds (Python's ints just grow).
pub fn sum_of_squares(number: u64) -> u128 {
    (0..number)
        .map(|i| {
            let i = black_box(i);
            u128::from(i * i)
        })
        .sum()
}

/// What `cpu_bound` must answer: fib by a loop, squares by the closed formula.
pub fn expected(task: Task) -> u128 {
    match task.workload {
        Workload::Fib => {
            let (mut a, mut b) = (0u128, 1u128);
            for _ in 0..task.number {
                (a, b) = (b, a + b);
            }
            a
        }
        Workload::Squares => {
            let n = u128::from(task.number);
            n * n.saturating_sub(1) * (2 * n).saturating_sub(1) / 6
        }
    }
}

/// A number for each thread that asks, handed out in order.
static NEXT_THREAD: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's number, taken the first time it finishes a task. `thread_local!`
    /// gives every thread its own copy, so reading it needs no lock.
    static THREAD: u64 = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
}

/// `PID/THREAD`: unique across the threads of one process and across processes.
fn worker_id() -> String {
    format!("{}/{}", std::process::id(), THREAD.with(|n| *n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fib_35_is_the_tutorials_answer() {
        assert_eq!(fib(35), 9_227_465);
        let task = Task {
            workload: Workload::Fib,
            number: 35,
        };
        assert_eq!(expected(task), 9_227_465);
        assert_eq!(cpu_bound(task, fib).value, 9_227_465);
    }

    #[test]
    fn squares_match_the_closed_formula() {
        for number in [0, 1, 2, 10, 1_000] {
            let task = Task {
                workload: Workload::Squares,
                number,
            };
            assert_eq!(sum_of_squares(number), expected(task), "{number}");
        }
        assert_eq!(sum_of_squares(4), 14); // 0 + 1 + 4 + 9
    }

    #[test]
    fn each_thread_has_its_own_worker_id() {
        let here = worker_id();
        let there = std::thread::spawn(worker_id).join().unwrap();
        assert_ne!(here, there);
        assert_eq!(here, worker_id(), "a thread keeps its id");
    }
}
