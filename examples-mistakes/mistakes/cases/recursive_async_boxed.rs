// The same `fib` with the recursive calls boxed: each call's state lives on the heap,
// so the state machine has a known size. It compiles and runs (and pays an allocation
// per call, which is one reason cpu_asyncio keeps `fib` a plain function).
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

fn fib(n: u64) -> Pin<Box<dyn Future<Output = u64>>> {
    Box::pin(async move {
        if n < 2 { n } else { fib(n - 2).await + fib(n - 1).await }
    })
}

fn main() {
    // Nothing in `fib` ever waits, so one poll finishes it: no runtime needed.
    let mut future = fib(20);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(answer) => println!("fib(20) = {answer}"),
        Poll::Pending => unreachable!("fib never waits"),
    }
}
