#!/usr/bin/env bash
# Runs the four I/O examples against one site server and compares them.
#
#   ./run-examples-io.sh [--quick] [--latency-ms N] [--count N] [--real]
#
# Starts site_server on a free port, runs io_non_concurrent, io_threading, io_asyncio
# and io_multiprocessing in turn, and prints a table: seconds, speed-up against
# io_non_concurrent, and how many downloads the server saw at once (peak_in_flight).
# The server is stopped on every exit path, Ctrl-C included. Exits 1 if an example failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export LC_ALL=C
# shellcheck source=scripts/common.sh
source scripts/common.sh

readonly EXAMPLES=(io_non_concurrent io_threading io_asyncio io_multiprocessing)
latency_ms=50
count=160
real=false

usage() {
    cat <<'EOF'
Usage: ./run-examples-io.sh [OPTIONS]

Runs the I/O examples in turn against a local site server and compares them.

Options:
  --quick           20 sites at 10 ms latency: a smoke test that takes seconds
  --latency-ms N    how long each site takes to answer (default 50)
  --count N         how many sites each example downloads (default 160)
  --real            download the tutorial's real sites instead (needs internet)
  -h, --help        show this help
EOF
}

while (($# > 0)); do
    case $1 in
        --quick) count=20 latency_ms=10 ;;
        --latency-ms) (($# > 1)) || die "--latency-ms needs a value"; whole_number "$1" "$2"; latency_ms=$2; shift ;;
        --count) (($# > 1)) || die "--count needs a value"; whole_number "$1" "$2"; count=$2; shift ;;
        --real) real=true ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
    shift
done

server_pid=""

# Stops whatever is still running. Runs on every exit, normal or not.
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    stop_example
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'echo; echo "Interrupted." >&2; exit 130' INT TERM

echo "Building the examples (release)..."
cargo build --release --workspace --quiet

# Talks HTTP to the site server with bash alone: METHOD PATH, prints the body.
# Fails, rather than exiting the script, when the server is gone.
http() {
    local response fd
    exec {fd}<>"/dev/tcp/$server_host/$server_port" || return 1
    printf '%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' \
        "$1" "$2" "$server_host" >&"$fd"
    response=$(cat <&"$fd")
    exec {fd}<&-
    printf '%s\n' "${response#*$'\r\n\r\n'}"
}

if [[ $real == false ]]; then
    # The server prints its address on its first line.
    exec {server_out}< <(exec target/release/site_server --port 0 --latency-ms "$latency_ms" 2>/dev/null)
    server_pid=$!
    first_line=""
    read -r -t 10 first_line <&"$server_out" || true
    base_url=${first_line#Serving sites on }
    [[ $base_url =~ ^http://([0-9.]+):([0-9]+)$ ]] \
        || { echo "site_server did not start; try: target/release/site_server --port 0" >&2; exit 1; }
    server_host=${BASH_REMATCH[1]}
    server_port=${BASH_REMATCH[2]}
    http GET /stats >/dev/null 2>&1 || { echo "site_server does not answer at $base_url" >&2; exit 1; }
    export SITES_URL=$base_url
    echo "site_server at $base_url, $latency_ms ms per site; $count sites per example"
else
    echo "Downloading the tutorial's real sites; $count sites per example"
fi
echo

failed=0
baseline=""
table=$(printf '%-20s %7s %9s %9s %6s  %s' example sites seconds speed-up peak result)
for example in "${EXAMPLES[@]}"; do
    if [[ $real == false ]]; then
        http POST /stats/reset >/dev/null 2>&1 || echo "site_server is not answering" >&2
    fi
    args=(--count "$count" --json)
    [[ $real == true ]] && args+=(--real)
    echo "== $example"
    run_example "$example" "${args[@]}"
    seconds=$(field "$report" seconds) && seconds=$(printf '%.3f' "$seconds") || seconds=""
    ok=$(field "$report" ok) || ok=0
    peak="n/a"
    if [[ $real == false ]]; then
        peak=$(field "$(http GET /stats 2>/dev/null)" peak_in_flight) || peak="?"
    fi
    if [[ $status == 0 && -n $seconds ]]; then
        result=ok
        echo "Downloaded $ok sites in $seconds seconds"
    else
        result="FAILED (exit $status)"
        failed=1
        echo "$example failed (exit status $status)" >&2
    fi
    speedup="-"
    if [[ $example == io_non_concurrent && $result == ok ]]; then
        baseline=$seconds
    fi
    if [[ -n $baseline && -n $seconds ]]; then
        speedup=$(speedup "$baseline" "$seconds")
    fi
    table+=$'\n'$(printf '%-20s %7s %9s %9s %6s  %s' "$example" "$ok/$count" "${seconds:--}" "$speedup" "$peak" "$result")
done

echo
echo "$table"
echo
echo "peak = the most downloads the server saw at once; speed-up is against io_non_concurrent."
exit "$failed"
