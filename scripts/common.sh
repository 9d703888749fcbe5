# Shared by run-examples-io.sh and run-examples-cpu.sh; sourced, not run.
# shellcheck shell=bash

# The example running now, so that the exit trap can stop it.
example_pid=""

# Prints a usage error and exits 2.
die() {
    echo "${0##*/}: $*" >&2
    exit 2
}

# Checks that option $1's value $2 is a whole number.
whole_number() {
    [[ $2 =~ ^[0-9]+$ ]] || die "$1 takes a whole number, not '$2'"
}

# Stops the example still running, if any: part of every script's exit trap.
stop_example() {
    if [[ -n $example_pid ]]; then
        kill "$example_pid" 2>/dev/null || true
        wait "$example_pid" 2>/dev/null || true
        example_pid=""
    fi
}

# Runs target/release/EXAMPLE ARGS... in the background (so that Ctrl-C reaches the
# trap at once, not after the example) and reads what it prints. Sets `report` (its
# stdout, joined) and `status` (its exit status). Its stderr goes to ours.
# shellcheck disable=SC2034 # report and status are read by the caller
run_example() {
    local example=$1 line fd
    shift
    exec {fd}< <(target/release/"$example" "$@" & echo "pid $!"; wait "$!"; echo "status $?")
    report="" status=1
    while IFS= read -r line <&"$fd"; do
        case $line in
            "pid "*) example_pid=${line#pid } ;;
            "status "*) status=${line#status } ;;
            *) report+=$line ;;
        esac
    done
    exec {fd}<&-
    example_pid=""
}

# Prints field $2 of the flat JSON object $1, if it is a number.
field() {
    local pattern="\"$2\":([0-9.]+)"
    [[ $1 =~ $pattern ]] && printf '%s' "${BASH_REMATCH[1]}"
}

# Prints how many times faster $2 seconds is than the baseline $1 seconds.
speedup() {
    awk -v b="$1" -v s="$2" 'BEGIN { if (b > 0 && s > 0) printf "%.2fx", b / s; else print "-" }'
}
