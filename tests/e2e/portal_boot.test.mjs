// The walking skeleton, end to end: aduan-server serves the portal, headless chromium runs the
// WebAssembly program, and the canvas shows the ImGui home screen drawn with the UI font.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchForErrors, waitForInteractive, distinctColours }
  from './lib/harness.mjs';

test('the portal boots in the browser and draws its home screen', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });

  const page = await context.newPage();
  const problems = watchForErrors(page);
  const response = await page.goto(server.url + '/');
  assert.equal(response.status(), 200);
  await waitForInteractive(page);

  // The shell hands over to the canvas once the first frame is drawn.
  assert.equal(await page.locator('#shell').isVisible(), false);

  // A drawn UI has many colours (text anti-aliasing, buttons); a blank canvas has one.
  const colours = await distinctColours(page);
  assert.ok(colours > 20, `canvas looks blank: ${colours} distinct colours`);
  assert.deepEqual(problems, []);
});

test('the portal files are served precompressed, typed, and cached by content hash', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const page = await (await fetch(server.url + '/', { headers: { 'accept-encoding': 'br' } }));
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  const html = await page.text();  // fetch decodes the brotli body
  const script = /src="(aduan\.[0-9a-f]{12}\.js)"/.exec(html);
  assert.ok(script, 'index.html loads a content-hashed program');
  const js = await fetch(`${server.url}/${script[1]}`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-encoding'), 'br');
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const wasmName = /wasmBinaryFile="(aduan\.[0-9a-f]{12}\.wasm)"/.exec(await js.text());
  assert.ok(wasmName, 'the program names its content-hashed wasm');
  const wasm = await fetch(`${server.url}/${wasmName[1]}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal(wasm.headers.get('content-encoding'), 'gzip');
  const outside = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
  assert.equal(outside.status, 404);
});

test('the server answers /healthz', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const response = await fetch(server.url + '/healthz');
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});
