// The plain HTML report form (/lapor) in a browser with JavaScript turned off, as on a phone
// whose browser cannot run the portal: the portal's page sends it there; the language link;
// a problem shown beside its field; a report sent with a photo; a double submit and a resubmit
// of the same form making one report (rows read from the server's database); and the same page
// read by a text browser (w3m), for the phones whose browser is little more than that.
// One server and one page serve every step.
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
  await Promise.all([page.waitForURL(server.url + '/lapor'), page.getByRole('button', { name: 'Send' }).click()]);

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
  assert.match(await page.locator('body').textContent(), /1 photos are stored/);

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
});
