// Kiosk mode in a real browser against a real server: an agency admin sets the device up (from
// the citizen's settings, on into the kiosk's own program, kiosk.html); two citizens one after
// the other (the second finds nothing of the first on screen, in the mirror, in the page's text
// elements, in the tracking cache or in IndexedDB's raw pages once the first report is
// acknowledged); the idle countdown and its reset; leaving refused without an officer or the
// PIN; "/" loaded offline landing back in the kiosk's program; a whole report typed on the
// portal's own keyboard by touch alone, and a key pressed through the accessibility mirror.
// Every wait is for a state (the mirror, IndexedDB, the server's answer, the page's address),
// bounded by the helpers' timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchForErrors, waitForLog } from './lib/harness.mjs';
import { openPortal, message, framesDrawnDuring, mirror } from './lib/ui.mjs';
import { tap, tapAway, typeInto, typeSecret, choose, waitForText, waitForWidget, screenText } from './lib/citizen_ui.mjs';
import { addOfficer, login } from './lib/officer_wire.mjs';

const agency = 'kab-32.12-dinkes';
const office = 'MPP Indramayu';
const password = 'kata-sandi-panjang';
const kiosk = { viewport: { width: 1080, height: 1920 }, hasTouch: true };

// A server with an agency admin, a browser on the portal, the device set up as a kiosk.
async function kioskAt(t, { idleSeconds = 90 } = {}) {
  const server = await startServer();
  addOfficer(server.dataDir, { username: 'admin.mpp', password, role: 'agency_admin', agency });
  const { context } = await launchBrowser(kiosk);
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  await openPortal(page, server.url + '/');
  await tap(page, 'button', message('nav.settings'));
  await tap(page, 'button', message('kiosk.setup_open'));
  await typeInto(page, message('console.username'), 'admin.mpp');
  await typeSecret(page, message('console.password'), password);
  await typeInto(page, message('kiosk.office'), office);
  await typeSecret(page, message('kiosk.pin'), '482913');
  await typeSecret(page, message('kiosk.pin_again'), '482913');
  await typeInto(page, message('kiosk.idle_seconds'), String(idleSeconds));
  // The device registers with the server on its own; its first pull says it holds credentials.
  await waitForLog(server, '/api/v1/events:pull');
  await tap(page, 'button', message('kiosk.activate'));
  await waitForText(page, new RegExp(escape(message('kiosk.welcome').replace('{1}', office))));
  return { server, context, page, problems };
}

function escape(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

// What IndexedDB holds of the database file, every page, searched as bytes for `needles`.
async function pagesHolding(page, needles) {
  return page.evaluate((wanted) => new Promise((resolve, reject) => {
    const request = indexedDB.open('aduan');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const all = db.transaction('pages', 'readonly').objectStore('pages').getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        db.close();
        const text = all.result.map((p) => {
          const bytes = new Uint8Array(p.buffer || p.bytes || p);
          let s = '';
          for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
          return s;
        }).join('');
        resolve({ pages: all.result.length, found: wanted.filter((w) => text.includes(w)) });
      };
    };
  }), needles);
}

async function fillReport(page, title, body) {
  await tap(page, 'button', message('nav.new_report'));
  await typeInto(page, message('form.title'), title);
  await typeInto(page, message('form.body'), body);
  await choose(page, message('form.region'), 'Indramayu', 'Kab. Indramayu');
  await tap(page, 'radio', 'Infrastruktur (jalan, jembatan, irigasi)');
  await tap(page, 'radio', 'Tidak tahu (admin akan meneruskan)');
}

async function receiptCode(page) {
  return waitForText(page, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]$/);
}

