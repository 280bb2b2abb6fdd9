#!/usr/bin/env bash
# tools/make-dist.sh SOURCE_DIR DIST_DIR PROGRAM_DIR CONSOLE_DIR KIOSK_DIR OFFICIAL_DIR: finishes
# dist/ after the WebAssembly links.
#
# Owns the steps that are not compiling: copying the program under content-hashed names (so
# browsers and proxies may cache it for a year), copying web/ glue and assets, checking that
# the portal draws every character of its texts, stamping the service worker with the content
# hash of what it must cache, and writing a .br and .gz beside every file so the server never
# compresses at request time.
# Four programs, four pages: index.html runs the citizen's (aduan.js from PROGRAM_DIR);
# console.html, made from the same page, runs the officer console and the dashboard
# (aduan-console.js from CONSOLE_DIR); kiosk.html, made the same way, runs the citizen's screens
# in kiosk mode (aduan-kiosk.js from KIOSK_DIR); official.html the citizen's screens in the
# village official's mode (aduan-official.js from OFFICIAL_DIR). The service worker precaches
# the first only.
set -euo pipefail
src=$1
dist=$2
program=$3
console_program=$4
kiosk_program=$5
official_program=$6
rm -rf "$dist"
mkdir -p "$dist/assets"

cp "$src"/web/* "$dist/"
# Emscripten --js-library sources are compiled into aduan.js; the browser never fetches them.
grep -l 'mergeInto(LibraryManager' "$dist"/*.js | xargs -r rm -f

# Scripts as served: comments, spaces and local names cost a phone on 2G (brotli: the program's
# glue 20.1 -> 16.8 KB, the page's scripts 9.3 -> 5.1 KB). Only names local to a function are
# renamed; what other scripts and the program read (Module, aduanUi, globals) stays.
command -v terser >/dev/null ||
  { echo "make-dist: terser is missing (run tools/setup.sh: terser)" >&2; exit 1; }
minify() { NODE_PATH=/usr/share/nodejs terser "$1" --compress --mangle --output "$1"; }
minify "$dist/boot.js"
minify "$dist/bridge.js"

# PROGRAM.wasm first: its hashed name is written into PROGRAM.js, which is hashed after that;
# then PAGE loads the hashed PROGRAM.js and knows the program's size for its progress bar.
short_hash() { sha256sum "$1" | cut -c1-12; }
place_program() {  # FOLDER NAME PAGE
  local folder=$1 name=$2 page=$3 wasm_name js_name
  wasm_name="$name.$(short_hash "$folder/$name.wasm").wasm"
  cp "$folder/$name.wasm" "$dist/$wasm_name"
  sed "s|$name\.wasm|$wasm_name|g" "$folder/$name.js" >"$dist/$name.js.tmp"
  minify "$dist/$name.js.tmp"
  js_name="$name.$(short_hash "$dist/$name.js.tmp").js"
  mv "$dist/$name.js.tmp" "$dist/$js_name"
  sed -i -e "s|src=\"aduan\.js\"|src=\"$js_name\"|" \
    -e "s|rel=\"preload\" href=\"aduan\.wasm\"|rel=\"preload\" href=\"$wasm_name\"|" \
    -e "s|name=\"aduan-wasm-bytes\" content=\"0\"|name=\"aduan-wasm-bytes\" content=\"$(stat -c %s "$dist/$wasm_name")\"|" \
    "$dist/$page"
  grep -q "$js_name" "$dist/$page" || { echo "make-dist: $page does not load $name.js" >&2; exit 1; }
  grep -q "href=\"$wasm_name\"" "$dist/$page" ||
    { echo "make-dist: $page does not preload $name.wasm" >&2; exit 1; }
}
# The console's page is the citizen's page running the other program: same shell, same CSP.
sed 's|<title>Aduan</title>|<title>Aduan: petugas dan kinerja instansi</title>|' \
  "$dist/index.html" >"$dist/console.html"
sed 's|<title>Aduan</title>|<title>Aduan: kios layanan</title>|' "$dist/index.html" >"$dist/kiosk.html"
sed 's|<title>Aduan</title>|<title>Aduan: perangkat desa</title>|' "$dist/index.html" >"$dist/official.html"
# Their programs fetch every program's texts (<lang>.txt), the citizen's its own subset (below).
for page in console kiosk official; do
  sed -i 's|"assets/i18n/id\.citizen\.txt"|"assets/i18n/id.txt"|' "$dist/$page.html"
  grep -q '"assets/i18n/id.txt"' "$dist/$page.html" ||
    { echo "make-dist: $page.html does not preload assets/i18n/id.txt" >&2; exit 1; }
done
place_program "$program" aduan index.html
place_program "$console_program" aduan-console console.html
place_program "$kiosk_program" aduan-kiosk kiosk.html
place_program "$official_program" aduan-official official.html
# The deployment's SMS number, shown by the shell to phones without data (no JavaScript needed).
if [ -n "${ADUAN_SMS_NUMBER:-}" ]; then
  [[ "$ADUAN_SMS_NUMBER" =~ ^\+?[0-9]{3,15}$ ]] ||
    { echo "make-dist: ADUAN_SMS_NUMBER must be digits with an optional leading +" >&2; exit 1; }
  sms="<p>Tanpa internet? Kirim SMS berisi laporan Anda ke <a href=\"sms:$ADUAN_SMS_NUMBER\">$ADUAN_SMS_NUMBER</a>.</p>"
  sed -i "s|<!--aduan-sms-->|$sms|" "$dist/index.html" "$dist/console.html" "$dist/kiosk.html" \
    "$dist/official.html"
fi
# The pages' comments are for whoever reads web/index.html, not for every first load.
perl -0pi -e 's/[ \t]*<!--.*?-->[ \t]*\n?//gs' "$dist/index.html" "$dist/console.html" \
  "$dist/kiosk.html" "$dist/official.html"
for dir in i18n catalog; do
  if [ -d "$src/assets/$dir" ]; then
    rm -rf "${dist:?}/assets/$dir"
    cp -r "$src/assets/$dir" "$dist/assets/$dir"
  fi
done
# The citizen's texts: <lang>.citizen.txt, <lang>.txt without the keys the other programs own
# (console., dashboard., kiosk., official.: their programs fetch the whole <lang>.txt; lapor.:
# the server's plain form, which reads <lang>.txt) unless the citizen's program names one (the
# home screen's way into the console, the settings' ways into the kiosk and official modes).
# "Names" is any string literal of the sources it links: shell/portal but its kiosk_*/official_*
# files, shell/ui, shell/device and core; none builds a key of those prefixes from pieces
# (tests/e2e/citizen_texts.test.mjs checks both). Comments go too: the program never reads them.
/usr/bin/python3 - "$src" "$dist/assets/i18n" <<'PY'
import pathlib, re, sys
src, folder = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
others = ('console.', 'dashboard.', 'kiosk.', 'official.', 'lapor.')
sources = [path for room in ('shell/portal', 'shell/ui', 'shell/device', 'core')
           for path in sorted((src / room).rglob('*'))
           if path.suffix in ('.cpp', '.h') and not path.name.startswith(('kiosk_', 'official_'))]
