#!/usr/bin/env bash
# tools/fuzz.sh: runs the libFuzzer targets of tests/fuzz (built by the sanitize preset) for a
# bounded time each. `make fuzz` runs it with FUZZ_SECONDS; `make test` (tools/run-tests.sh)
# with a few seconds, as a smoke run that also replays every committed seed.
#
# Usage: tools/fuzz.sh SECONDS [TARGET...]   (targets: the folders of tests/fuzz; default all)
# Each target reads its committed seeds (tests/fuzz/<target>/corpus, never written) and keeps
# what it finds in the git-ignored build/fuzz/corpus/<target>, so a longer run starts where the
# last one stopped. A crash, a leak, a sanitizer report or a timeout fails the target; the input
# is saved as build/fuzz/artifacts/<target>/crash-* (add it to the corpus with the fix).
# Prints one line per target and a summary in the form node's runner uses (# pass / # fail).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:?usage: tools/fuzz.sh SECONDS [TARGET...]}
shift
bin="$root/build/sanitize/tests/fuzz"
if [ $# -eq 0 ]; then
  set -- $(cd tests/fuzz && for d in */; do [ -d "$d/corpus" ] && echo "${d%/}"; done)
fi

passed=0
failed=0
for target in "$@"; do
  program="$bin/aduan_fuzz_$target"
  if [ ! -x "$program" ]; then
    echo "not ok $target: $program is not built (cmake --build --preset sanitize)"
    failed=$((failed + 1))
    continue
  fi
  corpus="$root/build/fuzz/corpus/$target"
  artifacts="$root/build/fuzz/artifacts/$target"
  log="$root/build/fuzz/$target.log"
  mkdir -p "$corpus" "$artifacts"
  # -timeout: one input taking this long is a hang (a login's password hash alone takes seconds
  # under ASan on a busy machine); -rss_limit_mb: one growing without bound.
  if "$program" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "tests/fuzz/$target/corpus" >"$log" 2>&1; then
    runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
    echo "ok $target: ${runs:-?} inputs in ${seconds} s"
    passed=$((passed + 1))
  else
    echo "not ok $target: see $log and $artifacts/"
    grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|^artifact_prefix|Test unit written' "$log" | head -5
    failed=$((failed + 1))
  fi
done
echo "# pass $passed"
echo "# fail $failed"
[ "$failed" -eq 0 ]
