#!/bin/bash
# Usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]
#
# Runs each libFuzzer target of an existing fuzzing build for SECONDS, from
# a fresh working corpus in a temporary folder seeded with tests/fuzz/corpus/
# and, for the clientConfig reader, the ISPDB files of $COLOMBE_ISPDB_CORPUS
# or ../shared/ispdb (read where they are, never copied), or without them
# Colombe's own data/providers. Builds nothing: build first, e.g.
#   CC=clang meson setup _build/fuzz -Dfuzzing=true -Db_lundef=false
#   ninja -C _build/fuzz fuzzers
# BUILD_DIR defaults to _build/fuzz. Prints, per target, its executions and
# whether it crashed (the input is kept in BUILD_DIR/fuzz-artifacts/, the
# log in BUILD_DIR/meson-logs/), then "fuzz: N targets, E executions, C
# crashed"; exits 1 if one crashed.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)

if [ $# -lt 1 ] || ! [ "$1" -gt 0 ] 2>/dev/null; then
  echo "Usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]" >&2
  exit 2
fi
seconds=$1
build=$(readlink -f "${2:-$root/_build/fuzz}")
corpus=$root/tests/fuzz/corpus
ispdb=${COLOMBE_ISPDB_CORPUS:-$root/../shared/ispdb}

targets=(fuzz-client-config fuzz-address fuzz-account fuzz-imap-reply fuzz-pop3-reply
         fuzz-smtp-reply fuzz-line-reader fuzz-dns-order fuzz-export fuzz-prefs-file)

for target in "${targets[@]}"; do
  if [ ! -x "$build/tests/fuzz/$target" ]; then
    echo "run.sh: no $target in $build: build it first (ninja -C $build fuzzers)" >&2
    exit 2
  fi
done
if [ ! -d "$ispdb" ]; then
  echo "run.sh: no ISPDB corpus ($ispdb): fuzz-client-config starts from data/providers" >&2
fi

# The seeds of a target: its own, plus the replies for the line reader
seeds_of() {
  case $1 in
    fuzz-client-config) if [ -d "$ispdb" ]; then echo "$ispdb"; else echo "$root/data/providers"; fi ;;
    fuzz-line-reader) echo "$corpus/$1" "$corpus"/fuzz-*-reply ;;
    *) echo "$corpus/$1" ;;
  esac
}

work=$(mktemp -d "${TMPDIR:-/tmp}/colombe-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/fuzz-artifacts" "$build/meson-logs"

crashed=0
total=0
for target in "${targets[@]}"; do
  log=$build/meson-logs/$target.log
  mkdir "$work/$target"
  status=0
  # shellcheck disable=SC2046 # one folder per word
  (cd "$work" && "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 \
     -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$target-" \
     "$work/$target" $(seeds_of "$target")) >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  total=$((total + ${runs:-0}))
  if [ $status -eq 0 ]; then
    printf '%-20s %10s executions, no crash\n' "$target" "${runs:-?}"
  else
    crashed=$((crashed + 1))
    artifact=$(sed -n "s/.*Test unit written to //p" "$log" | tail -n 1)
    printf '%-20s %10s executions, CRASHED (exit %d): %s, log %s\n' "$target" "${runs:-?}" \
      "$status" "${artifact:-no input kept}" "$log"
  fi
done

echo "fuzz: ${#targets[@]} targets, $total executions, $crashed crashed"
[ $crashed -eq 0 ]
