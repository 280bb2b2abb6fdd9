// The portal is four WebAssembly programs (README, "The portal's programs"): the citizen's
// (index.html), the officers' console with the dashboard (console.html), the kiosk's
// (kiosk.html, tests/e2e/kiosk.test.mjs) and the village official's (official.html,
// tests/e2e/official_offline.test.mjs). A citizen's first visit must download none of the
// other three, not even through the service worker's precache; an officer's (and a dashboard
// visitor's) does download the console, and from then on the worker keeps it for offline use.
// Requests are watched in the page and the worker's cache is read back; nothing waits for a
// clock. And the bytes themselves: the citizen's files hold none of the kiosk's code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer, watchForErrors, webRoot } from './lib/harness.mjs';
import { openPortal } from './lib/ui.mjs';
import { tap, waitForId } from './lib/console_ui.mjs';

const CONSOLE_FILE = /\/(console\.html|aduan-console\.[0-9a-f]{12}\.(js|wasm))$/;
const KIOSK_FILE = /\/(kiosk\.html|aduan-kiosk\.[0-9a-f]{12}\.(js|wasm))$/;
const OFFICIAL_FILE = /\/(official\.html|aduan-official\.[0-9a-f]{12}\.(js|wasm))$/;

// The names of the files in the worker's cache of this build (not the officers' evidence).
function cachedNames(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const names = [];
    for (const key of await caches.keys()) {
      if (!key.startsWith('aduan-') || key === 'aduan-evidence') continue;
      for (const request of await (await caches.open(key)).keys()) names.push(new URL(request.url).pathname);
    }
    return names;
  });
}

test('a citizen never downloads the console program; an officer does, and the worker keeps it', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => { await context.close(); await server.stop(); });
  const requested = [];
  context.on('request', (request) => requested.push(new URL(request.url()).pathname));
  const page = await context.newPage();
  const problems = watchForErrors(page);

  await openPortal(page, server.url + '/');
  // The worker is installed once ready resolves: its precache is complete by then.
  const precached = await cachedNames(page);
  assert.ok(precached.some((name) => /^\/aduan\.[0-9a-f]{12}\.wasm$/.test(name)),
    `the citizen's program is precached: ${precached}`);
  assert.deepEqual(precached.filter((name) => CONSOLE_FILE.test(name)), [],
    'the worker precached the console program for a citizen');
  assert.deepEqual(requested.filter((name) => CONSOLE_FILE.test(name)), [],
    'the citizen page requested the console program');
  // Nor the kiosk's program (kiosk mode, the on-screen keyboard), which only kiosks use.
  assert.deepEqual(precached.filter((name) => KIOSK_FILE.test(name)), [],
    'the worker precached the kiosk program for a citizen');
  assert.deepEqual(requested.filter((name) => KIOSK_FILE.test(name)), [],
    'the citizen page requested the kiosk program');
  // Nor the village official's, which only officials use.
  assert.deepEqual(precached.filter((name) => OFFICIAL_FILE.test(name)), [],
    'the worker precached the official program for a citizen');
  assert.deepEqual(requested.filter((name) => OFFICIAL_FILE.test(name)), [],
    'the citizen page requested the official program');

  // The officer's way in: the console's page, its program, then the console drawn.
  const consoleWasm = page.waitForRequest((request) =>
    /\/aduan-console\.[0-9a-f]{12}\.wasm$/.test(new URL(request.url()).pathname), { timeout: 30000 });
  await tap(page, 'home.officer');
  await consoleWasm;
  await waitForId(page, 'console.username');
  assert.equal(new URL(page.url()).pathname, '/console.html');
  await page.waitForFunction(() => window.aduanProgramKept, null, { timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.aduanProgramKept), { kept: true });
  const kept = await cachedNames(page);
  for (const file of [/^\/console\.html$/, /^\/aduan-console\.[0-9a-f]{12}\.wasm$/, /^\/aduan-console\.[0-9a-f]{12}\.js$/])
    assert.ok(kept.some((name) => file.test(name)), `the worker kept ${file}: ${kept}`);

  // Back to the citizen's page: its own program again, the device store handed back.
  await tap(page, 'console.back');
  await waitForId(page, 'home.new_report');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(problems, []);
});

// Strings only kiosk mode's code holds (widget ids, settings keys, the PIN's hash, the on-screen
// keyboard's page side): each must be in the kiosk's program, so its absence from the citizen's
// means something, and none may creep into what every citizen downloads.
// (The keyboard's glue is found by its function's name: minifying renames its locals.)
const KIOSK_ONLY = ['kiosk.still_here', 'kiosk.idle_ms', 'kiosk.pin_leave', 'pbkdf2-sha256', 'osk.shift',
  'aduan_osk_type'];

test('the citizen\'s download holds none of the kiosk\'s code', () => {
  const files = readdirSync(webRoot);
  const read = (pattern) => {
    const names = files.filter((name) => pattern.test(name));
    assert.ok(names.length > 0, `no ${pattern} in ${webRoot}`);
    return names.map((name) => [name, readFileSync(join(webRoot, name)).toString('latin1')]);
  };
  const kiosk = read(/^aduan-kiosk\.[0-9a-f]{12}\.(js|wasm)$/).map(([, bytes]) => bytes).join('');
  for (const needle of KIOSK_ONLY) assert.ok(kiosk.includes(needle), `the kiosk's program holds ${needle}`);
  // The citizen's program and every page file a citizen loads (the worker precaches the rest of
  // dist/ except the other programs' files, which program_split's first test checks).
  const citizen = read(/^(aduan\.[0-9a-f]{12}\.(js|wasm)|index\.html|bridge\.js|boot\.js|sw\.js)$/);
  for (const [name, bytes] of citizen) {
    assert.deepEqual(KIOSK_ONLY.filter((needle) => bytes.includes(needle)), [], `${name} holds kiosk code`);
  }
});