test('the second citizen finds nothing of the first once the first report is acknowledged', async (t) => {
  const { server, page, problems } = await kioskAt(t);
  assert.equal(await mirror(page, 'button', message('nav.my_reports')).count(), 0, 'no "Laporan saya" on a kiosk');
  const title = 'Lampu PJU Jalan Siliwangi mati total';
  const body = 'Warga bernama Sumarni melapor: lampu di depan rumah nomor 17 padam sejak Senin.';
  await fillReport(page, title, body);
  await tap(page, 'button', 'Kirim');
  const code = await receiptCode(page);
  await waitForText(page, new RegExp(`^${message('outbox.sent')}$`));  // the server acknowledged it
  await tapAway(page, 'button', message('kiosk.done'));

  // The second citizen arrives: the store's pages, written to IndexedDB, forget the first.
  await page.waitForFunction(async ([needles]) => {
    const found = await new Promise((resolve) => {
      const request = indexedDB.open('aduan');
      request.onsuccess = () => {
        const db = request.result;
        const all = db.transaction('pages', 'readonly').objectStore('pages').getAll();
        all.onsuccess = () => {
          db.close();
          const decoder = new TextDecoder('latin1');
          const text = all.result.map((p) => decoder.decode(p.buffer || p.bytes || p)).join('');
          resolve(needles.some((n) => text.includes(n)));
        };
      };
    });
    return !found;
  }, [[title, 'Sumarni', code]], { timeout: 30000, polling: 250 });
  const pages = await pagesHolding(page, [title, 'Sumarni', code, 'Siliwangi']);
  assert.ok(pages.pages > 0, 'IndexedDB holds the database');
  assert.deepEqual(pages.found, [], 'no page of IndexedDB holds the first report');

  const shown = await screenText(page);
  for (const trace of [title, 'Sumarni', code]) assert.ok(!shown.includes(trace), `the screen shows ${trace}`);
  const mirrorText = await page.locator('#a11y').textContent();
  assert.ok(!mirrorText.includes(title) && !mirrorText.includes(code), 'the mirror holds nothing of it');
  const elements = await page.evaluate(() => [...document.querySelectorAll('.aduan-text')].map((e) => e.value));
  assert.deepEqual(elements.filter((v) => v !== ''), [], 'the page\'s text elements are empty');

  // A new form is empty, and tracking the first code finds no copy on this device.
  await tap(page, 'button', message('nav.new_report'));
  await waitForWidget(page, 'textbox', message('form.title'));
  assert.equal(await mirror(page, 'textbox', message('form.title')).textContent(), '');
  assert.equal(await mirror(page, 'textbox', message('form.body')).textContent(), '');
  await server.stop({ keepData: true });
  await page.context().setOffline(true);
  await tap(page, 'button', message('nav.home'));
  await tap(page, 'button', message('nav.track_code'));
  await typeInto(page, message('track.code_label'), code);
  await tap(page, 'button', message('track.button'));
  await waitForText(page, new RegExp(escape(message('track.offline'))));
  assert.ok(!(await screenText(page)).includes(title));
  assert.deepEqual(problems.filter((p) => !/failed:|ERR_INTERNET_DISCONNECTED|Failed to load/.test(p)), []);
});

test('idle: a countdown, "Saya masih di sini" keeps the form, then a clean start that draws nothing', async (t) => {
  const { page } = await kioskAt(t, { idleSeconds: 10 });
  await tap(page, 'button', message('nav.new_report'));
  await typeInto(page, message('form.title'), 'Trotoar rusak di pasar baru');
  const stillHere = message('kiosk.still_here');
  await waitForWidget(page, 'button', stillHere);
  await waitForText(page, new RegExp(escape(message('kiosk.countdown')).replace('\\{1\\}', '\\d+')));
  await tap(page, 'button', stillHere);
  await page.waitForFunction((name) => !(window.aduanUi.nodes() || []).some((n) => n.name === name), stillHere);
  assert.equal(await mirror(page, 'textbox', message('form.title')).textContent(), 'Trotoar rusak di pasar baru');

  // Nobody answers the next countdown: back to the kiosk's start, the form gone.
  await waitForWidget(page, 'button', stillHere);
  await waitForText(page, new RegExp(escape(message('kiosk.welcome').replace('{1}', office))));
  assert.equal(await mirror(page, 'textbox', message('form.title')).count(), 0);
  // Timers asked for before the reset (the caret's blink, the countdown's next second) end
  // within a second; after them nothing is drawn.
  await framesDrawnDuring(page, 1200);
  assert.equal(await framesDrawnDuring(page, 1500), 0, 'a kiosk with no one in front of it draws nothing');
  await tap(page, 'button', message('nav.new_report'));
  await waitForWidget(page, 'textbox', message('form.title'));
  assert.equal(await mirror(page, 'textbox', message('form.title')).textContent(), '');
});

