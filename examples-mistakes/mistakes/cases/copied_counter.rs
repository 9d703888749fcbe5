// The tutorial's counter again, made to compile by the first fix a newcomer finds:
// `move`. An integer is `Copy`, so `move` gives each thread a copy of its own; every
// thread counts to 100 on its copy, and the counter in `main` still reads 0. No error;
// a warning on `counter` is the only hint, and its lint depends on the compiler: rustc
// 1.95 warns twice under `unused_assignments` (the value captured, and the value
// assigned in the thread, are never read), rustc 1.85, the declared minimum, once under
// `unused_variables`; both ask "did you mean to capture by reference instead?". CI
// builds with both.
use std::thread;

pub fn main() {
    let mut counter = 0;
    let workers: Vec<_> = (0..5)
        .map(|_| {
            thread::spawn(move || {
                for _ in 0..100 {
                    counter += 1;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a counting thread panicked");
    }
    println!("counter = {counter}, expected 500");
}
