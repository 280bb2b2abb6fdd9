#!/usr/bin/env bash
# tools/run-tests.sh: builds what is not built yet and runs every test group, printing each
# runner's own summary; fails when any test fails or any group ran no test at all. `make test`
# configures the three presets and calls it; run alone it expects them configured.
#
# Groups: native (GoogleTest through CTest), wasm (the core's tests compiled to WebAssembly,
# run by CTest under node), e2e (playwright-core driving Debian's chromium, node's runner),
# deploy (nginx from deploy/ in front of the server, hostile traffic, the install layout),
# sanitize (the parsers' and decoders' test programs built with ASan + UBSan, build/sanitize),
# fuzz (every libFuzzer target for FUZZ_SMOKE_SECONDS, their committed seeds included),
# sanitized-server (the native server tests against the sanitized aduan-server), then lint.
# The whole sanitize preset is `make sanitize` and `make fuzz`.
#
# The run is four lanes, because two cores are the budget and the browser tests, the longest
# part, keep only about one of them busy:
#   browser (nice 0):  the server, the CLI and dist/, then e2e and deploy;
#   tests   (nice 5):  the rest of both builds (the test programs), then native and wasm;
#   checks  (nice 19): the sanitize smoke's build, then sanitize, fuzz and sanitized-server;
#   lint    (nice 19): clang-tidy (tools/lint.sh), which needs only the configured native build.
# The lanes below the browser one take what it leaves, so the browser tests also run on a busy
# machine, as they must. Each lane runs in its own session, so that an interrupted run stops it.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log_dir="$root/build/test-logs"
lanes_dir="$log_dir/lanes"
rm -rf "$lanes_dir"
mkdir -p "$lanes_dir"
results="$lanes_dir/results"
: >"$results"
jobs=$(nproc)

# A group's counts, one line of the results file, whichever lane ran it; a group that ran
# nothing counts as broken.
record() { # group passed failed exit_code
  echo "$1 $2 $3 $4" >>"$results"
}

run_ctest() { # group preset
  local group=$1 preset=$2 log="$log_dir/$1.log"
  echo "== $group tests"
  ctest --preset "$preset" -j "$jobs" >"$log" 2>&1
  local code=$?
  grep -E 'tests passed|tests failed out of|\*\*\*Failed|Failed  |Not Run|Timeout' "$log" | tail -20
  local ran failed
  ran=$(sed -nE 's/.* tests failed out of ([0-9]+).*/\1/p' "$log" | tail -1)
  failed=$(sed -nE 's/.*, ([0-9]+) tests failed out of.*/\1/p' "$log" | tail -1)
  record "$group" $((${ran:-0} - ${failed:-0})) "${failed:-0}" "$code"
}

# Builds a preset (all its targets, or the ones given) into the group's log; a failed build
# breaks the group it was for.
build_for() { # group preset [targets...]
  local group=$1 preset=$2
  shift 2
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  if ! cmake --build --preset "$preset" -j "$jobs" "${targets[@]}" >"$log_dir/$group.log" 2>&1; then
    echo "== $group: the $preset build failed"
    tail -30 "$log_dir/$group.log"
    record "$group" 0 0 1
    return 1
  fi
}