test('a kiosk is its own program, kept offline, which "/" cannot leave; leaving needs an officer '
  + 'of its agency, or offline the PIN, which locks', async (t) => {
  const { server, page } = await kioskAt(t);
  // Set-up went on in the kiosk's program, and the worker keeps that program from now on.
  assert.equal(new URL(page.url()).pathname, '/kiosk.html');
  await page.waitForFunction(() => window.aduanProgramKept, null, { timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.aduanProgramKept), { kept: true });
  addOfficer(server.dataDir, { username: 'petugas.pupr', password, role: 'liaison_officer', agency: 'kab-32.12-pupr' });
  addOfficer(server.dataDir, { username: 'petugas.dinkes', password, role: 'liaison_officer', agency });
  await tap(page, 'button', message('kiosk.leave'));
  assert.equal(await mirror(page, 'textbox', message('kiosk.pin')).count(), 0, 'online, no PIN');
  await typeInto(page, message('console.username'), 'petugas.dinkes');
  await typeSecret(page, message('console.password'), 'salah-sekali');
  await tap(page, 'button', message('kiosk.officer_leave'));
  await waitForText(page, new RegExp(escape(message('officer.bad_credentials'))));
  await typeInto(page, message('console.username'), 'petugas.pupr');
  await typeSecret(page, message('console.password'), password);
  await tap(page, 'button', message('kiosk.officer_leave'));
  await waitForText(page, new RegExp(escape(message('kiosk.officer_other_agency'))));

  // Offline, a citizen loads "/": the citizen's program (from the worker's cache) sends the
  // page back to the kiosk's, also from the cache.
  await page.context().setOffline(true);
  await page.goto(server.url + '/');
  await page.waitForURL(/\/kiosk\.html$/, { timeout: 30000 });
  await waitForText(page, new RegExp(escape(message('kiosk.welcome').replace('{1}', office))));
  // Then the PIN, three wrong tries, then a lock that refuses even the right PIN.
  await tap(page, 'button', message('kiosk.leave'));
  await waitForWidget(page, 'textbox', message('kiosk.pin'));
  for (let i = 0; i < 3; i++) {
    await typeSecret(page, message('kiosk.pin'), '000000');
    await tap(page, 'button', message('kiosk.pin_leave'));
    await waitForText(page, new RegExp(escape(message('kiosk.pin_wrong'))));
    await page.waitForFunction((pin) => (window.aduanUi.nodes() || [])
      .some((n) => n.role === 'textbox' && n.name === pin && !n.value), message('kiosk.pin'));
  }
  await typeSecret(page, message('kiosk.pin'), '000000');
  await tap(page, 'button', message('kiosk.pin_leave'));
  await waitForText(page, new RegExp(escape(message('kiosk.pin_locked'))));
  await typeSecret(page, message('kiosk.pin'), '482913');
  await tap(page, 'button', message('kiosk.pin_leave'));
  await page.waitForFunction((pin) => (window.aduanUi.nodes() || [])
    .some((n) => n.role === 'textbox' && n.name === pin && !n.value), message('kiosk.pin'));
  await waitForText(page, new RegExp(escape(message('kiosk.pin_locked'))));
  assert.equal(await mirror(page, 'button', message('nav.my_reports')).count(), 0, 'still a kiosk');

  // Online again, an officer of the kiosk's agency lets it go.
  await page.context().setOffline(false);
  await typeInto(page, message('console.username'), 'petugas.dinkes');
  await typeSecret(page, message('console.password'), password);
  await tap(page, 'button', message('kiosk.officer_leave'));
  await waitForWidget(page, 'button', message('nav.my_reports'));
  assert.equal(new URL(page.url()).pathname, '/', 'left for the citizen\'s program');
});

// Taps one key of the portal's keyboard with a finger, once the key is drawn (after shift the
// keys change names for a frame).
async function tapKey(page, name) {
  const handle = await page.waitForFunction((n) => (window.aduanUi.nodes() || [])
    .find((k) => k.key && k.name === n), name, { timeout: 10000 });
  const key = await handle.jsonValue();
  await page.touchscreen.tap(key.x + key.w / 2, key.y + key.h / 2);
}

