// A village official's days offline, in a real browser against a real aduan-server: the
// official signs in once online (the server binds the device), then the server is stopped and
// the browser is offline while the official enters 30 reports for neighbours over three days,
// reloading the page between days and unlocking the mode with the PIN each time (a wrong PIN is
// refused). Then the server comes back behind a link that resets connections and cuts answers
// after the server has acted on them: every report arrives exactly once, attributed by the
// server to the official, with its on-behalf fields and consent; the official's list says each
// was received; an officer's console shows who entered it for whom; the public tracking answer
// names neither person; "/" on the phone lands on the official's page, locked. The official
// serves a district that only the server's catalog holds (not the portal's, every citizen's
// download): the form names it from the area the sign-in handed over. Also: the PIN is kept as a
// PBKDF2 hash, never as typed; one report is anonymous (officers see "warga anonim") and one
// confidential (the public tracking answer does not know it); the home counts the reports and
// bytes waiting; the page is reloaded in the middle of the faulty sync; a report an agency
// answered shows as answered in the official's list; once the admin revokes the phone, its
// status line says so. Every wait is for a state (the mirror, IndexedDB, the relay's counts, the
// server's database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, repoRoot, serverBinary, startServer, waitForLog } from './lib/harness.mjs';
import { openPortal, message } from './lib/ui.mjs';
import { tap, tapAway, typeInto, typeSecret, waitForText, waitForWidget } from './lib/citizen_ui.mjs';
import * as consoleUi from './lib/console_ui.mjs';
import { faultyLink } from './lib/faulty_link.mjs';
import { act, login } from './lib/officer_wire.mjs';

const PASSWORD = 'kata-sandi-uji-123';
const PIN = '731904';
const DAYS = 3;
const PER_DAY = 10;
const ANONYMOUS = 6;  // named, with written consent, but anonymous to the agencies
const CONFIDENTIAL = 9;

function addOfficer(dataDir, username, role, extra = []) {
  execFileSync(serverBinary, ['officer-add', '--username', username, '--role', role,
    '--data-dir', dataDir, ...extra], { env: { ...process.env, ADUAN_OFFICER_PASSWORD: PASSWORD } });
}

function sql(dataDir, query) {
  return execFileSync('sqlite3', ['-readonly', join(dataDir, 'aduan.db'), query],
    { encoding: 'utf8' }).trim();
}

// Who the n-th report is for: named with written consent before a witness, named with spoken
// consent and a phone, or anonymous with consent refused (then no name or phone is kept).
function citizenOf(n) {
  if (n % 3 === 0) return { name: `Pak Warga ${n}`, consent: 'written', witness: `Bu Saksi ${n}` };
  if (n % 3 === 1) {
    return { name: `Ibu Warga ${n}`, phone: `0812${String(100000 + n).padStart(8, '0')}`,
      consent: 'spoken' };
  }
  return { consent: null };
}

async function enterReport(page, n) {
  const citizen = citizenOf(n);
  await tap(page, 'button', message('official.new_report'));
  await typeInto(page, message('form.title'), `Jalan desa rusak, laporan ${n}`);
  await typeInto(page, message('form.body'),
    `Warga melaporkan lubang besar di jalan desa dekat rumah nomor ${n}; kendaraan sulit lewat.`);
  await tap(page, 'radio', 'Infrastruktur (jalan, jembatan, irigasi)');
  await tap(page, 'radio', 'Tidak tahu (admin akan meneruskan)');
  if (citizen.name) {
    await typeInto(page, message('official.citizen_name'), citizen.name);
    if (citizen.phone) await typeInto(page, message('official.citizen_phone'), citizen.phone);
    await tap(page, 'checkbox', message('official.consent_given'));
    await tap(page, 'radio', message(`official.consent_${citizen.consent}`));
    if (citizen.witness) await typeInto(page, message('official.consent_witness'), citizen.witness);
  }
  if (n === ANONYMOUS) await tap(page, 'checkbox', message('form.anonymous'));
  if (n === CONFIDENTIAL) await tap(page, 'checkbox', message('form.confidential'));
  await tapAway(page, 'button', message('form.submit'));  // the receipt replaces the form
  await waitForText(page, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]$/);
  await tap(page, 'button', message('nav.home'));
  await waitForWidget(page, 'button', message('official.new_report'));
}

// How many rows of the official's list show `state`.
async function rowsIn(page, state) {
  return page.evaluate((value) => (window.aduanUi?.nodes() || [])
    .filter((node) => node.row && node.value === value).length, state);
}

