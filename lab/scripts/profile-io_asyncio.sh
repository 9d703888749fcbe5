#!/bin/sh
# How docs/transcripts/profile-io_asyncio.txt was made: where io_asyncio's one thread spends its
# CPU at 1,000, 10,000 and 100,000 sites, and what changes when the cause the profile
# names is removed. perf samples the CPU clock (this virtual machine has no hardware counters),
# 1,999 times a second, of io_asyncio and of the lab's io_asyncio_no_pool (io_asyncio
# with reqwest's connection pool off, its one change), against one site_server at 50 ms.
# Then one call graph (DWARF unwinding) of io_asyncio at 10,000 sites, for who calls the
# top symbol. The timings of both programs in turns at each size are the lab's plan,
# lab/plans/profile-io_asyncio.toml (the set docs/runs/profile-io_asyncio.json).
#
#   cargo build --release -p io_asyncio -p site_server -p lab
#   sh lab/scripts/profile-io_asyncio.sh > docs/transcripts/profile-io_asyncio.txt
#   cargo run --release -p lab -- bench lab/plans/profile-io_asyncio.toml
set -eu
port=${PORT:-18431}
sizes=${SIZES:-1000 10000 100000}
programs="io_asyncio io_asyncio_no_pool"
scratch=$(mktemp -d)
target/release/site_server --port "$port" --latency-ms 50 >"$scratch/server" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$scratch"' EXIT
sleep 1
SITES_URL="http://127.0.0.1:$port"
export SITES_URL

echo "# perf record -e cpu-clock -F 1999: the ten symbols with the most samples"
for n in $sizes; do
    for exe in $programs; do
        perf record -q -e cpu-clock -F 1999 -o "$scratch/perf.data" \
            "target/release/$exe" --count "$n" --quiet >/dev/null 2>&1 || true
        echo "## $exe --count $n"
        perf report -i "$scratch/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
            grep -E '^ +[0-9.]+%' | head -n 10 | sed 's/  */ /g'
    done
done

echo "# perf record --call-graph dwarf, io_asyncio --count 10000: the callers of the top user symbol"
perf record -q -e cpu-clock -F 999 --call-graph dwarf,16384 -o "$scratch/perf.data" \
    target/release/io_asyncio --count 10000 --quiet >/dev/null 2>&1
perf report -i "$scratch/perf.data" --no-children --stdio 2>/dev/null |
    grep -m 1 -A 14 'VecDeque<T,A>::retain' | sed 's/  */ /g' | cut -c 1-200
