// Two threads each need two locks, the list of sites and the byte count, and take them
// in opposite orders. Each gets its first lock, then waits forever for the other's:
// a deadlock. It compiles (the compiler knows nothing of lock order) and hangs; in
// Python, two `threading.Lock`s do the same. Here the main thread stops waiting after
// a while and says so, instead of hanging.
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::thread;
use std::time::Duration;

/// How long to wait for either thread before calling it a deadlock. Each needs
/// microseconds once it has both locks.
const PATIENCE: Duration = Duration::from_secs(2);

pub fn main() {
    let sites = Arc::new(Mutex::new(Vec::<String>::new()));
    let bytes = Arc::new(Mutex::new(0_usize));
    // Both threads take their first lock before either tries its second, so the
    // deadlock happens on every run, not only when the timing is unlucky.
    let both_hold_one = Arc::new(Barrier::new(2));
    let (finished, done) = mpsc::channel();
    for sites_first in [true, false] {
        let (sites, bytes) = (Arc::clone(&sites), Arc::clone(&bytes));
        let (both_hold_one, finished) = (Arc::clone(&both_hold_one), finished.clone());
        thread::spawn(move || {
            if sites_first {
                let mut sites = sites.lock().expect("the other thread panicked holding it");
                both_hold_one.wait();
                let mut bytes = bytes.lock().expect("the other thread panicked holding it");
                sites.push("https://www.jython.org".into());
                *bytes += 10_240;
            } else {
                let mut bytes = bytes.lock().expect("the other thread panicked holding it");
                both_hold_one.wait();
                let mut sites = sites.lock().expect("the other thread panicked holding it");
                sites.push("http://olympus.realpython.org/dice".into());
                *bytes += 1_024;
            }
            let _ = finished.send(());
        });
    }
    drop(finished);
    match done.recv_timeout(PATIENCE) {
        Ok(()) => println!("a thread finished: no deadlock"),
        Err(mpsc::RecvTimeoutError::Timeout) => println!(
            "deadlock: neither thread finished in {} s; each holds the lock the other waits for",
            PATIENCE.as_secs()
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => println!("both threads died"),
    }
}
