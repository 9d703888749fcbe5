#!/bin/sh
# How docs/runs/alignment.txt was made: the same two CPU examples built twice, with
# .cargo/config.toml's 64-byte function alignment and without it (RUSTFLAGS replaces the
# file's flags), run in turns so that a slow stretch of the machine falls on all four.
# Each line: build, example, round, the example's own seconds, then wall, user and
# system seconds as /usr/bin/time counted them.
#
#   cargo build --release -p cpu_non_concurrent -p cpu_asyncio
#   RUSTFLAGS="-C debuginfo=2" CARGO_TARGET_DIR=target/unaligned \
#       cargo build --release -p cpu_non_concurrent -p cpu_asyncio
#   sh docs/runs/alignment.sh > docs/runs/alignment.txt
set -eu
rounds=${ROUNDS:-9}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
round=1
while [ "$round" -le "$rounds" ]; do
    for build in release unaligned/release; do
        for example in cpu_non_concurrent cpu_asyncio; do
            exe="target/$build/$example"
            /usr/bin/time -o "$scratch/time" -f "%e %U %S" "$exe" --json >"$scratch/json" 2>/dev/null
            own=$(sed 's/.*"seconds":\([0-9.]*\).*/\1/' "$scratch/json")
            timing=$(cat "$scratch/time")
            label=aligned
            [ "$build" = release ] || label=unaligned
            echo "$label $example $round $own $timing"
        done
    done
    round=$((round + 1))
done
