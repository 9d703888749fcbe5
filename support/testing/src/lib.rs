//! What the examples' integration tests share, and nothing the examples link against.
//!
//! - [`io`]: a site server per test, a run of an I/O example's real binary against it,
//!   and the checks every I/O example must pass ([`io_common_tests!`]). Concurrency is
//!   proven from the server's side, by `peak_in_flight`, never by timing.
//! - [`cpu`]: a run of a CPU example's real binary, and the checks of its answers,
//!   independent of the example's own.
//!
//! The tests read the examples' `--json` as JSON on purpose: they check the contract
//! the field names make, not the struct that writes it.

pub mod compiler;
pub mod cpu;
pub mod io;
pub mod processes;
