// The tutorial's race_condition.py in safe Rust: threads add 1 to one plain counter.
// Rust refuses to compile it (error E0499): every thread would need `&mut counter` at
// the same time, and a mutable borrow must be unique. That rule is what makes a data
// race impossible in safe Rust.
fn main() {
    let mut counter: u64 = 0;
    std::thread::scope(|scope| {
        for _ in 0..5 {
            scope.spawn(|| {
                for _ in 0..100 {
                    counter += 1;
                }
            });
        }
    });
    println!("{counter}");
}
