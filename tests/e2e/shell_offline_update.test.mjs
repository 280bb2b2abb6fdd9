// The HTML shell and the service worker: after one visit the portal starts with the server
// gone and the network off; a new version waits behind an "update" prompt and takes over only
// when accepted; without WebGL the browser is sent to the plain form (/lapor); the shell is
// small enough for a 2G phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startServer, launchBrowser, watchForErrors, waitForInteractive, webRoot }
  from './lib/harness.mjs';

async function waitForController(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
    await waitForInteractive(page);
  }
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller));
}

test('after one visit the portal starts with the server stopped and the network off', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForInteractive(page);
  // The shell counted the program's bytes as they came (a copy of the stream it compiled):
  // the bar fills up.
  await page.waitForFunction(() => document.getElementById('progress').value === 100, null,
    { timeout: 10000 });
  await waitForController(page);

  await server.stop({ keepData: true });
  await context.setOffline(true);
  await page.reload();
  await waitForInteractive(page);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  assert.equal(await page.locator('#shell').isVisible(), false);
});

test('a new version waits behind the update prompt and takes over when accepted', async (t) => {
  // A copy of dist the test can change: the second build differs in its service worker.
  const root = mkdtempSync(join(tmpdir(), 'aduan-dist-'));
  cpSync(webRoot, root, { recursive: true });
  const first = await startServer({ root });
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await first.stop(); rmSync(root, { recursive: true, force: true }); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  await page.goto(first.url + '/');
  await waitForInteractive(page);
  await waitForController(page);
  // The version as make-dist stamps it (the worker is minified: either quote, no spaces).
  const oldVersion = /\bVERSION\s*=\s*["']([^"']+)["']/.exec(readFileSync(join(root, 'sw.js'), 'utf8'))[1];
  const cachesBefore = await page.evaluate(() => caches.keys());
  assert.deepEqual(cachesBefore, [`aduan-${oldVersion}`]);

  const newVersion = 'second0000000000';
  const sw = readFileSync(join(root, 'sw.js'), 'utf8').replace(oldVersion, newVersion);
  writeFileSync(join(root, 'sw.js'), sw);
  writeFileSync(join(root, 'sw.js.br'), brotliCompressSync(sw));
  writeFileSync(join(root, 'sw.js.gz'), gzipSync(sw));

  await page.reload();  // a navigation checks for a new service worker
  await waitForInteractive(page);
  const prompt = page.getByRole('button', { name: 'Perbarui', exact: true });
  await prompt.waitFor({ state: 'visible', timeout: 20000 });
  // Not accepted yet: the old version still serves the page.
  assert.deepEqual(await page.evaluate(() => caches.keys()).then((k) => k.includes(`aduan-${oldVersion}`)), true);
  assert.equal(await page.evaluate(() => !!window.Module.aduanUpdate.waiting), true);

  await Promise.all([page.waitForEvent('load'), prompt.click()]);
  await waitForInteractive(page);
  await page.waitForFunction((v) => caches.keys().then((k) => k.length === 1 && k[0] === `aduan-${v}`),
    newVersion);
  assert.equal(await page.locator('#update').isVisible(), false);
  // The reloads abort the app's requests in flight (catalog, sync); those are not errors.
  assert.deepEqual(problems.filter((p) => !p.startsWith('failed: ')), []);
});

test('without WebGL the portal sends the browser to the plain HTML form', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ args: ['--disable-webgl', '--disable-3d-apis'] });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.waitForURL(server.url + '/lapor');
  assert.equal(await page.locator('form[action="/lapor"] input[name=title]').isVisible(), true);
});

test('without WebGL2 the portal runs on WebGL1', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ args: ['--disable-webgl2'] });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  await page.goto(server.url + '/');
  await waitForInteractive(page);
  assert.equal(await page.evaluate(() => window.Module.webglVersion), 1);
  await page.waitForFunction(() => (window.aduanUi?.nodes() || []).length > 0);
  assert.deepEqual(problems, []);
});

test('the shell (page, start-up and widget scripts) stays within 20 KB as sent', () => {
  const files = ['index.html', 'boot.js', 'bridge.js'];
  const sizes = files.map((name) => statSync(join(webRoot, name + '.br')).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(`shell brotli: ${files.map((f, i) => `${f} ${sizes[i]}`).join(', ')}; total ${total}`);
  assert.ok(total <= 20 * 1024, `shell is ${total} bytes`);
});
