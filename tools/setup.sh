#!/usr/bin/env bash
# tools/setup.sh: makes a Debian 12 machine able to build, run and test Aduan.
#
# Owns: the Debian packages (tools/apt-packages.txt), the browser-test npm packages
# (tests/e2e/package-lock.json) and the third-party sources (tools/third_party.lock), fetched
# into the git-ignored .cache/. Does not own: building (CMake) or running anything.
# Every step checks first and does nothing when its result is already there, so the second
# `make test` pays only for a few dpkg and file look-ups.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
mkdir -p "$cache/downloads" "$cache/third_party"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"; fi
}

install_debian_packages() {
  local wanted=() missing=() pkg command
  while read -r pkg command; do
    [ -n "$command" ] && command -v "$command" >/dev/null && continue
    wanted+=("$pkg")
  done < <(grep -vE '^\s*(#|$)' "$root/tools/apt-packages.txt")
  local status
  status=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true)
  for pkg in "${wanted[@]}"; do
    grep -qx "$pkg installed" <<<"$status" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  # Packages with a service (nginx, postgresql) would start it on install, on port 80 for nginx,
  # 5432 for the "main" cluster postgresql creates; the tests run their own on loopback ports,
  # so services are kept from starting for this install.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy"
    made_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || {
    [ "$made_policy" = 1 ] && as_root rm -f "$policy"
    die "apt-get install failed"
  }
  [ "$made_policy" = 1 ] && as_root rm -f "$policy"
  return 0
}

install_npm_packages() {
  local dir="$root/tests/e2e"
  local stamp="$dir/node_modules/.aduan-lock.sha256"
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "installing browser-test npm packages (no browser download: Debian's chromium is used)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

# A private apt configuration that only knows one suite's source index: the system's
# sources.list is never touched, and nothing from that suite is ever installed.
# Usage: apt_private apt-get|apt-cache SUITE ARGS...
apt_private() {
  local tool=$1
  shift
  local conf="$cache/apt"
  mkdir -p "$conf/lists/partial" "$conf/archives/partial"
  cat >"$conf/sources.list" <<EOF
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $1 main
EOF
  shift
  "$tool" -q -o Dir::Etc::SourceList="$conf/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$conf/lists" -o Dir::Cache="$conf" -o Debug::NoLocking=1 \
    -o APT::Sandbox::User=root "$@"
}

download() { # how tarball -> leaves $cache/downloads/tarball
  local how=$1 tarball=$2
  [ -f "$cache/downloads/$tarball" ] && return 0
  case "$how" in
    apt-source:*)
      # apt-source:SUITE:PACKAGE:UPSTREAM-VERSION. Any Debian revision of that upstream version
      # will do: they share one orig tarball, which is what the SHA-256 pins, and the only file
      # fetched (--tar-only: a mirror may no longer carry an older revision's packaging files).
      local suite package upstream revision
      IFS=: read -r _ suite package upstream <<<"$how"
      say "fetching $package $upstream source from Debian $suite"
      apt_private apt-get "$suite" update >/dev/null
      revision=$(apt_private apt-cache "$suite" showsrc "$package" 2>/dev/null |
        awk -v want="$upstream" '$1 == "Version:" && index($2, want "-") == 1 {print $2}' |
        sort -V | tail -1)
      [ -n "$revision" ] || die "Debian $suite has no source of $package $upstream any more"
      (cd "$cache/downloads" && apt_private apt-get "$suite" source --download-only --tar-only "$package=$revision" >/dev/null)
      ;;
    npm:*)
      say "fetching ${how#npm:} from the npm registry"
      (cd "$cache/downloads" && npm pack --silent "${how#npm:}" >/dev/null)
      ;;
    *) die "tools/third_party.lock: unknown fetch method '$how'" ;;
  esac
  [ -f "$cache/downloads/$tarball" ] || die "fetching $how did not produce $tarball"
}

fetch_third_party() {
  local name version how tarball sha inner
  while read -r name version how tarball sha inner; do
    case "$name" in '' | '#'*) continue ;; esac
    local dest="$cache/third_party/$name-$version"
    [ -f "$dest/.aduan-sha256" ] && [ "$(cat "$dest/.aduan-sha256")" = "$sha" ] && continue
    download "$how" "$tarball"
    local got
    got=$(sha256sum "$cache/downloads/$tarball" | cut -d' ' -f1)
    if [ "$got" != "$sha" ]; then
      mv "$cache/downloads/$tarball" "$cache/downloads/$tarball.rejected"
      die "SHA-256 mismatch for $tarball ($name $version): expected $sha, got $got.
       The file was moved aside to .cache/downloads/$tarball.rejected; nothing was unpacked."
    fi
    rm -rf "$dest" "$dest.partial"
    mkdir -p "$dest.partial"
    local depth
    depth=$(awk -F/ '{print NF}' <<<"$inner")
    tar -xf "$cache/downloads/$tarball" -C "$dest.partial" --strip-components="$depth" "$inner"
    echo "$sha" >"$dest.partial/.aduan-sha256"
    mv "$dest.partial" "$dest"
    say "unpacked $name $version into .cache/third_party/$name-$version"
  done <"$root/tools/third_party.lock"
}

install_debian_packages
install_npm_packages
fetch_third_party
