#!/bin/sh
# Each lesson's output as a reader sees it in a terminal, for its book page: the command,
# then what its quick run (lessons.toml's `quick` arguments) printed, stdout and stderr
# in the order they came, against a site server of its own. Writes
# docs/samples/NAME.txt, and the first exercise's check, failing on its starter
# (docs/samples/check-threads.txt); run from anywhere:
#
#   sh lab/scripts/samples.sh
set -eu
cd "$(dirname "$0")/../.."
cargo build --release --quiet
mkdir -p docs/samples
tab=$(printf '\t')
target/release/lab lessons | while IFS=$tab read -r name chapter page ends quick; do
    echo "$name ($chapter, $page): $quick" >&2
    echo "\$ cargo run --release -p $name${quick:+ -- $quick}" >docs/samples/"$name".txt
    # shellcheck disable=SC2086 # the quick arguments are words
    if ! "target/release/$name" $quick >>docs/samples/"$name".txt 2>&1; then
        echo "$name failed; its output is in docs/samples/$name.txt" >&2
    fi
    grep -Eq "$ends" "docs/samples/$name.txt" || echo "$name: no line matches $ends" >&2
done
status=0
echo "\$ cargo run -p exercises -- check threads" >docs/samples/check-threads.txt
target/release/exercises check threads >>docs/samples/check-threads.txt 2>&1 || status=$?
[ "$status" -eq 1 ] || echo "the threads starter's check ended with $status, not 1" >&2
