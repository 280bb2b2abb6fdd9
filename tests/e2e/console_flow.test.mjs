// The officer console end to end, in real browsers against a real aduan-server: a citizen's
// report made offline (server stopped and the browser offline) is synced when both are back;
// a national admin verifies and routes it in another browser; the agency's liaison officer
// follows it up and answers; the scheduler completes it when the reporter stays silent; and the
// citizen sees every step on the report's detail, and the public dashboard counts the case.
// Further tests: an officer action taken offline is kept as pending (also over a reload) and
// sent once when the link is back; the dashboard of an empty period; two officers acting at
// once (the second sees the refusal, the status now and who acted); an ended session; an action
// whose answer is lost, retried with the same action id and recorded once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchBrowser, serverBinary, webRoot, startServer } from './lib/harness.mjs';
import { openPortal } from './lib/ui.mjs';
import { tap, typeInto, choose, waitForText, idOf, waitForId, mirrorText, waitForDescription,
  hasId, mirror }
  from './lib/console_ui.mjs';

const AGENCY = 'kab-32.12-dinkes';
const AGENCY_NAME = 'Dinas Kesehatan Kabupaten Indramayu';
const PASSWORD = 'kata-sandi-uji-123';

function addOfficer(dataDir, username, role, agency) {
  const args = ['officer-add', '--username', username, '--role', role, '--data-dir', dataDir];
  if (agency) args.push('--agency', agency);
  execFileSync(serverBinary, args, { env: { ...process.env, ADUAN_OFFICER_PASSWORD: PASSWORD } });
}


// The password goes into a type=password element and reaches the accessibility copy only as
// asterisks: no DOM node but the input itself ever holds the secret.
async function typePassword(page, id, secret) {
  await tap(page, id);
  await page.waitForFunction(() => document.activeElement &&
    document.activeElement.classList.contains('aduan-text'), null, { timeout: 10000 });
  assert.equal(await page.evaluate(() => document.activeElement.type), 'password');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(secret);
  await page.waitForFunction(([sel, value]) => {
    const el = document.querySelector(sel);
    return el && el.textContent === value;
  }, [mirror(id), '*'.repeat(secret.length)], { timeout: 10000 });
  const exposed = await page.evaluate((text) => Array.from(document.querySelectorAll('body *'))
    .filter((el) => !(el instanceof HTMLInputElement) && !(el instanceof HTMLTextAreaElement))
    .some((el) => el.textContent.includes(text) ||
      Array.from(el.attributes).some((a) => a.value.includes(text))), secret);
  assert.equal(exposed, false, 'the password appears in the page outside its input');
}

async function signIn(page, username) {
  if (!(await hasId(page, 'console.username'))) await tap(page, 'home.officer');
  await typeInto(page, 'console.username', username);
  await typePassword(page, 'console.password', PASSWORD);
  await tap(page, 'console.login');
  await waitForId(page, 'console.logout');
}

// A citizen's report sent online, and a national admin in another browser with its detail
// open: where the offline-action and lost-answer tests start.
async function sentAndOpenedByAdmin(t, title) {
  const server = await startServer();
  addOfficer(server.dataDir, 'admin.nasional', 'national_admin');
  const citizen = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  const officer = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => {
    await citizen.context.close();
    await officer.context.close();
    await server.stop();
  });
  const page = await citizen.context.newPage();
  await openPortal(page, server.url + '/');
  await openForm(page);
  await fillReport(page, title);
  await tap(page, 'receipt.my_reports');
  await waitForText(page, /Semua laporan sudah terkirim/, 60000);
  const admin = await officer.context.newPage();
  await openPortal(admin, server.url + '/');
  await signIn(admin, 'admin.nasional');
  const rowId = await openRow(admin, title);
  return { server, citizen, officer, page, admin, rowId };
}

async function act(page, action, fill) {
  await tap(page, `console.action.${action}`);
  if (fill) await fill();
  await tap(page, 'console.form.submit');
  await waitForText(page, /Tindakan tercatat di server/);
}

async function openRow(page, title) {
  await tap(page, 'console.refresh');
  const id = await idOf(page, 'console.row.', title);
  await tap(page, id);
  // The detail's own line ("Kembali" is on every view of the console, the queue's too).
  await waitForText(page, `Kode: ${id.slice('console.row.'.length)}`);
  return id;
}

// Opens the form once the catalog's pickers are filled (the catalog is then on the device).
async function openForm(page) {
  await tap(page, 'home.new_report');
  await page.locator('#a11y [data-id^="report.region="]').first().waitFor({ state: 'attached', timeout: 30000 });
}

async function fillReport(page, title) {
  await typeInto(page, 'report.title', title);
  await typeInto(page, 'report.body', 'Puskesmas tutup pada jam layanan tiga hari berturut-turut.');
  await choose(page, 'report.region', 'Indramayu', 'Indramayu');
  await typeInto(page, 'report.place', 'Jl. Jenderal Sudirman 12');
  await choose(page, 'report.category', 'Kesehatan', 'Kesehatan');
  // The agency is left as "not sure": routing it is the admin's job.
  await typeInto(page, 'report.contact_name', 'Siti Aminah');
  await typeInto(page, 'report.contact_phone', '081234567890');
  await tap(page, 'report.send');
  await waitForId(page, 'receipt.my_reports');
}