// Types `text` on the portal's keyboard, key by key, as a citizen would.
async function typeByTouch(page, text) {
  for (const ch of text) {
    if (!'1234567890qwertyuiopasdfghjklzxcvbnm,.-/@?!:\' '.includes(ch)) {
      await tapKey(page, message('kiosk.key_shift'));
    }
    await tapKey(page, ch === ' ' ? message('kiosk.key_space') : ch);
  }
}

test('a whole report typed on the on-screen keyboard by touch alone, and a key pressed through the mirror', async (t) => {
  const { server, page } = await kioskAt(t);
  await tap(page, 'button', message('nav.new_report'), { touch: true });
  const fields = [[message('form.title'), 'Lampu mati di Jl. Melati 7'],
    [message('form.body'), 'Sudah 3 hari gelap, warga takut lewat: mohon diperbaiki!']];
  for (const [name, text] of fields) {
    await tap(page, 'textbox', name, { touch: true });
    await typeByTouch(page, text);
    await page.waitForFunction(([n, v]) => (window.aduanUi.nodes() || [])
      .some((node) => node.role === 'textbox' && node.name === n && node.value === v), [name, text]);
  }
  // A mistake, corrected with the delete key.
  await typeByTouch(page, 'x');
  await tapKey(page, message('kiosk.key_erase'));
  await page.waitForFunction((v) => (window.aduanUi.nodes() || []).some((n) => n.value === v), fields[1][1]);

  await tap(page, 'textbox', message('form.region'), { touch: true });
  await typeByTouch(page, 'indramayu');
  await tap(page, 'radio', 'Kab. Indramayu', { touch: true });
  await tap(page, 'radio', 'Infrastruktur (jalan, jembatan, irigasi)', { touch: true });
  await tap(page, 'radio', 'Tidak tahu (admin akan meneruskan)', { touch: true });
  await tap(page, 'button', 'Kirim', { touch: true });
  const code = await receiptCode(page);
  await waitForText(page, new RegExp(`^${message('outbox.sent')}$`));
  // On the server, as typed, from the kiosk's office (attributed from its binding).
  addOfficer(server.dataDir, { username: 'admin.nasional', password, role: 'national_admin' });
  const session = await login(server.url, 'admin.nasional', password);
  const queue = await (await fetch(`${server.url}/api/v1/officer/queue`, { headers: { 'X-Aduan-Session': session } })).json();
  const row = JSON.stringify(queue).includes(code) &&
    (queue.items || []).find((r) => r.tracking_code === code);
  assert.ok(row, JSON.stringify(queue));
  const detail = await (await fetch(`${server.url}/api/v1/officer/reports/${row.report_id}`,
    { headers: { 'X-Aduan-Session': session } })).json();
  assert.equal(detail.title, 'Lampu mati di Jl. Melati 7');
  assert.equal(detail.body, 'Sudah 3 hari gelap, warga takut lewat: mohon diperbaiki!');
  assert.equal(detail.channel, 'kiosk');
  assert.deepEqual(detail.office, { name: office, agency_id: agency });

  // A screen reader presses keys through the mirror: the last field focused gets them.
  await tapAway(page, 'button', message('kiosk.done'), { touch: true });
  await tap(page, 'button', message('nav.track_code'), { touch: true });
  await tap(page, 'textbox', message('track.code_label'), { touch: true });
  await mirror(page, 'button', 'a').dispatchEvent('click');
  await mirror(page, 'button', 'b').dispatchEvent('click');
  await page.waitForFunction((n) => (window.aduanUi.nodes() || [])
    .some((node) => node.role === 'textbox' && node.name === n && node.value === 'ab'), message('track.code_label'),
  { timeout: 10000 }).catch(async (e) => { throw new Error(`${e.message}\n${await screenText(page)}`); });
  // Big targets: every key at least 48 px square.
  const keys = await page.evaluate(() => window.aduanUi.nodes().filter((n) => n.key));
  assert.ok(keys.length >= 40, `${keys.length} keys`);
  for (const key of keys) assert.ok(key.h >= 48 && key.w >= 48, `${key.name}: ${key.w}x${key.h}`);
});
