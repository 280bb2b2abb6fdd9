// The walking skeleton, end to end: aduan-server serves the portal, headless chromium runs the
// WebAssembly program, and the canvas shows the ImGui home screen, its text drawn by the browser
// in the system's UI font (no font file is fetched), and from the atlas it kept when it is
// opened again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchForErrors, waitForInteractive, distinctColours,
  screenshotPixels } from './lib/harness.mjs';

test('the portal boots in the browser and draws its home screen', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });

  const page = await context.newPage();
  const problems = watchForErrors(page);
  const fonts = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'font' || /\.(ttf|otf|woff2?)$/.test(request.url())) fonts.push(request.url());
  });
  const response = await page.goto(server.url + '/');
  assert.equal(response.status(), 200);
  await waitForInteractive(page);
  assert.deepEqual(fonts, [], 'the portal fetches no font file');

  // The atlas was baked from the browser's own font (the family measured), and its glyphs are
  // on screen: the first heading's box holds dark ink on the light background.
  const font = await page.evaluate(() => ({ family: Module.uiFont.family, ratio: Module.uiFont.emPerHeight }));
  assert.equal(font.family, 'system-ui, sans-serif');
  assert.ok(font.ratio > 0.5 && font.ratio < 1.2, `em per line height ${font.ratio}`);
  const heading = await page.locator('#a11y [role="heading"]').first().boundingBox();
  const ink = await darkPixels(page, heading);
  assert.ok(ink > 40, `the heading's text is drawn: ${ink} dark pixels in ${JSON.stringify(heading)}`);

  // The shell hands over to the canvas once the first frame is drawn.
  assert.equal(await page.locator('#shell').isVisible(), false);

  // A drawn UI has many colours (text anti-aliasing, buttons); a blank canvas has one.
  const colours = await distinctColours(page);
  assert.ok(colours > 20, `canvas looks blank: ${colours} distinct colours`);
  assert.deepEqual(problems, []);
});

test('the page\'s own start-up text shows while the program downloads, then the canvas', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(server.url + '/', { waitUntil: 'domcontentloaded' });
  // boot.js has run: its probe gave the canvas a WebGL context, which has drawn nothing yet.
  await page.waitForFunction(() => typeof Module === 'object');
  const title = await page.locator('#shell h1').boundingBox();
  const light = await countPixels(page, title, (r, g, b) => r > 230 && g > 230 && b > 220);
  assert.ok(light.kept > light.of / 2,
    `the shell's title on its page, not under the canvas: ${light.kept} of ${light.of}`);
  release();
  await waitForInteractive(page);
  assert.equal(await page.locator('#shell').isVisible(), false);
  const heading = await page.locator('#a11y [role="heading"]').first().boundingBox();
  assert.ok(await darkPixels(page, heading) > 40, 'the canvas shows the program once it is usable');
  assert.deepEqual(problems, []);
});

test('a page opened again draws its text from the font atlas it kept; a record that differs is rebuilt', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });
  // Each document counts the glyphs the browser is asked to draw.
  await context.addInitScript(() => {
    window.glyphsDrawn = 0;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (...args) {
      window.glyphsDrawn += 1;
      return fillText.apply(this, args);
    };
  });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  const openAndLook = async () => {
    await waitForInteractive(page);
    const heading = await page.locator('#a11y [role="heading"]').first().boundingBox();
    const { pixels } = await screenshotPixels(page, heading);
    return { glyphs: await page.evaluate(() => window.glyphsDrawn), pixels: Buffer.from(pixels) };
  };
  const record = () => page.evaluate(() => {
    const item = localStorage.getItem('aduan.fontAtlas') || '';
    return item.includes('\n') ? JSON.parse(item.slice(0, item.indexOf('\n'))) : null;
  });
  // Changes fields of the kept record, its coverage untouched.
  const rewriteRecord = (change) => page.evaluate((change) => {
    const item = localStorage.getItem('aduan.fontAtlas');
    const at = item.indexOf('\n');
    localStorage.setItem('aduan.fontAtlas',
      JSON.stringify({ ...JSON.parse(item.slice(0, at)), ...change }) + item.slice(at));
  }, change);
  const kept = () => page.waitForFunction(() => (localStorage.getItem('aduan.fontAtlas') || '')
    .startsWith('{"key"'), null, { timeout: 30000 });

  await page.goto(server.url + '/');
  const built = await openAndLook();
  assert.ok(built.glyphs > 300, `the first visit draws every glyph: ${built.glyphs}`);
  await kept();
  assert.equal((await record()).measures.length, 2, 'both fonts (body, heading) are kept');

  await page.reload();
  const again = await openAndLook();
  assert.equal(again.glyphs, 0, 'the kept atlas is used: no glyph is drawn again');
  assert.ok(again.pixels.equals(built.pixels), 'the heading looks the same, pixel for pixel');

  // Same glyphs and sizes but another layout (as after a new version's packing): the glyphs the
  // build deferred are drawn after all.
  await rewriteRecord({ draws: (await record()).draws.replace(/^[^;]*;/, '99;') });
  await page.reload();
  const relaid = await openAndLook();
  assert.ok(relaid.glyphs > 300, `a record of another layout is drawn again: ${relaid.glyphs}`);
  assert.ok(relaid.pixels.equals(built.pixels));

  // The right key and glyphs, but more measurements than the glyphs have: not used (taken, they
  // would lay out wrong glyphs and write past the program's buffer).
  const [glyphs, values] = (await record()).measures[0];
  await rewriteRecord({ measures: [[glyphs, values.concat([1, 2, 3, 4, 5])]] });
  await page.reload();
  const reshaped = await openAndLook();
  assert.ok(reshaped.glyphs > 300, `a record of another shape is built again: ${reshaped.glyphs}`);
  assert.ok(reshaped.pixels.equals(built.pixels));

  await page.evaluate(() => localStorage.setItem('aduan.fontAtlas', 'spoiled'));
  await page.reload();
  const rebuilt = await openAndLook();
  assert.ok(rebuilt.glyphs > 300, `a record that does not read is built again: ${rebuilt.glyphs}`);
  assert.ok(rebuilt.pixels.equals(built.pixels));
  await kept();
  assert.deepEqual(problems, []);
});

// How many pixels of the page's screenshot within `box` pass `keep(r, g, b)`, of how many.
async function countPixels(page, box, keep) {
  const { pixels } = await screenshotPixels(page, box);
  let kept = 0;
  for (let i = 0; i < pixels.length; i += 4) if (keep(pixels[i], pixels[i + 1], pixels[i + 2])) ++kept;
  return { kept, of: pixels.length / 4 };
}

// Those whose brightness is under half.
const darkPixels = async (page, box) =>
  (await countPixels(page, box, (r, g, b) => r + g + b < 384)).kept;

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
