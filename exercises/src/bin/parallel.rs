//! Exercise 7, parallel: compute on every core.
//!
//! As it stands, this program computes `fib(35)` twenty times on one thread, like
//! cpu_non_concurrent. Make it compute on several threads at once, with threads of your
//! own or with rayon (the book's page "Rust's answer: cpu_rayon").
//!
//! The check runs it and passes when every answer it prints is right, and when the
//! checker, reading each thread's CPU time from outside the program (on Linux, with two
//! cores or more), saw two threads or more computing at the same moment:
//!
//! ```text
//! cargo run -p exercises -- check parallel
//! ```

/// The tutorial's number: `fib(35)`.
const N: u64 = 35;
/// How many times: the tutorial's `for _ in range(20)`.
const COUNT: usize = 20;

fn main() {
    let numbers = [N; COUNT];
    let results: Vec<u64> = numbers.iter().map(|&n| fib(n)).collect();
    for (n, result) in numbers.iter().zip(&results) {
        println!("fib({n}) = {result}");
    }
}

/// The tutorial's `fib`: the naive recursion, so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
