// The plain HTML report form (/lapor) in a browser with JavaScript turned off, as on a phone
// whose browser cannot run the portal: the portal's page sends it there; the language link;
// a problem shown beside its field; a report sent with a photo; a double submit and a resubmit
// of the same form making one report (rows read from the server's database); and the same page
// read by a text browser (w3m), for the phones whose browser is little more than that; photos
// over the size cap answered with a page. One server and one page serve those steps. Then: the
// page is one small request (no subresource, few bytes), and a browser without WebAssembly is
// sent to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, webRoot } from './lib/harness.mjs';

function sql(server, query) {
  return execFileSync('sqlite3', [join(server.dataDir, 'aduan.db'), query], { encoding: 'utf8' }).trim();
}

function daysAgo(days) {
  return new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);
}

test('without JavaScript: the form, its problems, a photo, one report for a double submit', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ javaScriptEnabled: false, isMobile: true, viewport: { width: 360, height: 640 } });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();

  // The portal's page cannot run here: its <noscript> sends the browser to the form.
  await page.goto(server.url + '/');
  await page.waitForURL(server.url + '/lapor');
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(server.url + '/lapor?lang=en');
  assert.equal(await page.getByLabel('Title').isVisible(), true);

  const photo = { name: 'road.png', mimeType: 'image/png',
    buffer: readFileSync(join(webRoot, 'assets/icons/icon-192.png')) };
  await page.getByLabel('Title').fill('Broken');
  await page.getByLabel('What happened').fill('A deep hole in the middle of the road since last month.');
  await page.getByLabel('Date of the event').fill(daysAgo(2));
  await page.getByLabel('Region').fill('Indramayu');
  await page.getByLabel('Category').selectOption('infrastruktur');
  await page.getByLabel('Phone number').fill('0812-3456-7890');
  await page.locator('input[name=photo]').setInputFiles(photo);
  await Promise.all([page.waitForURL(server.url + '/lapor?lang=en'), page.getByRole('button', { name: 'Send' }).click()]);

  // The problem beside its field, the rest kept, the photo to choose again; nothing stored.
  await page.locator('#e-title').waitFor();
  assert.match(await page.locator('#e-title').textContent(), /at least 10 characters/);
  assert.equal(await page.getByLabel('Title').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Region').inputValue(), 'Indramayu');
  assert.match(await page.locator('#e-photo').textContent(), /choose them again/);
  assert.equal(sql(server, 'SELECT count(*) FROM reports'), '0');

  const token = await page.locator('input[name=token]').getAttribute('value');
  await page.getByLabel('Title').fill('Broken road in front of SD Negeri 1');
  await page.locator('input[name=photo]').setInputFiles(photo);
  // A double tap: Chromium may send one submit or two (the second replacing the first).
  await page.getByRole('button', { name: 'Send' }).dblclick({ noWaitAfter: true });
  await page.locator('#code').waitFor();
  const code = (await page.locator('#code').textContent()).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  assert.match(await page.locator('body').textContent(), /Photos stored with the report: 1\./);

  // The same form sent once more (back, then Send again): the first report's receipt.
  const again = new FormData();
  for (const [name, value] of Object.entries({ token, started: '1', lang: 'en', classification: 'pengaduan',
    title: 'Broken road in front of SD Negeri 1', body: 'A deep hole in the middle of the road since last month.',
    incident_date: daysAgo(2), region: 'Indramayu', category: 'infrastruktur', contact_phone: '0812-3456-7890' }))
    again.append(name, value);
  again.append('photo', new Blob([photo.buffer], { type: 'image/png' }), 'road.png');
  const resent = await (await fetch(server.url + '/lapor', { method: 'POST', body: again })).text();
  assert.match(resent, /already been sent/);
  assert.ok(resent.includes(`id=code>${code}<`));

  // Every submit with this token that reached the server (the double tap's one or two, and the
  // resend) was answered with the receipt, and there is one report.
  const receipts = server.log().split('\n').filter((l) => l.includes('"method":"POST","path":"/lapor","status":200'));
  assert.ok(receipts.length >= 2, receipts.join('\n'));
  assert.equal(sql(server, 'SELECT count(*) FROM reports'), '1');
  assert.equal(sql(server, "SELECT channel || ' ' || device_id || ' ' || tracking_code FROM reports"), `web lapor ${code}`);
  assert.equal(sql(server, 'SELECT count(*) || ' + "' '" + ' || sum(complete) FROM attachments'), '1 1');

  await page.getByRole('link', { name: 'Track a report' }).click();
  await page.waitForURL(server.url + '/t/' + code);

  // A text browser shows the form's labels and controls in order.
  const dump = execFileSync('w3m', ['-dump', '-cols', '60', server.url + '/lapor?lang=en'], { encoding: 'utf8' });
  for (const label of ['Type of report', 'Title', 'What happened', 'Date of the event', 'Region', 'Category', 'Send'])
    assert.ok(dump.includes(label), `${label} in:\n${dump}`);
  assert.ok(dump.indexOf('Title') < dump.indexOf('Send'));

  // Photos over the form's cap (5 MiB): a page in the form's language with a way back, not JSON.
  await page.goto(server.url + '/lapor?lang=en');
  await page.locator('input[name=photo]').setInputFiles({ name: 'camera.jpg', mimeType: 'image/jpeg',
    buffer: Buffer.alloc(6 * 1024 * 1024, 0xff) });
  await Promise.all([page.waitForURL(server.url + '/lapor?lang=en'), page.getByRole('button', { name: 'Send' }).click()]);
  await page.getByText('The photos are too large to send together').waitFor();
  await page.getByRole('link', { name: 'Make a report' }).click();
  await page.getByLabel('Title').waitFor();
});