// The PIN setting as the browser holds it (the device database's pages in IndexedDB): the first
// PBKDF2 hash found, and whether the PIN appears anywhere else in them; false until it is there.
async function storedPin(page) {
  const handle = await page.waitForFunction((pin) => new Promise((resolve) => {
    const request = indexedDB.open('aduan');
    request.onerror = () => resolve(false);
    request.onsuccess = () => {
      const db = request.result;
      const all = db.transaction('pages', 'readonly').objectStore('pages').getAll();
      all.onsuccess = () => {
        db.close();
        const decoder = new TextDecoder('latin1');
        const text = all.result.map((p) => decoder.decode(p.buffer || p.bytes || p)).join('');
        const hash = /pbkdf2-sha256\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}/.exec(text);
        resolve(hash ? { hash: hash[0], pinInClear: text.split(hash[0]).join('').includes(pin) } : false);
      };
    };
  }), PIN, { timeout: 30000, polling: 250 });
  return handle.jsonValue();
}

// The home's line of what waits: how many reports, about how many bytes, and the bytes this visit
// used (official.bytes), in bytes.
async function waiting(page, reports) {
  const size = '(\\d+(?:\\.\\d)?) (B|KB|MB)';
  const line = await waitForText(page, new RegExp(
    `^${reports} laporan menunggu dikirim \\(sekitar ${size}\\) · terpakai kunjungan ini ${size}$`));
  const [, queued, queuedUnit, used, usedUnit] = line.match(new RegExp(`\\(sekitar ${size}\\).* ${size}$`));
  const bytes = (value, unit) => Number(value) * { B: 1, KB: 1024, MB: 1024 * 1024 }[unit];
  return { queued: bytes(queued, queuedUnit), used: bytes(used, usedUnit) };
}

