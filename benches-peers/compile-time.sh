#!/usr/bin/env bash
# The macro's compile-time cost: one generated crate with 100 guarded handlers
# against the same 100 handlers unguarded, both routed. Dependencies are built
# first (warm), then each crate is rebuilt from scratch (not incrementally)
# ROUNDS times after touching its source; the medians and their difference
# are printed.
#
#   benches-peers/compile-time.sh              # debug builds, 3 rounds
#   PROFILE=release ROUNDS=5 benches-peers/compile-time.sh
#
# Everything lives in a temporary directory (kept with KEEP=1), with its own
# target dir; the crates depend on this checkout's jwt-guard by path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds=${ROUNDS:-3}
profile=${PROFILE:-dev}
handlers=100
work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then
    trap 'rm -rf "$work"' EXIT
else
    echo "keeping $work"
fi
export CARGO_TARGET_DIR="$work/target"
# Each round compiles the crate whole: incremental reuse would hide the cost.
export CARGO_INCREMENTAL=0

# One handler of each kind in turn: plain, a claim, a scope, a path binding.
handler() { # guarded(0|1) index
    local attr="" i=$2
    if [ "$1" = 1 ]; then
        case $((i % 4)) in
        0) attr='#[require_token]' ;;
        1) attr='#[require_token(claims(role = "admin"))]' ;;
        2) attr='#[require_token(scope(admin = true))]' ;;
        3) attr='#[require_token(sub = "id")]' ;;
        esac
    fi
    if [ $((i % 4)) = 3 ]; then
        printf '%s\npub async fn h%d(Path(id): Path<String>) -> String {\n    format!("%d {id}")\n}\n\n' "$attr" "$i" "$i"
    else
        printf '%s\npub async fn h%d() -> &'"'"'static str {\n    "%d"\n}\n\n' "$attr" "$i" "$i"
    fi
}

generate() { # name guarded(0|1)
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
jwt-guard = { path = "$root/jwt-guard" }
axum = { version = "0.8.9", default-features = false }

[workspace]
EOF
    # The same dependency versions as the repository.
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    {
        echo '#![allow(unused_imports, missing_docs)]'
        echo 'use axum::Router;'
        echo 'use axum::extract::Path;'
        echo 'use axum::routing::get;'
        echo 'use jwt_guard::require_token;'
        echo
        for i in $(seq 0 $((handlers - 1))); do handler "$2" "$i"; done
        echo 'pub fn router() -> Router {'
        echo '    Router::new()'
        for i in $(seq 0 $((handlers - 1))); do
            if [ $((i % 4)) = 3 ]; then
                echo "        .route(\"/h$i/{id}\", get(h$i))"
            else
                echo "        .route(\"/h$i\", get(h$i))"
            fi
        done
        echo '}'
    } >"$dir/src/lib.rs"
}

generate unguarded 0
generate guarded 1

build() { # name -> seconds
    local start end
    touch "$work/$1/src/lib.rs"
    start=$(date +%s.%N)
    cargo build --quiet --profile "$profile" --manifest-path "$work/$1/Cargo.toml"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

echo "warming dependencies ($profile profile)..."
cargo build --quiet --profile "$profile" --manifest-path "$work/unguarded/Cargo.toml"
cargo build --quiet --profile "$profile" --manifest-path "$work/guarded/Cargo.toml"

median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
plain=()
guarded=()
for _ in $(seq 1 "$rounds"); do
    plain+=("$(build unguarded)")
    guarded+=("$(build guarded)")
done
p=$(echo "${plain[*]}" | median)
g=$(echo "${guarded[*]}" | median)

echo
echo "### Compile time: $handlers handlers, \`cargo build --profile $profile\` of the crate alone, median of $rounds"
echo "($(nproc) cores, $(rustc -V), $(date -u '+%Y-%m-%d'))"
echo
echo "| crate | seconds | rounds |"
echo "|---|---:|---|"
echo "| $handlers handlers, unguarded | $p | ${plain[*]} |"
echo "| $handlers handlers, guarded | $g | ${guarded[*]} |"
awk -v p="$p" -v g="$g" -v n="$handlers" 'BEGIN {
    printf "| difference | %.2f | %.1f ms per guarded handler, ×%.2f |\n", g - p, (g - p) * 1000 / n, g / p
}'
