#!/bin/bash
# Usage: tests/valgrind/run.sh [BUILD_DIR]
#
# Runs the command line's main paths of an existing build under valgrind's
# memcheck: detect --offline; test against a refused port; export of every
# target that writes files, from an account file; and every colombe that
# the integration programs test-cli-test (test against Dovecot and the SMTP
# fixture) and test-discovery (detect in a DNS and HTTPS world) run, through
# their COLOMBE_TEST_WRAPPER. Builds nothing; BUILD_DIR defaults to
# _build/dev. A memory error or a definite leak fails the run (exit 1);
# valgrind's logs are kept in BUILD_DIR/meson-logs/valgrind/. Ends with
# "valgrind: N runs of colombe under memcheck, M with errors".
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
build=$(readlink -f "${1:-$root/_build/dev}")
colombe=$build/app/colombe
logs=$build/meson-logs/valgrind

if [ ! -x "$colombe" ]; then
  echo "run.sh: no colombe in $build: build it first (ninja -C $build)" >&2
  exit 2
fi
rm -rf "$logs"
mkdir -p "$logs"
work=$(mktemp -d "${TMPDIR:-/tmp}/colombe-valgrind-XXXXXX")
trap 'rm -rf "$work"' EXIT

# 99: colombe's own exit statuses (1 a failed test, 2 bad usage) stay apart
memcheck="valgrind -q --leak-check=full --errors-for-leak-kinds=definite
  --show-leak-kinds=definite --error-exitcode=99 --num-callers=30
  --suppressions=$root/tests/valgrind/colombe.supp --log-file=$logs/%p.log"
export G_SLICE=always-malloc G_DEBUG=gc-friendly GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config
mkdir -p "$HOME"

failed=0
runs=0
check() {  # WHAT COMMAND...: runs COMMAND under memcheck
  local what=$1 status=0
  shift
  runs=$((runs + 1))
  # shellcheck disable=SC2086 # memcheck is a list of words
  $memcheck "$@" >"$work/out" 2>"$work/err" </dev/null || status=$?
  if [ $status -eq 99 ]; then
    echo "valgrind: $what: memory errors or definite leaks (logs in $logs)"
    failed=1
  fi
}

check "detect --offline" "$colombe" detect --offline --json alice@gmail.com
check "test, refused port" "$colombe" test alice@example.org --json --timeout 5 \
  --incoming imap:127.0.0.1:1:tls --outgoing 127.0.0.1:1:tls

# Every target but the desktop action (goa: D-Bus, no file)
account=$root/tests/unit/data/account.json
while read -r target extension _; do
  [ "$extension" = desktop ] && continue
  check "export --format $target" "$colombe" export --format "$target" --account "$account" \
    --output "$work/$target.$extension"
done < <("$colombe" export --list)

# The integration worlds, each colombe they start wrapped in memcheck
export COLOMBE_TEST_WRAPPER=$memcheck COLOMBE_SOURCE_ROOT=$root COLOMBE_BUILD_ROOT=$build
corpus=${COLOMBE_ISPDB_CORPUS:-$root/../shared/ispdb}
[ -d "$corpus" ] || corpus=
export COLOMBE_ISPDB_CORPUS=$corpus
# Not test-pipeline: it counts the connections each server saw, which
# holds on a machine ten times slower but not under memcheck (thirty to
# fifty): there the guessing can answer before autoconfig, and a second
# candidate on the same server opens its own connection (seen once in CI).
for program in test-cli-test test-discovery; do
  before=$(ls "$logs" | wc -l)
  if ! "$root/tests/integration/netns-run.sh" "$build/tests/integration/$program" --tap \
       >"$logs/$program.tap" 2>&1; then
    echo "valgrind: $program failed under memcheck (see $logs/$program.tap)"
    failed=1
  fi
  runs=$((runs + $(ls "$logs" | wc -l) - before - 1))
done

# A log that says anything is an error valgrind found, even one a test hid
bad=$(find "$logs" -name '*.log' -size +0 | wc -l)
[ $failed = 1 ] && [ "$bad" -eq 0 ] && bad=1
[ "$bad" -gt 0 ] && failed=1

echo "valgrind: $runs runs of colombe under memcheck, $bad with errors"
exit $failed
