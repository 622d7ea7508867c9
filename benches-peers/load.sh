#!/usr/bin/env bash
# Load over real HTTP on loopback: the quickstart example (release build)
# under wrk, `GET /protected` with a token from `/login` against the
# unprotected `GET /`. Prints requests/second, p50 and p99 for each.
#
#   benches-peers/load.sh                      # 10 s per route, 32 connections
#   DURATION=20 CONNECTIONS=64 benches-peers/load.sh
#
# Bounded: a 2 s warm-up and DURATION seconds per route; the server is this
# script's own child on 127.0.0.1 and is stopped on exit. Needs wrk
# (`apt-get install -y wrk`), curl and the repository's toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-10}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
port=${PORT:-39417}
host=127.0.0.1 # loopback only, by design
base="http://$host:$port"

for tool in wrk curl; do
    command -v "$tool" >/dev/null || {
        echo "load.sh needs $tool (apt-get install -y $tool)" >&2
        exit 2
    }
done
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "port $port is in use on $host; set PORT" >&2
    exit 2
fi

cargo build --release --example quickstart
target=${CARGO_TARGET_DIR:-target}
secret=$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')
JWT_SECRET_KEY=$secret JWT_GUARD_ADDR="$host:$port" "$target/release/examples/quickstart" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    curl -sf -o /dev/null "$base/" && break
    sleep 0.1
done
curl -sf -o /dev/null "$base/" || {
    echo "the quickstart did not answer on $base" >&2
    exit 1
}

login=$(curl -sf -X POST "$base/login" -H 'content-type: application/json' \
    -d '{"username":"test","password":"test"}')
token=$(printf '%s' "$login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/protected" -H "Authorization: Bearer $token")
[ "$status" = 200 ] || {
    echo "GET /protected answered $status with the login's token" >&2
    exit 1
}

# wrk's "Latency Distribution" line for a percentile, in microseconds.
percentile_us() {
    awk -v p="$1" '$1 == p {
        v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
        f = (u == "us") ? 1 : (u == "ms") ? 1000 : (u == "s") ? 1000000 : 0
        printf "%.0f", v * f
    }' "$2"
}

declare -A rps p50 p99
out=$(mktemp)
for route in / /protected; do
    # Same request for both routes (the header is ignored by `/`).
    wrk -t"$threads" -c"$connections" -d2s -H "Authorization: Bearer $token" "$base$route" >/dev/null
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
        -H "Authorization: Bearer $token" "$base$route" >"$out"
    if grep -q 'Non-2xx' "$out"; then
        cat "$out" >&2
        echo "GET $route had refused requests" >&2
        exit 1
    fi
    rps[$route]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p50[$route]=$(percentile_us 50% "$out")
    p99[$route]=$(percentile_us 99% "$out")
done
rm -f "$out"

echo
echo "### Over HTTP: quickstart on loopback, wrk -t$threads -c$connections, ${duration} s per route"
echo "($(nproc) cores shared by wrk and the server, $(date -u '+%Y-%m-%d'))"
echo
echo "| route | requests/s | p50 µs | p99 µs | ÷ unprotected requests/s |"
echo "|---|---:|---:|---:|---:|"
for route in / /protected; do
    ratio=$(awk -v a="${rps[$route]}" -v b="${rps[/]}" 'BEGIN { printf "%.2f", a / b }')
    label="GET $route"
    [ "$route" = / ] && label="GET / (unprotected)"
    [ "$route" = /protected ] && label="GET /protected (\`#[require_token]\`, memory revocation store)"
    echo "| $label | ${rps[$route]} | ${p50[$route]} | ${p99[$route]} | $ratio |"
done
