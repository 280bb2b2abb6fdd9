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

test('the server answers /healthz', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const response = await fetch(server.url + '/healthz');
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});
