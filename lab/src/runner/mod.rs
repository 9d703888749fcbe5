//! `lab io` and `lab cpu`: a group of examples run in turn, with their table and their
//! timelines; what `./run-examples-io.sh` and `./run-examples-cpu.sh` show.

pub mod cpu;
pub mod io;
pub mod table;
