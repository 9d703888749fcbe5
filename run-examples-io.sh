#!/bin/sh
# Runs the I/O examples in turn against one local site server, and compares them.
#
#   ./run-examples-io.sh [--quick] [--latency-ms N] [--count N] [--real]
#
# The examples, in the tutorial's order, are listed below. The runner (run_examples,
# in support/) starts the site server, runs each example with --json, and prints a
# table: seconds, speed-up against io_non_concurrent, and how many downloads the server
# saw at once. Ctrl-C stops the example and the server. Exits 1 if an example failed.
# On Windows: cargo run --release -p run_examples -- io
set -eu
cd "$(dirname "$0")"

echo "Building the examples (release)..."
cargo build --release --quiet

exec target/release/run_examples io \
    io_non_concurrent \
    io_threading \
    io_asyncio \
    io_multiprocessing \
    "$@"
