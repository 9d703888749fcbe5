// An async task takes a lock, then awaits while holding it, as one might with
// `threading.Lock` in asyncio code. A `std::sync::MutexGuard` must be released by the
// thread that took it, so a future that holds one across an `.await` (where tokio may
// move it to another thread) is not `Send`, and `tokio::spawn` refuses it: E0277.
// (Release the guard before the `.await`, or use `tokio::sync::Mutex`.)
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let downloaded = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&downloaded);
    let task = tokio::spawn(async move {
        let mut count = counter.lock().expect("the other thread panicked holding it");
        tokio::time::sleep(Duration::from_millis(50)).await;
        *count += 1;
    });
    task.await.expect("the task panicked");
    println!("{} downloaded", downloaded.lock().expect("poisoned"));
}
