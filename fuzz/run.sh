#!/bin/sh
# Fuzzes process_pool's frame reader and site_server's router for a bounded time each.
# A benchmark-style run, not part of CI:
#
#   fuzz/run.sh [SECONDS]     (default 60 per target)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer needs compiler flags that only
# nightly Rust accepts; on a stable toolchain RUSTC_BOOTSTRAP=1 unlocks them for this run.
# A crash leaves its input under fuzz/artifacts/TARGET/; turn it into a regression test.
set -eu
cd "$(dirname "$0")"
seconds=${1:-60}
case $seconds in
    '' | *[!0-9]*) echo "fuzz/run.sh: SECONDS must be a whole number" >&2; exit 2 ;;
esac
command -v cargo-fuzz >/dev/null 2>&1 || { echo "fuzz/run.sh: install cargo-fuzz first: cargo install cargo-fuzz" >&2; exit 1; }

for target in frame_decoder route; do
    echo "== $target, $seconds s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=1 2>&1 \
        | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true
done
