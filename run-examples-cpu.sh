#!/bin/sh
# Runs the CPU examples in turn and compares them, then shows the race condition.
#
#   ./run-examples-cpu.sh [--quick] [--workload fib|squares] [--count N]
#
# The examples are listed below. The runner (run_examples, in support/) runs each
# with --json and prints a table: seconds, speed-up against cpu_non_concurrent, and how
# many threads or processes really did the work. Every answer is checked before a time
# is printed. Exits 1 if an example failed. On Windows: cargo run --release -p run_examples -- cpu
set -eu
cd "$(dirname "$0")"

echo "Building the examples (release)..."
cargo build --release --quiet

exec target/release/run_examples cpu \
    cpu_non_concurrent \
    cpu_threading \
    cpu_rayon \
    cpu_asyncio \
    cpu_multiprocessing \
    race_condition \
    "$@"
