#!/bin/sh
# Runs the tutorial's own Python scripts beside their Rust twins, against one local
# site server, and compares them in one table per half (I/O, CPU).
#
#   git clone --depth 1 https://github.com/realpython/materials ../materials
#   ./run-examples-python.sh --python-materials ../materials [--quick] [--only io]
#       [--repeat N] [--python /path/to/python3.13t] [--record NAME]
#
# The scripts are copied, never changed in place: only their two site URLs are pointed
# at the local server. Python comes from a virtual environment made once in your cache
# folder (requests and aiohttp from the checkout's requirements.txt), or --python.
# The CPU scripts take about a minute each in Python; --quick is a smoke run in seconds.
# On Windows: cargo run --release -p lab -- python --python-materials PATH
set -eu
# No cd: the paths you give are relative to where you are.
root=$(dirname "$0")

echo "Building the examples (release)..."
cargo build --release --quiet --manifest-path "$root/Cargo.toml"

# `cargo run` finds the lab wherever cargo builds (CARGO_TARGET_DIR included).
exec cargo run --release --quiet --manifest-path "$root/Cargo.toml" -p lab -- python "$@"