test('a report made offline is synced, handled by officers in other browsers, and tracked by the citizen', async (t) => {
  const first = await startServer();
  const { dataDir, port, url } = first;
  addOfficer(dataDir, 'admin.nasional', 'national_admin');
  addOfficer(dataDir, 'petugas.dinkes', 'liaison_officer', AGENCY);
  let server = first;
  const citizen = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  const officer = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => {
    await citizen.context.close();
    await officer.context.close();
    await server.stop();
  });

  // The citizen opens the portal once online, then loses the link and the server.
  const page = await citizen.context.newPage();
  await openPortal(page, url + '/');
  await openForm(page);
  await first.stop({ keepData: true });
  await citizen.context.setOffline(true);
  const title = 'Puskesmas Sindang tutup saat jam layanan';
  await fillReport(page, title);

  // Back online: the report is delivered.
  server = await startServer({ port, dataDir });  // the page's origin must not change
  await citizen.context.setOffline(false);
  await tap(page, 'receipt.my_reports');
  await waitForText(page, /Semua laporan sudah terkirim/, 60000);

  // A national admin verifies it and routes it to the health office.
  const admin = await officer.context.newPage();
  await openPortal(admin, url + '/');
  await signIn(admin, 'admin.nasional');
  await openRow(admin, title);
  await act(admin, 'verify');
  await act(admin, 'disposition', () => choose(admin, 'console.form.agency', 'Dinas Kesehatan', AGENCY_NAME));
  await tap(admin, 'console.back');
  await tap(admin, 'console.logout');
  await waitForId(admin, 'console.username');

  // The health office's liaison officer follows up and answers.
  await signIn(admin, 'petugas.dinkes');
  await openRow(admin, title);
  await act(admin, 'follow_up', () => typeInto(admin, 'console.form.note', 'Kepala puskesmas sudah dipanggil.'));
  await act(admin, 'respond', () => typeInto(admin, 'console.form.note', 'Jam layanan dipulihkan mulai Senin.'));
  // Exactly the actions of a liaison officer on a responded case: none.
  await waitForText(admin, /Tidak ada tindakan yang dapat Anda lakukan/);

  // The citizen sees the answer.
  const rowId = await idOf(page, 'my_reports.row.', title);
  await tap(page, rowId);
  await tap(page, 'detail.refresh');
  await waitForText(page, /Jam layanan dipulihkan mulai Senin/, 60000);

  // The reporter stays silent: ten working days later the scheduler completes the case.
  const later = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  execFileSync(serverBinary, ['run-scheduler', '--at', later, '--data-dir', dataDir, '--web-root', webRoot]);
  await tap(page, 'detail.refresh');
  await waitForText(page, /Selesai/, 60000);
  const shown = await mirrorText(page);
  for (const step of ['Diverifikasi', 'Diteruskan ke instansi', 'Ditindaklanjuti', 'Ditanggapi', 'Selesai']) {
    assert.match(shown, new RegExp(step), `the citizen's timeline lacks "${step}"`);
  }

  // The public dashboard counts the case: received, followed up and completed, all 100%.
  await tap(admin, 'console.back');
  await tap(admin, 'console.back');
  await tap(admin, 'home.dashboard');
  await waitForText(admin, /Diterima: 1\b/);
  await waitForText(admin, /Ditindaklanjuti: 1 \(100\.0%\)/);
  await waitForText(admin, /Selesai: 1 \(100\.0%\)/);
  await waitForText(admin, new RegExp(`1\\. ${AGENCY_NAME}: 100\\.0% selesai`));
  const month = new Date().getMonth() + 1;
  await waitForText(admin, new RegExp(`Bulan ${month}: diterima 1, selesai 1 \\(100\\.0%\\)`));
});

test('an officer action taken offline waits on the device and is sent once when online', async (t) => {
  const { server, officer, page, admin, rowId } =
    await sentAndOpenedByAdmin(t, 'Lampu jalan padam di Jalan Merdeka');
  const code = rowId.slice('console.row.'.length);
  // The console's page reloads offline from the service worker's copy, kept once it is used.
  await admin.waitForFunction(() => window.aduanProgramKept, null, { timeout: 30000 });
  assert.deepEqual(await admin.evaluate(() => window.aduanProgramKept), { kept: true });
  await officer.context.setOffline(true);
  await tap(admin, 'console.action.verify');
  await tap(admin, 'console.form.submit');
  await waitForText(admin, /disimpan di perangkat ini/);
  await tap(admin, 'console.back');
  await waitForDescription(admin, rowId, /Menunggu dikirim/);
  // Still pending after a reload (of the console's own page): it was kept in the device store.
  await admin.reload();
  await waitForDescription(admin, rowId, /Menunggu dikirim/);

  await officer.context.setOffline(false);
  await waitForDescription(admin, rowId, /^Diverifikasi/, 60000);
  assert.doesNotMatch(await admin.locator(`#a11y [data-id="${rowId}"]`).getAttribute('aria-description'),
    /Menunggu dikirim/);
  // Applied once: the public timeline has one verification.
  const track = await (await fetch(`${server.url}/api/v1/track/${code}`)).json();
  const steps = (track.timeline || []).map((event) => event.status);
  assert.deepEqual(steps.filter((status) => status === 'verified'), ['verified'], JSON.stringify(track));
});

