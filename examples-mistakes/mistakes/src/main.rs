//! mistakes: runs the two mistakes of the gallery that compile, so you can watch them go
//! wrong: a counter `move`d into each thread (counts 0 of 500), and two locks taken in
//! opposite orders (deadlocks; the program stops waiting after a two-second wait).
//! The mistakes the compiler refuses are in the crate's documentation, as doctests:
//!
//! ```text
//! cargo run -p mistakes
//! cargo doc -p mistakes --open
//! ```

// Each case is a standalone program in cases/, included here whole so that the file
// the compiler checks and the code that runs are one. The warning the copied counter
// earns is the lesson, not a mistake of this program (its name differs between
// compilers: see the case's comment).
#[allow(unused_assignments, unused_variables)]
mod copied_counter {
    include!("../cases/copied_counter.rs");
}
mod lock_order {
    include!("../cases/lock_order.rs");
}

fn main() {
    println!("== A counter moved into each thread (cases/copied_counter.rs)");
    copied_counter::main();
    println!("\n== Two locks taken in opposite orders (cases/lock_order.rs)");
    lock_order::main();
    // Returning ends the process, and with it the two deadlocked threads.
}