named = {m for path in sources for m in re.findall(r'"([a-z0-9_.-]+)"', path.read_text('utf-8'))}
for full in sorted(folder.glob('*.txt')):
    if not re.fullmatch(r'[a-z]+\.txt', full.name): continue
    kept = []
    for number, line in enumerate(full.read_text('utf-8').splitlines(), 1):
        if not line.strip() or line.startswith('#'): continue
        if '=' not in line: sys.exit(f'make-dist: {full.name}:{number}: not "key = text"')
        key = line.split('=', 1)[0].strip()
        if not key.startswith(others) or key in named: kept.append(line + '\n')
    (folder / (full.stem + '.citizen.txt')).write_text(''.join(kept), 'utf-8')
PY

# Icons for the install prompt and the home screen, and the favicon: every size made from the
# one drawing (assets/icons/aduan.svg), which is also the favicon as it is. 512 serves both as
# the ordinary and the maskable icon (the drawing keeps its mark inside the safe zone).
command -v rsvg-convert >/dev/null ||
  { echo "make-dist: rsvg-convert is missing (run tools/setup.sh: librsvg2-bin)" >&2; exit 1; }
mkdir -p "$dist/assets/icons"
cp "$src/assets/icons/aduan.svg" "$dist/assets/icons/aduan.svg"
for size in 192 512; do
  rsvg-convert --width "$size" --height "$size" "$src/assets/icons/aduan.svg" \
    --output "$dist/assets/icons/icon-$size.png"
