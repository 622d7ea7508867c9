#!/usr/bin/env bash
# Runs every benchmark of this crate (per request, per operation, the floor)
# and prints the tables of BENCHMARKS.md with their ratios, all from that one
# run.
#
#   benches-peers/run.sh                 # ~4 min of measuring on 2 cores
#   ROUNDS=1 MEASURE=3 benches-peers/run.sh
#   benches-peers/run.sh request/        # a criterion filter: only those
#
# The whole suite runs ROUNDS times (default 3, MEASURE=2 s per bench each
# time) and the report takes the median of each bench's criterion medians, so
# a burst of other work on a shared machine moves one round, not the table.
# Results of earlier runs are cleared first, so the tables never mix runs.
set -euo pipefail
cd "$(dirname "$0")"
rounds=${ROUNDS:-3}
measure=${MEASURE:-2}
warmup=${WARMUP:-1}
target=${CARGO_TARGET_DIR:-$PWD/target}

cargo bench --benches --no-run
rm -rf "$target/criterion" "$target/bench-rounds"
mkdir -p "$target/bench-rounds"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(rustc -V)"
echo "started: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds"
    cargo bench --benches -- --warm-up-time "$warmup" --measurement-time "$measure" "$@"
    if [ -d "$target/criterion" ]; then
        mv "$target/criterion" "$target/bench-rounds/$round"
    fi
done
echo "finished: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# The bench profile's artifacts, so the report adds no second build.
cargo run --quiet --profile bench --bin report
