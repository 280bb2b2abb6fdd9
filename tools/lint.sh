#!/usr/bin/env bash
# tools/lint.sh: clang-tidy (.clang-tidy) over Aduan's own native sources, using the native
# build's compile_commands.json. Of the portal's code, only the page store (shell/device/page_vfs*) is native too; the rest
# needs Emscripten's headers and is compiled with the same warnings by the web build instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The rooms of the layout (README, Layout), checked on every run because it costs nothing: the
# citizen's portal and the officer console never include each other (each is a program of its
# own, with its own main); what both share (ui, device) includes
# neither; the device layer draws nothing; the core includes no shell and no UI, browser or
# HTTP library.
layout_breaches=$(
  {
    grep -l '#include "shell/console/' shell/portal/*
    grep -l '#include "shell/portal/' shell/console/*
    grep -l '#include "shell/\(portal\|console\)/' shell/ui/* shell/device/*
    grep -l '#include [<"]imgui\|#include "shell/ui/' shell/device/*
    grep -rlE '#include [<"](imgui|emscripten|httplib|GLES)|#include "shell/' core
  } || true
)
if [ -n "$layout_breaches" ]; then
  echo "lint: these files include across the layout's rooms (see README, Layout):" >&2
  echo "$layout_breaches" >&2
  exit 1
fi
[ -f build/native/compile_commands.json ] || { echo "lint: build the native preset first" >&2; exit 1; }
# Two depths. `make lint` (no argument): every native source, with the whole configuration
# (.clang-tidy, tests/.clang-tidy, shell/server/.clang-tidy), the core under the path-sensitive
# analyzer. `make test` (--shipped): the shipped code only (core, server, CLI, page store) with
# the AST checks, no analyzer: the analyzer and the tests' files are most of the lint's CPU, and
# a fresh-clone `make test` must stay within its budget on two cores (README, Tests).
# The portal's pieces built natively for their tests (tests/shell, tests/device) are in it too.
sources=('core/*.cpp' 'shell/server/*.cpp' 'shell/cli/*.cpp' 'shell/device/page_vfs*.cpp'
  'shell/ui/receipt_slip.cpp' 'shell/ui/app_format.cpp' 'shell/portal/official_entry_state.cpp')
extra=()
stamp=build/lint.stamp
if [ "${1:-}" = --shipped ]; then
  extra=('--checks=-clang-analyzer-*')
  stamp=build/lint-shipped.stamp
else
  sources+=('tests/core/*.cpp' 'tests/server/*.cpp' 'tests/bench/*.cpp' 'tests/device/*.cpp' 'tests/shell/*.cpp')
fi
mapfile -t files < <(git ls-files "${sources[@]}")
# A clean run leaves a stamp. Next time only sources newer than it are checked, unless a header,
# the configuration or the list of files changed, when everything is checked again.
list_hash=$(printf '%s\n' "${files[@]}" | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$list_hash" ] &&
  [ -z "$(find $(git ls-files -co --exclude-standard "*.clang-tidy" ".clang-tidy") $(git ls-files 'core/*.h' 'shell/server/*.h' 'shell/cli/*.h' 'shell/device/page_vfs.h' 'tests/*.h') -newer "$stamp" 2>/dev/null)" ]; then
  mapfile -t changed < <(find "${files[@]}" -newer "$stamp")
  files=("${changed[@]}")
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "lint: clean (nothing changed since the last clean run)"
  exit 0
fi
rm -f "$stamp"
echo "lint: clang-tidy on ${#files[@]} files"
log=build/lint.log
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p build/native --quiet "${extra[@]}" >"$log" 2>&1 ||
  status=$?
grep -vE '^[0-9]+ warnings? generated|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "lint: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "$list_hash" >"$stamp"
echo "lint: clean"
