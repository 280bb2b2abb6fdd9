#!/usr/bin/env bash
# tools/run-tests.sh: runs every test group after `make build`, prints each runner's own
# summary, and fails when any test fails or any group ran no test at all.
#
# Groups: native (GoogleTest through CTest), wasm (the core's tests compiled to WebAssembly,
# run by CTest under node), e2e (playwright-core driving Debian's chromium, node's runner),
# deploy (nginx from deploy/ in front of the server, hostile traffic, the install layout),
# sanitize (the parsers' and decoders' test programs built with ASan + UBSan, build/sanitize),
# fuzz (the libFuzzer targets that need no server, FUZZ_SMOKE_SECONDS each, their committed
# seeds included); the whole sanitize preset is `make sanitize` and `make fuzz`.
# Lint (tools/lint.sh) and the sanitize build run beside the groups at the lowest CPU priority:
# the browser groups keep about one core of two busy, and clang-tidy and clang take what they
# leave, which saves minutes of wall time; the tests yield nothing to them and so run as on a
# busy machine. Each runs in its own session, so that an interrupted run stops it too.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log_dir="$root/build/test-logs"
mkdir -p "$log_dir"

total_passed=0
total_failed=0
broken_groups=()

# Adds a group's counts; a group that ran nothing counts as broken.
record() { # group passed failed exit_code
  local group=$1 passed=$2 failed=$3 code=$4
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if [ "$code" -ne 0 ] || [ "$failed" -ne 0 ] || [ $((passed + failed)) -eq 0 ]; then
    broken_groups+=("$group")
  fi
}

run_ctest() { # group preset [ctest arguments...]
  local group=$1 preset=$2 log="$log_dir/$1.log"
  shift 2
  echo "== $group tests"
  ctest --preset "$preset" -j "$(nproc)" "$@" >"$log" 2>&1
  local code=$?
  grep -E 'tests passed|tests failed out of|\*\*\*Failed|Failed  |Not Run|Timeout' "$log" | tail -20
  local ran failed
  ran=$(sed -nE 's/.* tests failed out of ([0-9]+).*/\1/p' "$log" | tail -1)
  failed=$(sed -nE 's/.*, ([0-9]+) tests failed out of.*/\1/p' "$log" | tail -1)
  record "$group" $((${ran:-0} - ${failed:-0})) "${failed:-0}" "$code"
}

# One browser test file at a time, whatever node's default concurrency (node 18 and 20 differ):
# each file starts its own servers and chromium, and two at once on a small machine only make
# both slower. The counts are summed over the files.
run_node_group() { # group folder title
  local group=$1 folder=$2 log="$log_dir/$1.log" passed=0 failed=0 code=0
  echo "== $group tests ($3)"
  : >"$log"
  local file
  for file in "$folder"/*.test.mjs; do
    local one="$log_dir/$group-$(basename "$file" .test.mjs).log"
    (cd "$folder" && node --test "./$(basename "$file")") >"$one" 2>&1 || code=1
    cat "$one" >>"$log"
    grep -E '^not ok' "$one" | sed "s|^|$(basename "$file"): |"
    passed=$((passed + $(sed -nE 's/^# pass ([0-9]+)/\1/p' "$one" | tail -1 | grep . || echo 0)))
    failed=$((failed + $(sed -nE 's/^# fail ([0-9]+)/\1/p' "$one" | tail -1 | grep . || echo 0)))
  done
  echo "# pass $passed"
  echo "# fail $failed"
  record "$group" "$passed" "$failed" "$code"
}

# tools/fuzz.sh prints node's "# pass / # fail" summary; its per-target lines say what failed.
run_fuzz_group() { # group seconds targets...
  local group=$1 seconds=$2 log="$log_dir/$1.log"
  shift 2
  echo "== $group (libFuzzer targets for $seconds s each)"
  bash tools/fuzz.sh "$seconds" "$@" >"$log" 2>&1
  local code=$?
  grep -E '^(not ok|# )' "$log"
  record "$group" "$(sed -nE 's/^# pass ([0-9]+)/\1/p' "$log" | tail -1 | grep . || echo 0)" \
    "$(sed -nE 's/^# fail ([0-9]+)/\1/p' "$log" | tail -1 | grep . || echo 0)" "$code"
}

# The runs beside the groups: started now, waited for at the end (or the sanitize build before
# its groups). Bash keeps each one's exit status for `wait` until then.
lint_log="$log_dir/lint.log"
setsid nice -n 19 bash tools/lint.sh >"$lint_log" 2>&1 &
lint_pid=$!
sanitize_log="$log_dir/sanitize-build.log"
setsid nice -n 19 bash -c 'cmake --preset sanitize -DADUAN_WERROR="$1" >/dev/null &&
  cmake --build --preset sanitize -j "$(nproc)" --target aduan_sanitize_smoke' _ "${CI:+ON}" \
  >"$sanitize_log" 2>&1 &
sanitize_pid=$!
trap 'kill -- "-$lint_pid" "-$sanitize_pid" 2>/dev/null' EXIT

# The sanitized test programs, run directly (they are few, and ctest would look for the ones of
# the preset that this run does not build).
run_sanitize_group() { # group
  local group=$1 log="$log_dir/$1.log" passed=0 failed=0 code=0
  echo "== $group tests (ASan + UBSan, build/sanitize)"
  : >"$log"
  if ! wait "$sanitize_pid"; then
    echo "the sanitize build failed:"; tail -30 "$sanitize_log"
    record "$group" 0 0 1
    return
  fi
  local program
  while read -r program; do
    "$program" >>"$log" 2>&1 || code=1
  done <build/sanitize/sanitize-smoke-tests.txt
  passed=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) tests?\.$/\1/p' "$log" | awk '{ n += $1 } END { print n + 0 }')
  failed=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) tests?, listed below:$/\1/p' "$log" | awk '{ n += $1 } END { print n + 0 }')
  grep -E '^\[  FAILED  \] [A-Za-z]' "$log" | sort -u
  echo "# pass $passed"
  echo "# fail $failed"
  record "$group" "$passed" "$failed" "$code"
}

run_ctest native native
run_ctest wasm web
run_node_group e2e tests/e2e "headless chromium"
run_node_group deploy tests/deploy "nginx from deploy/, hostile traffic, install"
run_sanitize_group sanitize
run_fuzz_group fuzz "${FUZZ_SMOKE_SECONDS:-5}" wire json tracking_code catalog region_import

echo "== lint (clang-tidy, run beside the tests)"
wait "$lint_pid"
lint_code=$?
trap - EXIT
cat "$lint_log"
[ "$lint_code" -eq 0 ] || broken_groups+=(lint)

echo
echo "tests: $total_passed passed, $total_failed failed; lint $([ "$lint_code" -eq 0 ] && echo clean || echo FAILED)"
if [ ${#broken_groups[@]} -gt 0 ]; then
  echo "FAILED groups: ${broken_groups[*]} (logs in build/test-logs/)" >&2
  for group in "${broken_groups[@]}"; do
    echo "---- last lines of build/test-logs/$group.log" >&2
    tail -40 "$log_dir/$group.log" >&2
  done
  exit 1
fi
