// A report that arrived without its region, completed in the officer console, in a real browser
// against a real aduan-server: another system sends an Open311 request with no
// attribute[region_code] (its key made with `aduan-server open311-key`, as an operator would);
// a national admin opens it in the console and sees the notice and no verify; saving with no
// region picked, or while offline, says so and sends nothing; the admin picks Kab. Indramayu and
// saves; the detail names the region, the server offers verify, and the verify is recorded.
// Then a report by SMS (delivered to the generic webhook as a gateway would) arrives with both
// its region and its category pending: the admin sees one notice for both, the region picker
// and the category list and no verify; saving with nothing picked says so; the admin picks Kab.
// Indramayu and Kesehatan and saves once; the detail names both, verify is offered and recorded.
// The server's own JSON confirms each step (details_pending, available_actions, the status).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser, repoRoot, serverBinary, startServer } from './lib/harness.mjs';
import { openPortal } from './lib/ui.mjs';
import { tap, choose, waitForText, waitForId, hasId, idOf, mirror, signIn } from './lib/console_ui.mjs';
import { addOfficer, login } from './lib/officer_wire.mjs';

const PASSWORD = 'kata-sandi-uji-123';
const DESCRIPTION = 'Jembatan kayu di Desa Sukamulya patah, anak sekolah harus memutar jauh.';
const PLACE = 'Jembatan Sungai Cimanuk, Desa Sukamulya';
// The generic SMS webhook's token (aduan-server --sms-inbound-token, 16 characters or more).
const SMS_TOKEN = 'token-gateway-uji-0123456789';
// No #hint, so the category is pending too; the @hint is the place the detail shows.
const SMS_TEXT = 'LAPOR @Sukamulya Jembatan kayu di desa kami patah, anak sekolah harus memutar jauh.';

// A key for another system, printed once by the operator's command as one line of JSON.
function open311Key(dataDir) {
  const line = execFileSync(serverBinary, ['open311-key', '--name', 'Uji', '--data-dir', dataDir,
    '--catalog-dir', join(repoRoot, 'assets/catalog')], { encoding: 'utf8', timeout: 30000,
    stdio: ['ignore', 'pipe', 'pipe'] });  // stderr: the operator's reminder to keep it safe
  return JSON.parse(line.trim()).api_key;
}

