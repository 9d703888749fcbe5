#!/bin/sh
# How docs/runs/alignment.json is made: the same two CPU lessons built twice, with
# .cargo/config.toml's 64-byte function alignment and without it (RUSTFLAGS, here only
# asking for debug info, replaces the file's flags), run in turns by the lab's plan
# lab/plans/alignment.toml, so that a slow stretch of the machine falls on all four.
#
#   sh lab/scripts/alignment.sh
set -eu
cd "$(dirname "$0")/../.."
cargo build --release --quiet -p cpu_non_concurrent -p cpu_asyncio -p lab
RUSTFLAGS="-C debuginfo=2" CARGO_TARGET_DIR=target/unaligned cargo build --release --quiet -p cpu_non_concurrent -p cpu_asyncio
cargo run --release --quiet -p lab -- bench lab/plans/alignment.toml
