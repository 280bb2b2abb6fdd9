#!/usr/bin/env bash
# tools/sqlite-amalgamation.sh: makes sqlite3.c and sqlite3.h from SQLite's canonical source tree
# with the given -DSQLITE_OMIT_... options, for the web build (cmake/ThirdParty.cmake runs it).
#
# An option that removes SQL syntax (triggers, views, CTEs, window functions ...) needs the
# parser and the keyword table generated again with it (lemon, mkkeywordhash): the published
# amalgamation carries a parser built with every feature, so there those options either do
# nothing or break the build. The tree's own makefile does the generating (it needs tclsh).
# The work happens in a scratch folder, and both files are moved into place only once made.
#
# Usage: tools/sqlite-amalgamation.sh TREE OUT_DIR [-DSQLITE_OMIT_... ...]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 TREE OUT_DIR [-DSQLITE_OMIT_...]" >&2; exit 2; }
tree=$(cd "$1" && pwd)
out=$2
shift 2
if [ ! -f "$tree/src/parse.y" ]; then
  echo "$tree is not SQLite's source tree (no src/parse.y)" >&2
  exit 1
fi
if ! command -v tclsh >/dev/null; then
  echo "tclsh is missing (Debian package tcl; make setup installs it)" >&2
  exit 1
fi
mkdir -p "$out"
scratch=$(mktemp -d "$out/.making.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
# The generators run on this machine: the host's compiler, whatever the build's own is.
if ! env CC=cc CFLAGS=-O1 CPPFLAGS= LDFLAGS= "$tree/configure" --disable-tcl --disable-readline \
  --disable-shared >configure.log 2>&1; then
  tail -20 configure.log >&2
  exit 1
fi
if ! make sqlite3.c OPT_FEATURE_FLAGS="$*" >make.log 2>&1; then
  tail -30 make.log >&2
  exit 1
fi
mv sqlite3.h "$out/sqlite3.h"
mv sqlite3.c "$out/sqlite3.c"
