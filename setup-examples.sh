#!/bin/sh
# Checks that Rust is installed, then builds every example in release mode.
#
#   ./setup-examples.sh
#
# `cargo build` builds the whole workspace: every example, the site server and the
# lab that runs and measures them.
# Release builds matter here: a debug build runs the CPU examples many times slower
# and its timings say nothing about the concurrency models.
set -eu
cd "$(dirname "$0")"

if ! command -v cargo >/dev/null 2>&1; then
    cat >&2 <<'MESSAGE'
setup-examples.sh: cargo, Rust's build tool, is not installed.
Install Rust with rustup (https://rustup.rs), for example:
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
then open a new shell and run ./setup-examples.sh again.
MESSAGE
    exit 1
fi

echo "Building every example with $(cargo --version)"
cargo build --release
echo
echo "Built. Next: ./run-examples-io.sh and ./run-examples-cpu.sh"
