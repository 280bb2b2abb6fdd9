// Kiosk mode in a real browser against a real server: an agency admin sets the device up (from
// the citizen's settings, on into the kiosk's own program, kiosk.html; the idle time offered is
// the office's default, 90 s); two citizens one after the other (the second finds nothing of the
// first on screen, in the mirror, in the page's text elements, on the clipboard, in the tracking
// cache or in IndexedDB's raw pages, photo included, once the first report is acknowledged); no
// settings, outbox, claim or console on a kiosk; the PIN stored only as its PBKDF2 hash; the idle
// countdown (shown only in its last seconds) and its reset, which takes the draft out of
// IndexedDB; leaving refused without an officer or the PIN, and allowed offline with the PIN;
// "/" loaded offline landing back in the kiosk's program; a whole report typed on the portal's
// own keyboard by touch alone (shifted symbols included), and keys, shift and delete pressed
// through the accessibility mirror.
// Every wait is for a state (the mirror, IndexedDB, the server's answer, the page's address),
// bounded by the helpers' timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchForErrors } from './lib/harness.mjs';
import { message, framesDrawnDuring, mirror } from './lib/ui.mjs';
import {
  tap, tapAway, typeInto, typeSecret, choose, waitForText, waitForWidget, screenText, noiseJpeg,
} from './lib/citizen_ui.mjs';
import { addOfficer, login } from './lib/officer_wire.mjs';
import { setUpKiosk, kioskWelcome, escapeRegExp as escape, kioskAgency as agency, kioskOffice as office,
  kioskPassword as password, kioskPin } from './lib/kiosk_ui.mjs';

const kiosk = { viewport: { width: 1080, height: 1920 }, hasTouch: true };

// A server with an agency admin, a browser on the portal, the device set up as a kiosk.
async function kioskAt(t, { idleSeconds = 90 } = {}) {
  const server = await startServer();
  const { context } = await launchBrowser(kiosk);
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  const { offeredIdle } = await setUpKiosk(page, server, { idleSeconds });
  return { server, context, page, problems, offeredIdle };
}

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

// Waits until no page of IndexedDB holds any of `needles` (the store's pages are written after
// the commit that zeroed them), or with `held` until one holds one of them; then says what the
// pages hold of them.
async function pagesForget(page, needles, { held = false } = {}) {
  await page.waitForFunction(async ([wanted, want]) => {
    const found = await new Promise((resolve) => {
      const request = indexedDB.open('aduan');
      request.onsuccess = () => {
        const db = request.result;
        const all = db.transaction('pages', 'readonly').objectStore('pages').getAll();
        all.onsuccess = () => {
          db.close();
          // Byte for byte (TextDecoder's 'latin1' is windows-1252), as pagesHolding reads them.
          const text = all.result.map((p) => {
            const bytes = new Uint8Array(p.buffer || p.bytes || p);
            let s = '';
            for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
            return s;
          }).join('');
          resolve(wanted.some((n) => text.includes(n)));
        };
      };
    });
    return found === want;
  }, [needles, held], { timeout: 30000, polling: 250 }).catch(() => {});
  return pagesHolding(page, needles);
}

// What a kiosk must never offer a citizen: other people's reports, the device's settings and
// outbox, a claim (it would keep a report on the shared device), the officers' console.
async function forbiddenOnScreen(page) {
  const names = ['nav.my_reports', 'nav.settings', 'nav.outbox', 'claim.title', 'console.entry', 'dashboard.entry']
    .map((key) => message(key));
  return page.evaluate((wanted) => (window.aduanUi.nodes() || []).map((n) => n.name)
    .filter((name) => wanted.includes(name)), names);
}