// An Open311 service request with no attribute[region_code]: stored with its region pending.
async function postWithoutRegion(url, apiKey) {
  const response = await fetch(`${url}/open311/v2/requests.json`, {
    method: 'POST',
    body: new URLSearchParams({ api_key: apiKey, service_code: 'infrastruktur', description: DESCRIPTION,
      address_string: PLACE, first_name: 'Budi', last_name: 'Santoso', phone: '081234567890' }),
    signal: AbortSignal.timeout(30000),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  const [created] = JSON.parse(text);
  assert.match(created.service_request_id, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  return created.service_request_id;
}

// A text a citizen sent, as an SMS gateway delivers it: a report with its region and category
// pending (docs/sms.md).
async function sendSms(url) {
  const response = await fetch(`${url}/api/v1/sms/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SMS_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'gw-1', from: '+6281234567001', text: SMS_TEXT,
      received_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }),
    signal: AbortSignal.timeout(30000),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  const answer = JSON.parse(text);
  assert.equal(answer.status, 'report', text);
  return answer.tracking_code;
}

// The report's detail as the console reads it (GET /api/v1/officer/reports/<id>).
async function serverDetail(url, session, reportId) {
  const response = await fetch(`${url}/api/v1/officer/reports/${reportId}`,
    { headers: { 'X-Aduan-Session': session }, signal: AbortSignal.timeout(30000) });
  assert.equal(response.status, 200);
  return response.json();
}

async function reportIdOf(url, session, trackingCode) {
  const response = await fetch(`${url}/api/v1/officer/queue?limit=50`,
    { headers: { 'X-Aduan-Session': session }, signal: AbortSignal.timeout(30000) });
  assert.equal(response.status, 200);
  const row = (await response.json()).items.find((item) => item.tracking_code === trackingCode);
  assert.ok(row, `${trackingCode} is not in the admin's queue`);
  return row.report_id;
}

const actionsOf = (detail) => detail.available_actions.map((item) => item.action);

// The national admin's console in a new page of `officer`'s browser, the report `code` opened.
async function openInConsole(officer, url, code) {
  const page = await officer.context.newPage();
  await openPortal(page, `${url}/console.html`);
  await signIn(page, 'admin.nasional', PASSWORD);
  await tap(page, `console.row.${code}`);
  await waitForText(page, `Kode: ${code}`);
  return page;
}

// Verifies the open report in the console; returns the server's detail once it says verified.
async function verifyInConsole(page, url, session, reportId) {
  await tap(page, 'console.action.verify');
  await tap(page, 'console.form.submit');
  await waitForText(page, /Tindakan tercatat di server/);
  await waitForText(page, /Diverifikasi/);
  const verified = await serverDetail(url, session, reportId);
  assert.equal(verified.status, 'verified');
  return verified;
}

test('a report from Open311 without a region: the admin completes the region, then verifies it', async (t) => {
  const server = await startServer();
  let officer = null;
  t.after(async () => {  // registered at once: a failed step before the browser still stops the server
    if (officer) await officer.context.close();
    await server.stop();
  });
  const { url, dataDir } = server;
  addOfficer(dataDir, { username: 'admin.nasional', password: PASSWORD, role: 'national_admin' });
  const code = await postWithoutRegion(url, open311Key(dataDir));
  officer = await launchBrowser({ viewport: { width: 900, height: 1400 } });

  // The server holds it with the region pending and does not offer verify.
  const session = await login(url, 'admin.nasional', PASSWORD);
  const reportId = await reportIdOf(url, session, code);
  const before = await serverDetail(url, session, reportId);
  assert.deepEqual(before.details_pending, ['region']);
  assert.equal(before.region_code, '');
  assert.ok(!actionsOf(before).includes('verify'), `verify offered: ${actionsOf(before)}`);

  const page = await openInConsole(officer, url, code);

  // The notice, the picker and the button; the server's actions (reject, hold) without verify.
  await waitForText(page, /Wilayah laporan ini belum diisi: laporan datang dari sistem lain\. Lengkapi wilayahnya sebelum memverifikasi\./);
  await waitForId(page, 'console.details.region.search');
  await waitForId(page, 'console.details.save');
  await waitForId(page, 'console.action.reject');
  assert.equal(await hasId(page, 'console.action.verify'), false, 'verify is offered while the region is pending');

  // Nothing picked: said on the screen, nothing sent.
  await tap(page, 'console.details.save');
  await waitForText(page, /Pilih wilayah dari daftar terlebih dahulu\./);

  // Offline: said plainly, nothing queued.
  await choose(page, 'console.details.region', 'Indramayu', 'Kab. Indramayu');
  await officer.context.setOffline(true);
  await waitForText(page, /Anda luring\. Wilayah hanya dapat disimpan saat tersambung ke server/);
  await tap(page, 'console.details.save');
  await page.waitForFunction(() => [...document.querySelectorAll('#a11y [role="alert"]')]
    .some((el) => /Anda luring/.test(`${el.getAttribute('aria-label') || ''} ${el.textContent || ''}`)),
  null, { timeout: 30000 });
  assert.deepEqual((await serverDetail(url, session, reportId)).details_pending, ['region']);
  await officer.context.setOffline(false);
  // Back online: the offline line goes (the refusal above it stays until the next try).
  await page.waitForFunction(() => ![...document.querySelectorAll('#a11y [data-id]:not([role="alert"])')]
    .some((el) => /Wilayah hanya dapat disimpan/.test(`${el.getAttribute('aria-label') || ''} ${el.textContent || ''}`)),
  null, { timeout: 30000 });

  // Online: saved; the detail names the region and the server now offers verify.
  await tap(page, 'console.details.save');
  await waitForText(page, /Wilayah laporan tersimpan\./);
  await waitForText(page, `Kab. Indramayu · ${PLACE}`);
  await waitForId(page, 'console.action.verify');
  assert.equal(await hasId(page, 'console.details.save'), false, 'the picker stays after the region is saved');
  const saved = await serverDetail(url, session, reportId);
  assert.deepEqual(saved.details_pending, []);
  assert.equal(saved.region_code, '32.12');
  assert.ok(actionsOf(saved).includes('verify'), `verify not offered: ${actionsOf(saved)}`);

  const verified = await verifyInConsole(page, url, session, reportId);
  assert.equal(verified.region_code, '32.12');
});

test('a report by SMS without region and category: the admin completes both in one save, then verifies it', async (t) => {
  const server = await startServer({ args: ['--sms-inbound-token', SMS_TOKEN] });
  let officer = null;
  t.after(async () => {
    if (officer) await officer.context.close();
    await server.stop();
  });
  const { url, dataDir } = server;
  addOfficer(dataDir, { username: 'admin.nasional', password: PASSWORD, role: 'national_admin' });
  const code = await sendSms(url);
  officer = await launchBrowser({ viewport: { width: 900, height: 1400 } });

  const session = await login(url, 'admin.nasional', PASSWORD);
  const reportId = await reportIdOf(url, session, code);
  const before = await serverDetail(url, session, reportId);
  assert.equal(before.channel, 'sms');
  assert.deepEqual(before.details_pending, ['region', 'category']);
  assert.equal(before.region_code, '');
  assert.equal(before.category_id, '');
  assert.ok(!actionsOf(before).includes('verify'), `verify offered: ${actionsOf(before)}`);

  const page = await openInConsole(officer, url, code);

  // One notice for both, both pickers, one button for both; no verify.
  await waitForText(page, /Wilayah dan kategori belum diisi/);
  await waitForText(page, /Wilayah dan kategori laporan ini belum diisi: laporan datang lewat SMS atau dari sistem lain\. Lengkapi keduanya sebelum memverifikasi\./);
  await waitForId(page, 'console.details.region.search');
  await waitForId(page, 'console.details.category');
  await waitForText(page, /Simpan wilayah dan kategori/);
  await waitForId(page, 'console.action.reject');
  assert.equal(await hasId(page, 'console.action.verify'), false, 'verify is offered while region and category are pending');

  // Nothing picked: said on the screen, nothing sent.
  await tap(page, 'console.details.save');
  await waitForText(page, /Pilih wilayah, kategori, atau keduanya dari daftar terlebih dahulu\./);
  assert.deepEqual((await serverDetail(url, session, reportId)).details_pending, ['region', 'category']);

  // Both picked, one save.
  await choose(page, 'console.details.region', 'Indramayu', 'Kab. Indramayu');
  const health = await idOf(page, 'console.details.category#', 'Kesehatan');
  await tap(page, health);
  await page.locator(`${mirror(health)}[aria-checked="true"]`).waitFor({ state: 'attached', timeout: 30000 });
  await tap(page, 'console.details.save');
  await waitForText(page, /Wilayah dan kategori laporan tersimpan\./);
  await waitForText(page, 'Kab. Indramayu · Sukamulya');
  await waitForId(page, 'console.action.verify');
  assert.equal(await hasId(page, 'console.details.save'), false, 'the pickers stay after both are saved');
  assert.equal(await hasId(page, 'console.details.category'), false, 'the category list stays after it is saved');
  await waitForText(page, /Kesehatan/);
  const saved = await serverDetail(url, session, reportId);
  assert.deepEqual(saved.details_pending, []);
  assert.equal(saved.region_code, '32.12');
  assert.equal(saved.category_id, 'kesehatan');
  assert.ok(actionsOf(saved).includes('verify'), `verify not offered: ${actionsOf(saved)}`);

  const verified = await verifyInConsole(page, url, session, reportId);
  assert.equal(verified.category_id, 'kesehatan');
});
