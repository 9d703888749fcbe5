// The tutorial's `async def fib(n)` calls itself with `await`. In Rust an `async fn` is
// compiled into a state machine that holds its callee's state inline: a recursive one
// would contain itself, an infinitely large type. Refused with E0733; the fix is to
// box the recursive call (recursive_async_boxed.rs).
async fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 2).await + fib(n - 1).await }
}

fn main() {
    let _ = fib(10);
}
