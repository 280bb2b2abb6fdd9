// Static files fetched once, and the portal installable (README, "Installing the portal").
// Validators: every file of dist/ carries an ETag, and asking again with it gets 304 and no
// body, so a revalidated page, font, text or catalog file costs a round trip, not its bytes.
// Early fetches: the page asks for the program first, then the texts and the catalog's files,
// and the program takes the preloaded answer (one download). Installable: the manifest's id,
// scope and icons (fetched: real PNGs of the sizes it claims, one maskable), the favicon, a
// service worker that controls the page, and the install button that appears when the browser
// offers the prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer, watchForErrors } from './lib/harness.mjs';
import { openPortal } from './lib/ui.mjs';

// Width and height from a PNG's IHDR chunk.
function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], signature, 'not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return `${view.getUint32(16)}x${view.getUint32(20)}`;
}

test('a file asked for again with its validator is answered 304 without a body', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const html = await (await fetch(server.url + '/')).text();
  const preloaded = [...html.matchAll(/<link rel="preload" href="([^"]+)" as="fetch" crossorigin>/g)]
    .map((m) => m[1]);
  for (const file of ['assets/i18n/id.citizen.txt', 'assets/catalog/regions.tsv'])
    assert.ok(preloaded.includes(file), `the page fetches ${file} early: ${preloaded}`);
  const program = /src="(aduan\.[0-9a-f]{12}\.js)"/.exec(html)[1];
  const programJs = await (await fetch(server.url + '/' + program)).text();
  const wasm = /aduan\.[0-9a-f]{12}\.wasm/.exec(programJs)[0];
  assert.equal(preloaded[0], wasm, 'the program\'s download starts first, with the page');
  for (const path of ['/', ...preloaded.map((file) => '/' + file), '/sw.js', '/manifest.webmanifest', '/' + program]) {
    for (const encoding of ['br', 'identity']) {
      const first = await fetch(server.url + path, { headers: { 'accept-encoding': encoding } });
      assert.equal(first.status, 200, path);
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      assert.match(etag || '', /^W\/"[0-9a-f]+-[0-9a-f]+"$/, `${path} has a validator`);
      const again = await fetch(server.url + path,
        { headers: { 'accept-encoding': encoding, 'if-none-match': etag } });
      assert.equal(again.status, 304, `${path} (${encoding}) revalidated`);
      assert.equal((await again.arrayBuffer()).byteLength, 0, `${path}: a 304 has no body`);
      assert.equal(again.headers.get('etag'), etag);
      const other = await fetch(server.url + path, { headers: { 'if-none-match': 'W/"0-0"' } });
      assert.equal(other.status, 200, `${path}: another validator gets the file`);
      await other.arrayBuffer();
    }
  }
});

test('the portal is installable: manifest, icons, favicon, a controlling worker, the install button', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  await openPortal(page, server.url + '/');
  // The page's preload of the program is the download the program uses: one request, not two.
  const programLoads = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((entry) => /\.wasm$/.test(new URL(entry.name).pathname)).length);
  assert.equal(programLoads, 1);

  const manifestUrl = new URL(await page.locator('link[rel=manifest]').getAttribute('href'), page.url());
  const manifest = await (await fetch(manifestUrl)).json();
  assert.equal(new URL(manifest.id, manifestUrl).href, server.url + '/');
  assert.equal(new URL(manifest.scope, manifestUrl).href, server.url + '/');
  assert.equal(manifest.display, 'standalone');
  const sizes = {};
  for (const icon of manifest.icons.filter((i) => i.type === 'image/png')) {
    const response = await fetch(new URL(icon.src, manifestUrl));
    assert.equal(response.status, 200, icon.src);
    assert.equal(response.headers.get('content-type'), 'image/png');
    const actual = pngSize(new Uint8Array(await response.arrayBuffer()));
    assert.equal(actual, icon.sizes, `${icon.src} is as large as the manifest says`);
    for (const purpose of icon.purpose.split(' ')) (sizes[purpose] ??= []).push(actual);
  }
  assert.ok(sizes.any.includes('192x192') && sizes.any.includes('512x512'), JSON.stringify(sizes));
  assert.ok(sizes.maskable.includes('512x512'), JSON.stringify(sizes));
  const favicon = await page.locator('link[rel=icon]').getAttribute('href');
  const faviconResponse = await fetch(new URL(favicon, page.url()));
  assert.equal(faviconResponse.status, 200);
  assert.match(await faviconResponse.text(), /<svg/);

  // The worker controls the page from the next load on (a first visit is not controlled).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });

  // The browser's offer shows the button; tapping it opens the browser's own prompt once.
  // (Chromium may already have offered it here, the manifest and worker being enough; the offer
  // made below replaces that one, so the prompt counted is the test's, not a real dialog.)
  await page.evaluate(() => {
    const offer = new Event('beforeinstallprompt', { cancelable: true });
    window.__promptCalls = 0;
    offer.prompt = () => { window.__promptCalls += 1; return Promise.resolve(); };
    window.dispatchEvent(offer);
  });
  await page.locator('#install').waitFor({ state: 'visible', timeout: 10000 });
  await page.locator('#install-accept').click();
  assert.equal(await page.evaluate(() => window.__promptCalls), 1);
  assert.equal(await page.locator('#install').isVisible(), false);
  assert.deepEqual(problems, []);
});
