#!/bin/sh
# Runs the I/O examples in turn against one local site server, and compares them.
#
#   ./run-examples-io.sh [--quick] [--latency-ms N] [--count N] [--real]
#
# The examples, in the tutorial's order, are listed below. The lab (lab/, its `io`
# subcommand) starts the site server, runs each example with --json, and prints a
# table: seconds, speed-up against io_non_concurrent, and how many downloads the server
# saw at once. Ctrl-C stops the example and the server. Exits 1 if an example failed.
# On Windows: cargo run --release -p lab -- io
set -eu
cd "$(dirname "$0")"

echo "Building the examples (release)..."
cargo build --release --quiet

# `cargo run` finds the lab wherever cargo builds (CARGO_TARGET_DIR included).
exec cargo run --release --quiet -p lab -- io \
    io_non_concurrent \
    io_threading \
    io_asyncio \
    io_multiprocessing \
    "$@"