test('the dashboard of a period with no reports shows zeros and no rates', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  await openPortal(page, server.url + '/');
  await tap(page, 'home.dashboard');
  await waitForText(page, /Diterima: 0\b/);
  await waitForText(page, /Ditindaklanjuti: 0 *\n/);
  assert.doesNotMatch(await mirrorText(page), /-%/);
  await waitForText(page, /Rata-rata sampai selesai: - hari/);
  // The chart's twelve months are also in words for screen readers.
  for (const month of [1, 6, 12]) await waitForText(page, new RegExp(`Bulan ${month}: diterima 0`));
});

test('the second of two officers acting at once sees the refusal, the status now and who acted', async (t) => {
  const server = await startServer();
  addOfficer(server.dataDir, 'admin.satu', 'national_admin');
  addOfficer(server.dataDir, 'admin.dua', 'national_admin');
  const citizen = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  const one = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  const two = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => {
    for (const browser of [citizen, one, two]) await browser.context.close();
    await server.stop();
  });
  const page = await citizen.context.newPage();
  await openPortal(page, server.url + '/');
  const title = 'Trotoar rusak di depan pasar';
  await openForm(page);
  await fillReport(page, title);
  await tap(page, 'receipt.my_reports');
  await waitForText(page, /Semua laporan sudah terkirim/, 60000);

  const first = await one.context.newPage();
  const second = await two.context.newPage();
  let rowId = '';
  for (const [officerPage, name] of [[first, 'admin.satu'], [second, 'admin.dua']]) {
    await openPortal(officerPage, server.url + '/');
    await signIn(officerPage, name);
    rowId = await openRow(officerPage, title);
  }
  await act(first, 'verify');
  // The second officer still sees "received" and rejects it.
  await tap(second, 'console.action.reject');
  await typeInto(second, 'console.form.note', 'Laporan tidak jelas.');
  await tap(second, 'console.form.submit');
  await waitForText(second, /Petugas lain sudah bertindak lebih dulu/);
  await waitForText(second, /Status laporan sekarang: Diverifikasi/);
  await waitForText(second, /Langkah terakhir: Verifikasi oleh Admin nasional/);
  // Nothing of the refused action reached the case.
  const track = await (await fetch(`${server.url}/api/v1/track/${rowId.slice('console.row.'.length)}`)).json();
  const steps = (track.timeline || []).map((event) => event.status);
  assert.deepEqual(steps, ['received', 'verified'], JSON.stringify(track));
});

test('a session the server ends brings the officer back to the login with a plain sentence', async (t) => {
  const server = await startServer();
  addOfficer(server.dataDir, 'admin.nasional', 'national_admin');
  const { context } = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  await openPortal(page, server.url + '/');
  await signIn(page, 'admin.nasional');
  // Eight hours are not waited for: the next queue request gets the server's own answer to an
  // expired session (the server's side of expiry is tested with the server).
  await page.route('**/api/v1/officer/reports', (route) => route.fulfill({
    status: 401, contentType: 'application/json',
    body: '{"error":{"code":"officer.session_expired","message":"the session has expired; log in again"}}',
  }));
  await tap(page, 'console.refresh');
  await waitForId(page, 'console.username');
  await waitForText(page, /Sesi Anda telah berakhir/);
  // A reload does not bring the ended session back.
  await page.unroute('**/api/v1/officer/reports');
  await page.reload();
  await waitForId(page, 'console.username');
});

test('an action whose answer is lost is retried with its action id and recorded once', async (t) => {
  const { server, officer, page, admin, rowId } =
    await sentAndOpenedByAdmin(t, 'Saluran air tersumbat di Gang Melati');
  // The first try reaches the server and is applied, but its answer never reaches the page.
  const ids = [];
  let lost = false;
  await admin.route('**/api/v1/officer/actions', async (route) => {
    ids.push(route.request().headers()['x-aduan-action-id']);
    if (lost) return route.continue();
    lost = true;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await act(admin, 'verify');
  assert.equal(ids.length, 2, 'one lost answer, one retry');
  assert.match(ids[0], /^[0-9a-f]{32}$/);
  assert.equal(ids[1], ids[0], 'the retry carries the same action id');
  const track = await (await fetch(`${server.url}/api/v1/track/${rowId.slice('console.row.'.length)}`)).json();
  assert.deepEqual((track.timeline || []).map((event) => event.status), ['received', 'verified']);
});
