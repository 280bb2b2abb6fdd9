#!/usr/bin/env bash
# tools/lint.sh: clang-tidy (.clang-tidy) over Aduan's own native sources, using the native
# build's compile_commands.json. The browser-only files (shell/app) need Emscripten's headers
# and are compiled with the same warnings by the web build instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f build/native/compile_commands.json ] || { echo "lint: build the native preset first" >&2; exit 1; }
mapfile -t files < <(git ls-files 'core/*.cpp' 'shell/server/*.cpp' 'tests/core/*.cpp' 'tests/server/*.cpp')
echo "lint: clang-tidy on ${#files[@]} files"
log=build/lint.log
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p build/native --quiet >"$log" 2>&1 ||
  status=$?
grep -vE '^[0-9]+ warnings? generated|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "lint: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "lint: clean"