// A small photo of noise, made by the browser; its JPEG bytes are re-encoded before the program
// gets them, so the test reads slices of what the program got (at the bridge) to look for later.
async function attachPhoto(page) {
  await page.evaluate(() => {
    const photo = window.Module.aduanNative.photo;
    window.Module.aduanNative.photo = (id, bytes, mediaType, width, height, error) => {
      window.photoSlices = [1000, 3000, 6000].map((at) => String.fromCharCode(...bytes.subarray(at, at + 48)));
      photo(id, bytes, mediaType, width, height, error);
    };
  });
  const jpeg = await noiseJpeg(page, 320, 240, 0.9);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, 'button', message('form.add_photo'))]);
  await chooser.setFiles({ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await waitForText(page, new RegExp('^' + escape(message('form.attachment_photo').replace('{1}', '1').replace('{2}', ''))));
  return page.evaluate(() => window.photoSlices);
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

test('the second citizen finds nothing of the first once the first report is acknowledged; the '
  + 'kiosk offers no settings, console or claim, keeps its PIN hashed, and lets go offline with it', async (t) => {
  const { server, page, problems, offeredIdle } = await kioskAt(t);
  assert.equal(offeredIdle, '90', 'the office\'s default idle time');
  assert.deepEqual(await forbiddenOnScreen(page), [], 'a kiosk offers none of these');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const title = 'Lampu PJU Jalan Siliwangi mati total';
  const body = 'Warga bernama Sumarni melapor: lampu di depan rumah nomor 17 padam sejak Senin.';
  await fillReport(page, title, body);
  const photo = await attachPhoto(page);
  // The photo's upload waits until the test has seen its bytes in IndexedDB's pages (a sent
  // photo's bytes are deleted at once): so the search below is shown to find them.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const upload = (url) => /\/api\/v1\/reports\/[^/]+\/attachments\//.test(url.pathname);
  await page.route(upload, async (route) => { await held; await route.continue(); });
  await tap(page, 'button', 'Kirim');
  const code = await receiptCode(page);
  assert.ok((await pagesForget(page, photo, { held: true })).found.length > 0, 'the photo is in IndexedDB before the reset');
  release();
  await waitForText(page, new RegExp(`^${message('outbox.sent')}$`));  // the server acknowledged it
  // The citizen copied the code (the kiosk offers no copy button; the system's copy does).
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await tapAway(page, 'button', message('kiosk.done'));

  // The second citizen arrives: the store's pages, written to IndexedDB, forget the first; the
  // PIN is there only as its slow salted hash.
  const pages = await pagesForget(page, [title, 'Sumarni', code, 'Siliwangi', ...photo]);
  assert.ok(pages.pages > 0, 'IndexedDB holds the database');
  assert.deepEqual(pages.found, [], 'no page of IndexedDB holds the first report or its photo');
  assert.deepEqual((await pagesHolding(page, [kioskPin, 'pbkdf2-sha256$100000$'])).found, ['pbkdf2-sha256$100000$'],
    'the PIN is kept as a PBKDF2 hash, never as typed');
  assert.ok(!(await page.evaluate(() => navigator.clipboard.readText())).includes(code), 'the clipboard forgot the code');

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
  assert.deepEqual(await forbiddenOnScreen(page), [], 'nor does its form');
  await server.stop({ keepData: true });
  await page.context().setOffline(true);
  await tap(page, 'button', message('nav.home'));
  await tap(page, 'button', message('nav.track_code'));
  await typeInto(page, message('track.code_label'), code);
  await tap(page, 'button', message('track.button'));
  await waitForText(page, new RegExp(escape(message('track.offline'))));
  assert.ok(!(await screenText(page)).includes(title));

  // Offline, with no server to ask for an officer, the right PIN lets the kiosk go: the
  // citizen's program, from the worker's cache.
  await tap(page, 'button', message('nav.home'));
  await tap(page, 'button', message('kiosk.leave'));
  await typeSecret(page, message('kiosk.pin'), kioskPin);
  await tap(page, 'button', message('kiosk.pin_leave'));
  await waitForWidget(page, 'button', message('nav.my_reports'));
  assert.equal(new URL(page.url()).pathname, '/', 'left for the citizen\'s program');
  assert.ok((await forbiddenOnScreen(page)).length >= 4, 'the citizen\'s home offers what a kiosk hid');
  assert.deepEqual(problems.filter((p) => !/failed:|ERR_INTERNET_DISCONNECTED|Failed to load/.test(p)), []);
});

test('idle: a countdown, "Saya masih di sini" keeps the form, then a clean start that draws nothing', async (t) => {
  const { page } = await kioskAt(t, { idleSeconds: 10 });
  await tap(page, 'button', message('nav.new_report'));
  const draft = 'Trotoar rusak di pasar baru';
  await typeInto(page, message('form.title'), draft);
  const stillHere = message('kiosk.still_here');
  // Just typed: 10 s of quiet to go, the countdown only in the last 6.
  assert.equal(await mirror(page, 'button', stillHere).count(), 0, 'no countdown before its last seconds');
  // The draft is saved as it is typed: in IndexedDB's pages until the reset.
  await page.waitForFunction(async (text) => new Promise((resolve) => {
    indexedDB.open('aduan').onsuccess = (e) => {
      const db = e.target.result;
      db.transaction('pages', 'readonly').objectStore('pages').getAll().onsuccess = (r) => {
        db.close();
        const decoder = new TextDecoder('latin1');
        resolve(r.target.result.some((p) => decoder.decode(p.buffer || p.bytes || p).includes(text)));
      };
    };
  }), draft, { timeout: 10000, polling: 200 });
  await waitForWidget(page, 'button', stillHere);
  await waitForText(page, new RegExp(escape(message('kiosk.countdown')).replace('\\{1\\}', '\\d+')));
  await tap(page, 'button', stillHere);
  await page.waitForFunction((name) => !(window.aduanUi.nodes() || []).some((n) => n.name === name), stillHere);
  assert.equal(await mirror(page, 'textbox', message('form.title')).textContent(), draft);

  // Nobody answers the next countdown: back to the kiosk's start, the form gone.
  await waitForWidget(page, 'button', stillHere);
  await waitForText(page, kioskWelcome());
  assert.equal(await mirror(page, 'textbox', message('form.title')).count(), 0);
  assert.deepEqual((await pagesForget(page, [draft])).found, [], 'the draft\'s text is gone from IndexedDB');
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
  await waitForText(page, kioskWelcome());
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
    [message('form.body'), 'Sudah 3 hari gelap (sejak "Senin"); warga takut lewat: mohon [segera] diperbaiki!']];
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
  assert.equal(detail.body, fields[1][1]);
  assert.equal(detail.channel, 'kiosk');
  assert.deepEqual(detail.office, { name: office, agency_id: agency });

  // A screen reader presses keys through the mirror: the last field focused gets them.
  await tapAway(page, 'button', message('kiosk.done'), { touch: true });
  await tap(page, 'button', message('nav.track_code'), { touch: true });
  await tap(page, 'textbox', message('track.code_label'), { touch: true });
  await mirror(page, 'button', 'a').dispatchEvent('click');
  await mirror(page, 'button', 'b').dispatchEvent('click');
  const codeHolds = (value) => page.waitForFunction(([n, v]) => (window.aduanUi.nodes() || [])
    .some((node) => node.role === 'textbox' && node.name === n && node.value === v), [message('track.code_label'), value],
  { timeout: 10000 }).catch(async (e) => { throw new Error(`${e.message}\n${await screenText(page)}`); });
  await codeHolds('ab');
  // Shift and delete too: shift renames the keys, "C" types a capital, delete takes it back.
  await mirror(page, 'button', message('kiosk.key_shift')).dispatchEvent('click');
  await waitForWidget(page, 'button', 'C');
  await mirror(page, 'button', 'C').dispatchEvent('click');
  await codeHolds('abC');
  await mirror(page, 'button', message('kiosk.key_erase')).dispatchEvent('click');
  await codeHolds('ab');
  // Big targets: every key at least 48 px square.
  const keys = await page.evaluate(() => window.aduanUi.nodes().filter((n) => n.key));
  assert.ok(keys.length >= 40, `${keys.length} keys`);
  for (const key of keys) assert.ok(key.h >= 48 && key.w >= 48, `${key.name}: ${key.w}x${key.h}`);
});
