#!/usr/bin/env bash
# Checks that Rust is installed, then builds every example in release mode.
#
#   ./setup-examples.sh
#
# Release builds matter here: a debug build runs the CPU examples many times slower
# and its timings say nothing about the concurrency models.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v cargo >/dev/null 2>&1; then
    cat >&2 <<'EOF'
setup-examples.sh: cargo, Rust's build tool, is not installed.
Install Rust with rustup (https://rustup.rs), for example:
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
then open a new shell and run ./setup-examples.sh again.
EOF
    exit 1
fi

echo "Building every example with $(cargo --version)"
cargo build --release --workspace
echo
echo "Built. Next: ./run-examples-io.sh and ./run-examples-cpu.sh"
