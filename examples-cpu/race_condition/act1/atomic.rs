// The same program with the counter made atomic: it compiles and is always exact,
// which shows that sharing the counter was the only thing wrong with the first one.
use std::sync::atomic::{AtomicU64, Ordering};

fn main() {
    let counter = AtomicU64::new(0);
    std::thread::scope(|scope| {
        for _ in 0..5 {
            scope.spawn(|| {
                for _ in 0..100 {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(counter.into_inner(), 500);
}