done

# Every character the texts and catalogs can show must be among those the portal bakes
# (assets/fonts/ui-font.txt, the same list as platform_web.cpp's), or ImGui draws "?" for it.
/usr/bin/python3 - "$src/assets/fonts/ui-font.txt" "$src"/assets/i18n/*.txt \
  $(find "$src/assets/catalog" -type f 2>/dev/null) <<'PY'
import re, sys
spec = open(sys.argv[1], encoding='utf-8').read()
have = set()
for low, high in re.findall(r'U\+([0-9A-F]{4})(?:-([0-9A-F]{4}))?', spec):
    have.update(range(int(low, 16), int(high or low, 16) + 1))
bad = []
for name in sys.argv[2:]:
    for number, line in enumerate(open(name, encoding='utf-8'), 1):
        for ch in sorted(set(line)):
            if ord(ch) >= 0x20 and ord(ch) not in have:
                bad.append(f'{name}:{number}: U+{ord(ch):04X} {ch!r}')
if bad:
    sys.exit('make-dist: characters the portal does not draw (assets/fonts/ui-font.txt):\n' +
             '\n'.join(bad[:20]))
PY

# The service worker precaches exactly the citizen's files of this build, and keeps the
# console's (console.html and aduan-console.*), the kiosk's (kiosk.html and aduan-kiosk.*) and
# the official's (official.html and aduan-official.*) only once they are used, each with every
# program's texts (assets/i18n/<lang>.txt: the citizen's are <lang>.citizen.txt); its version
# changes with all of them.
files=$(cd "$dist" && find . -type f ! -name '*.br' ! -name '*.gz' ! -name 'sw.js' ! -name '*.stamp' \
  | sed 's|^\./||' | sort)
version=$(cd "$dist" && sha256sum $files | sha256sum | cut -c1-16)
full_texts='^assets/i18n/[a-z]*\.txt$'
of_program() { printf '%s\n' $files | grep -e "^$1\\.html\$" -e "^aduan-$1\\." -e "$full_texts"; }
list() { printf '"%s",' "$@"; }
citizen_list=$(list $(printf '%s\n' $files | grep -v -e '^console\.html$' -e '^aduan-console\.' \
  -e '^kiosk\.html$' -e '^aduan-kiosk\.' -e '^official\.html$' -e '^aduan-official\.' \
  -e "$full_texts"))
console_list=$(list $(of_program console))
kiosk_list=$(list $(of_program kiosk))
official_list=$(list $(of_program official))
sed -i -e "s|__ADUAN_VERSION__|$version|" -e "s|\"__ADUAN_FILES__\"|${citizen_list%,}|" \
  -e "s|\"__ADUAN_CONSOLE__\"|${console_list%,}|" -e "s|\"__ADUAN_KIOSK__\"|${kiosk_list%,}|" \
  -e "s|\"__ADUAN_OFFICIAL__\"|${official_list%,}|" \
  "$dist/sw.js"
minify "$dist/sw.js"

find "$dist" -type f ! -name '*.br' ! -name '*.gz' | while read -r file; do
  brotli -f -q 11 -k "$file"
  gzip -f -9 -k -n "$file"
done
