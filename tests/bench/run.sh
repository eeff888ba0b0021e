#!/bin/bash
# Usage: tests/bench/run.sh [BUILD_DIR] [--runs N]
#
# Runs the discovery benchmark (tests/bench/colombe-bench.c), then the batch
# benchmark (tests/bench/colombe-bench-batch.c; --runs does not apply to it)
# of an existing build, each in namespaces of its own
# (tests/integration/netns-run.sh; root, or a user allowed user
# namespaces). Builds nothing: build first, e.g.
#   meson setup _build/dev && ninja -C _build/dev
# BUILD_DIR defaults to _build/dev. About three minutes; exits 0 whatever
# the figures, 1 if an answer was not the expected one, `colombe test` did
# not prove both servers or a batch line was wrong.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)

build=$root/_build/dev
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  build=$1
  shift
fi
bench=$build/tests/bench/colombe-bench
batch=$build/tests/bench/colombe-bench-batch
if [ ! -x "$bench" ] || [ ! -x "$batch" ] || [ ! -x "$build/app/colombe" ]; then
  echo "run.sh: no benchmark in $build: build it first (ninja -C $build)" >&2
  exit 2
fi

export LC_ALL=C.UTF-8
corpus=${COLOMBE_ISPDB_CORPUS:-$root/../shared/ispdb}
[ -d "$corpus" ] || corpus=
export COLOMBE_ISPDB_CORPUS=$corpus
status=0
"$root/tests/integration/netns-run.sh" "$bench" "$@" || status=$?
echo
"$root/tests/integration/netns-run.sh" "$batch" || status=$?
exit $status