// Usable in 3 s on the slow profile (400 kbit/s, 400 ms round trips) without timing anything:
// the page is one request (nothing else to fetch: no script, style sheet, image or frame), and
// its bytes on the wire, headers included, fit in what that link carries in 3 s less two round
// trips (connection and request). The load time itself is the benchmark's (bench/lapor_form.mjs).
test('the form is one small request: no other resource, and its bytes fit 3 s at 400 kbit/s', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ javaScriptEnabled: false, isMobile: true, viewport: { width: 360, height: 640 } });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request));
  const response = await page.goto(server.url + '/lapor?lang=en', { waitUntil: 'load' });
  assert.deepEqual(requests.map((r) => new URL(r.url()).pathname), ['/lapor']);
  for (const selector of ['script', 'link', 'img', 'iframe', 'object', 'embed', 'picture', 'video', 'audio', '[style*="url("]'])
    assert.equal(await page.locator(selector).count(), 0, selector);
  assert.ok(!(await response.text()).includes('url('), 'no resource named in the inline style');
  const sizes = await response.request().sizes();
  const wire = sizes.requestHeadersSize + sizes.requestBodySize + sizes.responseHeadersSize + sizes.responseBodySize;
  const budget = ((3000 - 2 * 400) / 1000) * (400_000 / 8);
  assert.ok(wire <= budget, `${wire} bytes on the wire, over ${budget}`);
  console.log(`[ lapor ] ${wire} B on the wire (${sizes.responseBodySize} B body as sent, ` +
    `${(await response.text()).length} B as HTML): ${(wire * 8 / 400).toFixed(0)} ms at 400 kbit/s plus round trips`);
});

// Chromium 156 ignores V8's --noexpose_wasm, so the page's WebAssembly is taken away before any
// of its scripts runs, as a browser without it would have none.
test('without WebAssembly the portal sends the browser to the plain HTML form', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });
  await context.addInitScript(() => { delete globalThis.WebAssembly; });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.waitForURL(server.url + '/lapor');
  assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined');
  assert.equal(await page.getByLabel('Judul laporan').isVisible(), true);
});
