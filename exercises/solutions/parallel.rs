//! Exercise 7, parallel, solved: rayon's `par_iter`.
//!
//! `iter` becomes `par_iter`: rayon splits the numbers over its pool of threads, one per
//! core, and `collect` keeps them in order.
//!
//! ```text
//! cargo run -p exercises -- check parallel --solution
//! ```

use rayon::prelude::*;

/// The tutorial's number: `fib(35)`.
const N: u64 = 35;
/// How many times: the tutorial's `for _ in range(20)`.
const COUNT: usize = 20;

fn main() {
    let numbers = [N; COUNT];
    // The one change: each number may be computed on any of rayon's threads.
    let results: Vec<u64> = numbers.par_iter().map(|&n| fib(n)).collect();
    for (n, result) in numbers.iter().zip(&results) {
        println!("fib({n}) = {result}");
    }
}

/// The tutorial's `fib`: the naive recursion, so that the work is all computing.
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2) + fib(n - 1) }
}
