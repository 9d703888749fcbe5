#!/bin/sh
# Runs the CPU examples in turn and compares them, then shows the race condition.
#
#   ./run-examples-cpu.sh [--quick] [--count N] [--repeat N]
#
# The lessons are listed below, in the order of lessons.toml. The lab (lab/, its `cpu` subcommand) runs each
# with --json and prints a table: seconds, speed-up against cpu_non_concurrent, and how
# many threads or processes really did the work. Every answer is checked before a time
# is printed. Exits 1 if an example failed. On Windows: cargo run --release -p lab -- cpu
set -eu
cd "$(dirname "$0")"

echo "Building the examples (release)..."
cargo build --release --quiet

# `cargo run` finds the lab wherever cargo builds (CARGO_TARGET_DIR included).
exec cargo run --release --quiet -p lab -- cpu \
    cpu_non_concurrent \
    cpu_threading \
    cpu_asyncio \
    cpu_multiprocessing \
    cpu_rayon \
    race_condition \
    "$@"
