#!/usr/bin/env bash
# Runs the CPU examples in turn and compares them, then shows the race condition.
#
#   ./run-examples-cpu.sh [--quick] [--workload fib|squares]
#
# Prints a table: seconds, speed-up against cpu_non_concurrent, and how many threads
# or processes really did the work. Exits 1 if an example failed (a wrong answer
# counts as a failure: every result is checked before any time is printed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export LC_ALL=C
# shellcheck source=scripts/common.sh
source scripts/common.sh

readonly EXAMPLES=(cpu_non_concurrent cpu_threading cpu_rayon cpu_asyncio cpu_multiprocessing)
workload=fib
count=20

usage() {
    cat <<'EOF'
Usage: ./run-examples-cpu.sh [OPTIONS]

Runs the CPU examples in turn and compares them, then race_condition.

Options:
  --quick                    4 results instead of 20: a smoke test
  --workload fib|squares     fib(35) (default), or the 2019 tutorial's sums of squares
  -h, --help                 show this help
EOF
}

while (($# > 0)); do
    case $1 in
        --quick) count=4 ;;
        --workload)
            (($# > 1)) || die "--workload needs a value"
            [[ $2 == fib || $2 == squares ]] || die "--workload is fib or squares, not '$2'"
            workload=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
    shift
done

trap stop_example EXIT
trap 'echo; echo "Interrupted." >&2; exit 130' INT TERM

echo "Building the examples (release)..."
cargo build --release --workspace --quiet
echo "Workload: $workload, $count results per example, on $(nproc) cores"
echo

failed=0
baseline=""
table=$(printf '%-20s %9s %9s %8s  %s' example seconds speed-up workers result)
for example in "${EXAMPLES[@]}"; do
    echo "== $example"
    run_example "$example" --workload "$workload" --count "$count" --json
    seconds=$(field "$report" seconds) && seconds=$(printf '%.3f' "$seconds") || seconds=""
    used=$(field "$report" workers_used) || used="?"
    if [[ $status == 0 && -n $seconds ]]; then
        result=ok
        echo "Computed $count results in $seconds seconds on $used thread(s) or process(es)"
    else
        result="FAILED (exit $status)"
        failed=1
        echo "$example failed (exit status $status)" >&2
    fi
    if [[ $example == cpu_non_concurrent && $result == ok ]]; then
        baseline=$seconds
    fi
    speedup="-"
    [[ -n $baseline && -n $seconds ]] && speedup=$(speedup "$baseline" "$seconds")
    table+=$'\n'$(printf '%-20s %9s %9s %8s  %s' "$example" "${seconds:--}" "$speedup" "$used" "$result")
done

echo "== race_condition"
if ! target/release/race_condition; then
    failed=1
    table+=$'\n'"race_condition failed"
fi

echo
echo "$table"
echo
echo "workers = distinct threads or processes that computed results; speed-up is against cpu_non_concurrent."
exit "$failed"