# The browser test files, a few at a time (e2e: E2E_JOBS, 2 by default), longest first (a file's size is
# the guide), so the two longest do not end up one after the other. Each file starts its own
# servers and chromium; a chromium keeps about one core busy, so two files use the machine while
# the other lanes wait. The counts are summed over the files.
run_one_node_file() { # group folder file
  local group=$1 folder=$2 file=$3
  local one="$log_dir/$group-$(basename "$file" .test.mjs).log"
  (cd "$folder" && node --test "./$(basename "$file")") >"$one" 2>&1
  echo "$? $file" >>"$log_dir/$group.codes"
}
run_node_group() { # group folder title [files at a time]
  local group=$1 folder=$2 log="$log_dir/$1.log" passed=0 failed=0 code=0 at_once=${4:-1}
  echo "== $group tests ($3)"
  : >"$log"
  : >"$log_dir/$group.codes"
  local files
  mapfile -t files < <(ls -S "$folder"/*.test.mjs)
  printf '%s\n' "${files[@]}" |
    xargs -P "$at_once" -I{} bash -c 'run_one_node_file "$@"' _ "$group" "$folder" {}
  local file
  for file in "${files[@]}"; do
    local one="$log_dir/$group-$(basename "$file" .test.mjs).log"
    cat "$one" >>"$log"
    grep -E '^not ok' "$one" | sed "s|^|$(basename "$file"): |"
    passed=$((passed + $(sed -nE 's/^# pass ([0-9]+)/\1/p' "$one" | tail -1 | grep . || echo 0)))
    failed=$((failed + $(sed -nE 's/^# fail ([0-9]+)/\1/p' "$one" | tail -1 | grep . || echo 0)))
  done
  grep -qv '^0 ' "$log_dir/$group.codes" && code=1
  [ "$(wc -l <"$log_dir/$group.codes")" -eq "${#files[@]}" ] || code=1
  echo "# pass $passed"
  echo "# fail $failed"
  record "$group" "$passed" "$failed" "$code"
}

# GoogleTest's own summaries, summed over the programs or shards whose output is in the log.
record_gtest_log() { # group log exit_code
  local passed failed
  passed=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) tests?\.$/\1/p' "$2" | awk '{ n += $1 } END { print n + 0 }')
  failed=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) tests?, listed below:$/\1/p' "$2" | awk '{ n += $1 } END { print n + 0 }')
  grep -E '^\[  FAILED  \] [A-Za-z]' "$2" | sort -u
  echo "# pass $passed"
  echo "# fail $failed"
  record "$1" "$passed" "$failed" "$3"
}

# The sanitized test programs, run directly (ctest would look for the ones of the preset that
# this run does not build), two at a time, the last of the list first. Each line of the list
# is a program and its arguments; each program writes its own log.
run_sanitized_program() { # group line
  local program args
  read -r program args <<<"$2"
  local one="$log_dir/$1-$(basename "$program").log"
  # shellcheck disable=SC2086 # the arguments are words of the list's line
  "$program" $args >"$one" 2>&1
  echo "$? $program" >>"$log_dir/$1.codes"
}
run_sanitize_group() { # group
  local group=$1 log="$log_dir/$1.log" code=0
  echo "== $group tests (ASan + UBSan, build/sanitize)"
  build_for "$group" sanitize aduan_sanitize_smoke || return 1
  : >"$log_dir/$group.codes"
  local lines
  mapfile -t lines < <(tac build/sanitize/sanitize-smoke-tests.txt | grep .)
  printf '%s\n' "${lines[@]}" |
    xargs -P 2 -I{} bash -c 'run_sanitized_program "$@"' _ "$group" {}
  : >"$log"
  local line
  for line in "${lines[@]}"; do
    cat "$log_dir/$group-$(basename "${line%% *}").log" >>"$log" 2>/dev/null
  done
  grep -qv '^0 ' "$log_dir/$group.codes" && code=1
  [ "$(wc -l <"$log_dir/$group.codes")" -eq "${#lines[@]}" ] || code=1
  record_gtest_log "$group" "$log" "$code"
}

# The native build's server tests (built by the tests lane, which leaves a mark) against the
# sanitized aduan-server, in two shards at once. The server's own sanitizer reports go to files:
# the test program is not sanitized, and a leak found as a server exits would not fail a test.
# Durability's kill -9 runs stay out: they test SQLite's journal, not the server's code.
run_sanitized_server_group() { # group
  local group=$1 log="$log_dir/$1.log" reports="$log_dir/$1-reports" code=0 waited=0
  echo "== $group tests (the native server tests against the sanitized aduan-server)"
  while [ ! -e "$lanes_dir/native.built" ] && [ ! -e "$lanes_dir/native.failed" ] &&
    [ "$waited" -lt 3600 ]; do
    sleep 5
    waited=$((waited + 5))
  done
  local server
  server=$(cat build/sanitize/sanitize-smoke-server.txt 2>/dev/null)
  if [ ! -e "$lanes_dir/native.built" ] || [ ! -x "$server" ]; then
    echo "== $group: the native server tests or the sanitized aduan-server were not built"
    record "$group" 0 0 1
    return 1
  fi
  rm -rf "$reports"
  mkdir -p "$reports"
  local shard pids=()
  for shard in 0 1; do
    ADUAN_TEST_SERVER_BINARY=$server \
      ASAN_OPTIONS="log_path=$reports/asan" \
      UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1" \
      GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=$shard \
      build/native/tests/server/aduan_server_tests --gtest_filter='-Durability.*' \
      >"$log_dir/$group-shard$shard.log" 2>&1 &
    pids+=("$!")
  done
  local pid
  for pid in "${pids[@]}"; do
    wait "$pid" || code=1
  done
  cat "$log_dir/$group"-shard*.log >"$log"
  if [ -n "$(ls -A "$reports")" ]; then
    echo "the sanitized server reported:"
    cat "$reports"/* >>"$log"
    cat "$reports"/* | head -60
    code=1
  fi
  record_gtest_log "$group" "$log" "$code"
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

# Lint is not a test: it counts in no total, only as clean or not.
run_lint() {
  echo "== lint (clang-tidy)"
  bash tools/lint.sh --shipped 2>&1 | tee "$log_dir/lint.log"
  record lint - - "${PIPESTATUS[0]}"
}

# A lane's output goes to its own file; the lanes are printed in a fixed order at the end.
# A lane is a session of its own, and where the kernel groups CPU time by session (autogroup,
# /proc/sys/kernel/sched_autogroup_enabled) a process's nice value only counts inside its
# group: the lane gives its group the same nice value, or it would get a full share.
lane_pids=()
start_lane() { # name niceness function-calls
  local name=$1 niceness=$2
  shift 2
  setsid nice -n "$niceness" bash -c "echo $niceness >/proc/self/autogroup 2>/dev/null; $1" \
    >"$lanes_dir/$name.out" 2>&1 &
  lane_pids+=("$!")
}
trap 'for pid in "${lane_pids[@]}"; do kill -- "-$pid" 2>/dev/null; done' EXIT
export -f record record_gtest_log run_ctest build_for run_one_node_file run_node_group \
  run_sanitized_program run_sanitize_group run_sanitized_server_group run_fuzz_group run_lint
export root log_dir lanes_dir results jobs

start_lane lint 19 'run_lint'
start_lane checks 19 "run_sanitize_group sanitize && run_fuzz_group fuzz ${FUZZ_SMOKE_SECONDS:-5} \
  wire json tracking_code catalog region_import http_handlers sms_command;
  run_sanitized_server_group sanitized-server"

echo "== building the server, the CLI and dist/"
if ! cmake --build --preset native -j "$jobs" --target aduan-server aduan-cli ||
  ! cmake --build --preset web -j "$jobs" --target aduan_dist; then
  echo "the build failed" >&2
  exit 1
fi
start_lane tests 5 'if build_for native native; then
    touch "$lanes_dir/native.built"; run_ctest native native;
  else touch "$lanes_dir/native.failed"; fi;
  build_for wasm web aduan_wasm_tests && run_ctest wasm web'

run_node_group e2e tests/e2e "headless chromium" "${E2E_JOBS:-2}"
# One at a time: the hostile suite holds the server to answering /healthz within a second.
run_node_group deploy tests/deploy "nginx from deploy/, hostile traffic, install"
wait "${lane_pids[@]}"
trap - EXIT
for lane in tests checks lint; do cat "$lanes_dir/$lane.out"; done

total_passed=0
total_failed=0
broken_groups=()
while read -r group passed failed code; do
  if [ "$group" = lint ]; then
    [ "$code" -eq 0 ] || broken_groups+=(lint)
    continue
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if [ "$code" -ne 0 ] || [ "$failed" -ne 0 ] || [ $((passed + failed)) -eq 0 ]; then
    broken_groups+=("$group")
  fi
done <"$results"
# Every group must have reported, even from a lane that stopped early.
for group in e2e deploy native wasm sanitize fuzz sanitized-server lint; do
  grep -q "^$group " "$results" || broken_groups+=("$group")
done

echo
lint_state=$(grep -q '^lint - - 0$' "$results" && echo clean || echo FAILED)
echo "tests: $total_passed passed, $total_failed failed; lint $lint_state"
if [ ${#broken_groups[@]} -gt 0 ]; then
  # The reasons come last and on stdout, where a CI log that keeps only its tail still has them:
  # each failed node test with its diagnostic block, or else the end of the group's log.
  for group in "${broken_groups[@]}"; do
    echo "---- $group: what failed (build/test-logs/$group*.log)"
    if ls "$log_dir/$group"-*.log >/dev/null 2>&1 && grep -qE '^\s*not ok' "$log_dir/$group"-*.log; then
      for one in "$log_dir/$group"-*.log; do
        awk -v file="$(basename "$one")" '
          /^[ ]*not ok/ { inside = 1; print file ": " $0; next }
          inside { print; if ($0 ~ /^[ ]*\.\.\.$/) inside = 0 }' "$one" | head -80
      done
    else
      tail -40 "$log_dir/$group.log" 2>/dev/null
    fi
  done
  echo "FAILED groups: ${broken_groups[*]} (logs in build/test-logs/)"
  exit 1
fi
