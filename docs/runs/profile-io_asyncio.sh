#!/bin/sh
# How docs/runs/profile-io_asyncio.txt was made: where io_asyncio's one thread spends its
# CPU at 1,000, 10,000 and 100,000 sites, and what changes when the cause the profile
# names is removed. perf samples the CPU clock (this virtual machine has no hardware counters),
# 1,999 times a second, of io_asyncio and of the lab's io_asyncio_no_pool (io_asyncio
# with reqwest's connection pool off, its one change), against one site_server at 50 ms.
# Then one call graph (DWARF unwinding) of io_asyncio at 10,000 sites, for who calls the
# top symbol. Then both programs in turns, ROUNDS times at each size: the sites each
# downloaded, the time each printed, and wall, user and system seconds as /usr/bin/time
# counted them. A program that fails some sites exits non-zero; its run still counts, and
# its ok column says how many it downloaded (at 100,000 sites, past this machine's limit
# of open files, io_asyncio downloads none).
#
#   cargo build --release -p io_asyncio -p site_server -p lab
#   sh docs/runs/profile-io_asyncio.sh > docs/runs/profile-io_asyncio.txt
set -eu
rounds=${ROUNDS:-5}
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

echo "# program sites round ok own_seconds wall user system"
round=1
while [ "$round" -le "$rounds" ]; do
    for n in $sizes; do
        for exe in $programs; do
            /usr/bin/time -o "$scratch/time" -f "%e %U %S" \
                "target/release/$exe" --count "$n" --json >"$scratch/json" 2>/dev/null || true
            ok=$(sed 's/.*"ok":\([0-9]*\).*/\1/' "$scratch/json")
            own=$(sed 's/.*"seconds":\([0-9.]*\).*/\1/' "$scratch/json")
            # time(1) writes "Command exited with non-zero status" first when it did.
            echo "$exe $n $round $ok $own $(tail -n 1 "$scratch/time")"
        done
    done
    round=$((round + 1))
done
