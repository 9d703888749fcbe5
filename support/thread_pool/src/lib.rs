//! `ThreadPoolExecutor(max_workers=N).map(f, items)`, in Rust, with `std` alone.
//!
//! [`map`] starts up to `max_workers` threads, never more than there are items (Python's
//! executor also starts threads only as the work needs them). Each thread takes the
//! next item when it is free, by bumping a shared index, so a slow item never holds up
//! the others; the results come back in the items' order, as `executor.map` returns
//! them. The threads are scoped (`std::thread::scope`): they may borrow the items and
//! `f` from the caller, and every one has finished when `map` returns.
//!
//! If the system refuses a thread (too many threads already), the pool goes on with the
//! threads it has, after a warning on stderr; only when it cannot start even one does
//! [`map`] fail, with [`NoThreads`].

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// The system would not start a single thread for the pool.
#[derive(Debug)]
pub struct NoThreads(pub std::io::Error);

impl fmt::Display for NoThreads {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the system refused to start a single thread: {}", self.0)
    }
}

impl std::error::Error for NoThreads {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Calls `f` on every item on up to `max_workers` threads, and returns the results in
/// the items' order. A `max_workers` of 0 is taken as 1.
pub fn map<T, R, F>(max_workers: usize, items: &[T], f: F) -> Result<Vec<R>, NoThreads>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    // The queue is just the index of the next item; each thread claims one at a time.
    let next_item = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next_item.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = thread::scope(|scope| {
        let mut threads = Vec::new();
        for _ in 0..max_workers.max(1).min(items.len()) {
            match thread::Builder::new().spawn_scoped(scope, work) {
                Ok(thread) => threads.push(thread),
                Err(error) if threads.is_empty() => return Err(NoThreads(error)),
                Err(error) => {
                    eprintln!(
                        "warning: no more threads ({error}); going on with {}",
                        threads.len()
                    );
                    break;
                }
            }
        }
        // Each thread hands its results back through its JoinHandle. It panics only if
        // `f` panicked, and then so should the caller, as `executor.map` re-raises.
        Ok(threads
            .into_iter()
            .flat_map(|t| t.join().expect("a pool thread panicked"))
            .collect())
    })?;
    // Back in the order of `items`, as executor.map returns them.
    results.sort_by_key(|(index, _)| *index);
    Ok(results.into_iter().map(|(_, result)| result).collect())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        // The first items take longest, so they finish last.
        let items: Vec<u64> = (0..12).collect();
        let results = map(4, &items, |&i| {
            thread::sleep(Duration::from_millis((12 - i) * 3));
            i * 10
        })
        .unwrap();
        assert_eq!(results, (0..12).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_threads_than_workers_or_items() {
        let threads_seen = |workers, count| {
            let seen = Mutex::new(HashSet::new());
            let items = vec![(); count];
            map(workers, &items, |_| {
                seen.lock().unwrap().insert(thread::current().id());
                // Long enough that every started thread gets an item.
                thread::sleep(Duration::from_millis(20));
            })
            .unwrap();
            seen.into_inner().unwrap().len()
        };
        assert!(threads_seen(3, 12) <= 3);
        assert!(threads_seen(60_000, 4) <= 4);
        assert!(threads_seen(0, 4) == 1);
    }

    #[test]
    fn no_items_start_no_threads() {
        let results: Vec<()> = map(5, &[] as &[u8], |_| panic!("no item to call f on")).unwrap();
        assert!(results.is_empty());
    }
}
