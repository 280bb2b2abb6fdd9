// The citizen's texts (README, "Where the bytes of the first load go"): make-dist writes
// assets/i18n/<lang>.citizen.txt, <lang>.txt without the keys only the console, the kiosk, the
// official and the server's plain form show, and the citizen's page fetches that file alone
// (tools/make-dist.sh). A key the citizen's program shows but its file lacks would be drawn as
// a raw code, so this reads the sources and dist/ (no browser) and checks:
//  - every catalog key a string literal of the citizen's sources names is in the citizen's file,
//    with the same text, in both languages. The sources are found here another way than
//    make-dist finds them: everything under shell/ and core/ but the other programs' own
//    (shell/console, shell/server, shell/cli, the kiosk_* and official_* files), so a folder the
//    citizen's program starts to use is checked before make-dist is told about it;
//  - no citizen source builds a key of a left-out prefix from pieces ("kiosk." + name), which
//    no literal scan could see;
//  - the pages preload, and the service worker precaches, the right file for each program;
//  - in a browser, the citizen's page fetches its own file and shows a key it keeps from
//    another program's prefix, and the console opened from it fetches every program's texts and
//    shows its own (each program keeps its file under its own setting of the shared store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, repoRoot, startServer, watchForErrors, webRoot } from './lib/harness.mjs';
import { message, openPortal } from './lib/ui.mjs';
import { tap, waitForId, waitForText } from './lib/console_ui.mjs';

const texts = join(webRoot, 'assets/i18n');

// key -> text of one catalog file ("key = text" lines; '#' comments).
function catalog(file) {
  const entries = new Map();
  for (const line of readFileSync(join(texts, file), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    assert.ok(at > 0, `${file}: not "key = text": ${line}`);
    entries.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return entries;
}

// The citizen's program's sources: shell/ and core/ without the other programs' own.
function citizenSources() {
  const others = /^shell\/(console|server|cli)\/|\/(kiosk|official)_[^/]*$/;
  const files = [];
  for (const room of ['shell', 'core']) {
    for (const name of readdirSync(join(repoRoot, room), { recursive: true })) {
      const path = `${room}/${name}`;
      if (/\.(cpp|h)$/.test(path) && !others.test(path)) files.push(path);
    }
  }
  return files;
}

function literals(path) {
  return [...readFileSync(join(repoRoot, path), 'utf8').matchAll(/"([a-z0-9_.-]+)"/g)].map((m) => m[1]);
}

test("the citizen's texts hold every key its program names, and only its own are left out", () => {
  const sources = citizenSources();
  assert.ok(sources.includes('shell/portal/screen_home.cpp') && sources.includes('shell/ui/app_format.cpp'),
    `the scan finds the citizen's screens: ${sources.length} files`);
  assert.ok(!sources.some((path) => path.startsWith('shell/console/') || path.includes('/kiosk_')));
  for (const language of ['id', 'en']) {
    const full = catalog(`${language}.txt`);
    const citizen = catalog(`${language}.citizen.txt`);
    for (const [key, text] of citizen) assert.equal(text, full.get(key), `${language}: ${key}`);
    const missing = new Set();
    for (const path of sources) {
      for (const key of literals(path)) if (full.has(key) && !citizen.has(key)) missing.add(`${path}: ${key}`);
    }
    assert.deepEqual([...missing], [], `${language}.citizen.txt lacks keys the citizen's program names`);
    // The scan itself: the home screen's way into the console is a key of another program's
    // prefix that the citizen's file must keep, and the console's own keys are left out.
    assert.ok(citizen.has('console.entry') && citizen.has('app.title') && citizen.has('rules.title.too_short'));
    assert.ok(!citizen.has('console.username') && !citizen.has('lapor.title'));
    assert.ok(citizen.size < full.size * 0.7, `${language}: ${citizen.size} of ${full.size} keys`);
  }
  assert.deepEqual([...catalog('id.citizen.txt').keys()].sort(), [...catalog('en.citizen.txt').keys()].sort(),
    'both languages keep the same keys');

  // A key built from pieces ("kiosk." + name) cannot be seen by the scan above: a left-out
  // prefix must never be the start of such a piece in the citizen's sources.
  const full = catalog('id.txt');
  const citizen = catalog('id.citizen.txt');
  const leftOut = new Set([...full.keys()].filter((key) => !citizen.has(key)).map((key) => key.split('.')[0] + '.'));
  assert.ok(leftOut.has('console.') && leftOut.has('kiosk.'), [...leftOut].join(' '));
  const built = [];
  for (const path of sources) {
    for (const piece of literals(path)) {
      if (piece.endsWith('.') && [...leftOut].some((prefix) => piece.startsWith(prefix))) built.push(`${path}: "${piece}"`);
    }
  }
  assert.deepEqual(built, [], 'a citizen source builds a key of a prefix its texts leave out');
});

test('each page preloads its own texts, and the worker precaches only the citizen\'s', () => {
  const preloaded = (page) => [...readFileSync(join(webRoot, page), 'utf8')
    .matchAll(/<link rel="preload" href="(assets\/i18n\/[^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(preloaded('index.html'), ['assets/i18n/id.citizen.txt']);
  for (const page of ['console.html', 'kiosk.html', 'official.html'])
    assert.deepEqual(preloaded(page), ['assets/i18n/id.txt'], page);
  const worker = readFileSync(join(webRoot, 'sw.js'), 'utf8');
  // The lists as make-dist stamps them (the worker may be minified: no spaces assumed).
  const files = JSON.parse(/\bFILES\s*=\s*(\[[^\]]*\])/.exec(worker)[1]);
  assert.ok(files.includes('assets/i18n/id.citizen.txt') && files.includes('assets/i18n/en.citizen.txt'));
  assert.ok(!files.includes('assets/i18n/id.txt') && !files.includes('assets/i18n/en.txt'),
    'the worker precaches every program\'s texts for a citizen');
  for (const program of ['console', 'kiosk', 'official']) {
    const later = JSON.parse(new RegExp(`\\b${program}:\\s*(\\[[^\\]]*\\])`).exec(worker)[1]);
    assert.ok(later.includes('assets/i18n/id.txt') && later.includes('assets/i18n/en.txt'), `${program}: ${later}`);
  }
});

test("the citizen's page fetches and shows its own texts, the console it opens every program's", async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => { await context.close(); await server.stop(); });
  const texts = [];
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/assets/i18n/')) texts.push(path);
  });
  const page = await context.newPage();
  const problems = watchForErrors(page);

  await openPortal(page, server.url + '/');
  await waitForText(page, message('console.entry'));
  assert.ok(texts.includes('/assets/i18n/id.citizen.txt'), texts.join(' '));
  assert.ok(!texts.includes('/assets/i18n/id.txt'), `the citizen's page fetched every program's texts: ${texts}`);

  await tap(page, 'home.officer');
  await waitForId(page, 'console.username');
  await waitForText(page, message('console.login_hint'));
  assert.ok(texts.includes('/assets/i18n/id.txt'), `the console fetched its texts: ${texts}`);
  assert.deepEqual(problems, []);
});