// Resolves once `done()` (a state outside the page: the relay's counts, the server's database).
async function until(done, what, timeoutMs = 240000) {
  for (const end = Date.now() + timeoutMs; !done();) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function unlock(page) {
  await typeSecret(page, message('official.pin'), PIN);
  await tap(page, 'button', message('official.unlock'));
  await waitForWidget(page, 'button', message('official.new_report'));
}

// The server's catalog: the shipped one and a district of Indramayu with a village, as
// import-regions would add them. The portal's catalog (the web root's, every citizen's download)
// stays the shipped one; the official's device gets the district from the sign-in's answer.
function catalogWithDistrict() {
  const dir = mkdtempSync(join(tmpdir(), 'aduan-catalog-'));
  for (const file of ['agencies.tsv', 'categories.tsv', 'holidays.tsv', 'regions.tsv'])
    copyFileSync(join(repoRoot, 'assets/catalog', file), join(dir, file));
  appendFileSync(join(dir, 'regions.tsv'), '32.12.01\tHaurgeulis\n32.12.01.2001\tSukamaju\n');
  return dir;
}

test('thirty reports over three days offline arrive once each through a faulty link', async (t) => {
  const catalogDir = catalogWithDistrict();
  const serverArgs = ['--catalog-dir', catalogDir];
  let server = await startServer({ args: serverArgs });
  const dataDir = server.dataDir;
  const link = await faultyLink(server.port);
  const { context } = await launchBrowser({ viewport: { width: 1024, height: 3400 } });
  const officer = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => {
    await context.close();
    await officer.context.close();
    await link.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(catalogDir, { recursive: true, force: true });
  });
  addOfficer(dataDir, 'admin.nasional', 'national_admin');
  addOfficer(dataDir, 'kades.sukamaju', 'village_official', ['--region', '32.12.01']);
  const page = await context.newPage();
  // Failed requests are this test's point; what must not happen is a crash of the page.
  const crashes = [];
  page.on('pageerror', (error) => crashes.push(String(error)));

  // Once online: the official signs in on the device, which binds it to them.
  await openPortal(page, link.url + '/');
  await tap(page, 'button', message('nav.settings'));
  await tap(page, 'button', message('official.setup_open'));
  await typeInto(page, message('console.username'), 'kades.sukamaju');
  await typeSecret(page, message('console.password'), PASSWORD);
  await typeSecret(page, message('official.pin'), PIN);
  await typeSecret(page, message('kiosk.pin_again'), PIN);
  // The device registers with the server on its own; its first pull says it holds credentials.
  await waitForLog(server, '/api/v1/events:pull');
  await tap(page, 'button', message('official.sign_in'));
  await waitForWidget(page, 'button', message('official.new_report'));
  assert.match(page.url(), /\/official\.html/);
  await page.waitForFunction(() => window.aduanProgramKept, null, { timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.aduanProgramKept), { kept: true });
  assert.equal(sql(dataDir, 'SELECT count(*) FROM official_devices WHERE revoked_at IS NULL'), '1');
  // The PIN is kept as a slow salted hash, never as typed.
  const pin = await storedPin(page);
  assert.match(pin.hash, /^pbkdf2-sha256\$100000\$/);
  assert.equal(pin.pinInClear, false, 'the PIN in clear in the device database');

  // Three days with no server and no network; the page is reloaded at the start of each.
  await server.stop({ keepData: true });
  await context.setOffline(true);
  for (let day = 0; day < DAYS; day++) {
    await page.reload();
    await waitForWidget(page, 'button', message('official.unlock'));
    if (day === 0) {
      await typeSecret(page, message('official.pin'), '000000');
      await tap(page, 'button', message('official.unlock'));
      await waitForText(page, new RegExp(`^${message('kiosk.pin_wrong')}$`));
    }
    await unlock(page);
    for (let i = 0; i < PER_DAY; i++) await enterReport(page, day * PER_DAY + i);
    await waitForText(page, new RegExp(`(^|\\D)0 dari ${(day + 1) * PER_DAY} laporan`));
  }
  const all = String(DAYS * PER_DAY);
  const before = await waiting(page, all);
  assert.ok(before.queued > 0, JSON.stringify(before));
  // The list: every report saved here; a citizen's slip with the code, the secret and the QR.
  await tap(page, 'button', message('official.entries_count').replace('{1}', String(DAYS * PER_DAY)));
  const row = await waitForText(page, /· Pak Warga 0$/);
  assert.equal(await rowsIn(page, message('official.state_saved')), DAYS * PER_DAY);
  await tap(page, 'button', row);
  await waitForWidget(page, 'img', message('receipt.qr_name'));
  await waitForText(page, new RegExp(`^${row.split(' · ')[0]}$`));
  await waitForWidget(page, 'button', message('receipt.print_58'));
  await page.reload();
  await unlock(page);

  // Back in town: the server again, behind a link that resets and cuts.
  server = await startServer({ dataDir, port: server.port, args: serverArgs });
  link.startFaults();
  await context.setOffline(false);
  // Partway: the server has stored the batch (the link cut its answer) and the phone does not
  // know it yet; the page is reloaded then, and the official unlocks it again.
  await until(() => sql(dataDir, 'SELECT count(*) FROM reports') === all, 'the server stores all');
  const partway = await waitForText(page, new RegExp(`(^|\\D)\\d+ dari ${all} laporan`));
  assert.notEqual(/(\d+) dari/.exec(partway)[1], all, partway);
  await page.reload();
  await unlock(page);
  await waitForText(page, new RegExp(`(^|\\D)${all} dari ${all} laporan`), 240000);
  assert.ok(link.faults().resets > 0 && link.faults().cuts > 0, JSON.stringify(link.faults()));
  const after = await waiting(page, 0);
  assert.ok(after.queued === 0 && after.used > 0, JSON.stringify(after));
  t.diagnostic(`waiting before the sync ${before.queued} B; used after the reload ${after.used} B`);

  await tap(page, 'button', message('official.entries_count').replace('{1}', String(DAYS * PER_DAY)));
  await waitForText(page, /· Pak Warga 0$/);
  assert.equal(await rowsIn(page, message('official.state_acknowledged')), DAYS * PER_DAY);

  const official = sql(dataDir, "SELECT id FROM officers WHERE username = 'kades.sukamaju'");
  assert.equal(sql(dataDir, 'SELECT count(*) FROM reports'), all, 'each report exactly once');
  assert.equal(sql(dataDir,
    `SELECT count(*) FROM reports WHERE channel = 'assisted' AND entered_by = '${official}'`), all);
  // The form named the official's district, which only the server's catalog and the official's
  // area know.
  assert.equal(sql(dataDir, "SELECT count(*) FROM reports WHERE region_code = '32.12.01'"), all);
  const rows = sql(dataDir,
    "SELECT title, coalesce(behalf_name,''), coalesce(behalf_phone,''), consent_given, " +
    "coalesce(consent_method,''), coalesce(consent_witness,'') FROM reports").split('\n');
  for (let n = 0; n < DAYS * PER_DAY; n++) {
    const citizen = citizenOf(n);
    const row = rows.find((r) => r.startsWith(`Jalan desa rusak, laporan ${n}|`));
    assert.ok(row, `report ${n} on the server`);
    const [, name, phone, given, method, witness] = row.split('|');
    assert.deepEqual({ name, phone, given, method: given === '1' ? method : '', witness },
      { name: citizen.name || '', phone: citizen.phone || '', given: citizen.name ? '1' : '0',
        method: citizen.name ? citizen.consent : '', witness: citizen.witness || '' }, `report ${n}`);
  }

  const titled = (column, where) => sql(dataDir, `SELECT ${column} FROM reports WHERE ${where}`);
  assert.equal(titled('title', 'anonymous = 1'), `Jalan desa rusak, laporan ${ANONYMOUS}`);
  assert.equal(titled('title', 'confidential = 1'), `Jalan desa rusak, laporan ${CONFIDENTIAL}`);

  // An officer sees who entered it for whom; the public sees neither person.
  const codeOf = (n) => titled('tracking_code', `title = 'Jalan desa rusak, laporan ${n}'`);
  const code = codeOf(3);
  // Another browser: this one's store belongs to the official's page.
  const desk = await officer.context.newPage();
  await openPortal(desk, link.url + '/');
  await consoleUi.signIn(desk, 'admin.nasional', PASSWORD);
  await consoleUi.tap(desk, 'console.refresh');
  await consoleUi.tap(desk, `console.row.${code}`);
  await consoleUi.waitForText(desk,
    'Dimasukkan oleh kades.sukamaju untuk Pak Warga 3. Persetujuan: tertulis · saksi Bu Saksi 3');
  await consoleUi.tap(desk, 'console.back');
  await consoleUi.tap(desk, `console.row.${codeOf(ANONYMOUS)}`);
  await consoleUi.waitForText(desk, 'Dimasukkan oleh kades.sukamaju untuk warga anonim. ' +
    `Persetujuan: tertulis · saksi Bu Saksi ${ANONYMOUS}`);
  assert.ok(!(await consoleUi.mirrorText(desk)).includes(`Pak Warga ${ANONYMOUS}`));
  link.stopFaults();
  for (const path of [`/api/v1/track/${code}`, `/t/${code}`]) {
    const body = await (await fetch(server.url + path)).text();
    for (const person of ['Warga 3', 'kades', 'Saksi']) {
      assert.ok(!body.includes(person), `${person} in ${path}`);
    }
  }
  for (const path of [`/api/v1/track/${codeOf(CONFIDENTIAL)}`, `/t/${codeOf(CONFIDENTIAL)}`])
    assert.equal((await fetch(server.url + path)).status, 404, `a confidential report at ${path}`);

  // An agency answers report 3; the phone's next pull (each start pulls) makes its row answered.
  addOfficer(dataDir, 'petugas.dinkes', 'liaison_officer', ['--agency', 'kab-32.12-dinkes']);
  const admin = await login(server.url, 'admin.nasional', PASSWORD);
  const liaison = await login(server.url, 'petugas.dinkes', PASSWORD);
  const reportId = titled('lower(hex(id))', 'title = \'Jalan desa rusak, laporan 3\'');
  await act(server.url, admin, { reportId, action: 'verify' });
  await act(server.url, admin, { reportId, action: 'disposition', targetAgency: 'kab-32.12-dinkes' });
  await act(server.url, liaison, { reportId, action: 'follow_up', note: 'Kami tinjau.' });
  assert.equal(await act(server.url, liaison, { reportId, action: 'respond', note: 'Sudah ditambal.' }),
    'responded');
  await page.reload();
  await unlock(page);
  await tap(page, 'button', message('official.entries_count').replace('{1}', all));
  await waitForText(page, /· Pak Warga 0$/);
  const answered = await page.waitForFunction((value) => (window.aduanUi?.nodes() || [])
    .filter((node) => node.row && node.value === value).map((node) => node.name).join('\n') || false,
  message('official.state_answered'), { timeout: 60000 });
  assert.equal(await answered.jsonValue(), `${code} · Pak Warga 3`);
  // The admin revokes the phone, which the phone learns at its next pull (each start pulls): its
  // status says so plainly, not "register again". The phone is the official's all the same: "/"
  // lands on the official's page, locked.
  const binding = sql(dataDir, 'SELECT binding_id FROM official_devices');
  const revoked = await fetch(`${server.url}/api/v1/officer/official-devices/${binding}/revoke`,
    { method: 'POST', headers: { 'X-Aduan-Session': admin } });
  assert.equal(revoked.status, 200, await revoked.text());
  await page.goto(link.url + '/');
  await page.waitForURL(/\/official\.html/);
  await waitForWidget(page, 'button', message('official.unlock'));
  await unlock(page);
  await waitForText(page, new RegExp(`${message('official.revoked').replace(/\./g, '\\.')}$`));
  assert.deepEqual(crashes, []);
});
