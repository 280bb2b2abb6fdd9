// Helpers for the device layer's browser tests: open the portal with its storage diagnostics
// (Module.aduanStorage, see web/storage.js), wait for a storage state, and read IndexedDB as the
// browser holds it; and, for the end-to-end cases, fill the New report screen through
// the accessibility mirror with real pointer and keyboard input, kill a browser by its pid, and
// bring a server back on the same port.
import { readdirSync, readFileSync } from 'node:fs';
import { launchBrowser } from './harness.mjs';
import { clickByRole } from './ui.mjs';

export const diagnosticsPath = '/?aduan-diagnostics';

// Resolves with Module.aduanStorage once its state is one of `states`.
export async function waitForStorage(page, states = ['ready'], timeout = 30000) {
  try {
    await page.waitForFunction((wanted) => {
      const s = window.Module && window.Module.aduanStorage;
      return !!s && wanted.includes(s.state);
    }, states, { timeout });
  } catch (error) {
    const seen = await page.evaluate(() => JSON.stringify({
      storage: window.Module && window.Module.aduanStorage,
      page: document.readyState, program: typeof window.Module, ran: !!(window.Module && window.Module.calledRun),
      fatal: (document.getElementById('fatal') || {}).textContent,
      interactive: performance.getEntriesByName('aduan-interactive').length > 0 }));
    throw new Error(`storage never reached ${states}: ${seen}`);
  }
  return page.evaluate(() => window.Module.aduanStorage);
}

// A new tab on the portal with diagnostics, storage ready and (by default) sync held, so a
// test sees only the commits it makes.
export async function openPortal(context, url, { holdSync = true, states = ['ready'] } = {}) {
  const page = await context.newPage();
  await page.goto(url + diagnosticsPath);
  await waitForStorage(page, states);
  if (holdSync && states.includes('ready')) {
    await page.evaluate(() => window.Module.aduanStorage.diagnostics.holdSync(true));
    await waitForQuiet(page);
  }
  return page;
}

// Waits until every commit is durable and none came for `quietMs` (the screens write their
// caches at start-up), so a test that counts pages sees its own commits alone.
export async function waitForQuiet(page, quietMs = 500, timeout = 15000) {
  await page.waitForFunction((ms) => {
    const s = window.Module.aduanStorage;
    const now = performance.now();
    const seen = window.__aduanQuiet;
    if (!seen || seen.generation !== s.generation || s.durable !== s.generation) {
      window.__aduanQuiet = { generation: s.generation, since: now };
      return false;
    }
    return now - seen.since >= ms;
  }, quietMs, { timeout, polling: 100 });
}

// Saves `count` sample reports and waits until IndexedDB has them; returns the generation.
export async function saveReports(page, count) {
  return page.evaluate(async (n) => {
    const d = window.Module.aduanStorage.diagnostics;
    const generation = d.saveReports(n);
    if (generation < 0) throw new Error('saving failed');
    await d.waitDurable(generation);
    return generation;
  }, count);
}

// One more report; returns how many pages its IndexedDB transaction wrote.
export async function putsForOneSave(page) {
  return page.evaluate(async () => {
    const s = window.Module.aduanStorage;
    const generation = s.diagnostics.saveReports(1);
    await s.diagnostics.waitDurable(generation);
    const last = s.lastCommit;
    if (last.generation !== generation) throw new Error('the save was merged with another commit');
    return last.puts;
  });
}

// What IndexedDB holds: page numbers and the meta record, read by a separate connection.
export async function readIndexedDb(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('aduan');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['pages', 'meta'], 'readonly');
      const keys = tx.objectStore('pages').getAllKeys();
      const meta = tx.objectStore('meta').get('file');
      tx.oncomplete = () => { db.close(); resolve({ keys: keys.result, meta: meta.result }); };
      tx.onabort = () => reject(tx.error);
    };
  }));
}

export async function relaunch(profileDir) {
  return (await launchBrowser({ profileDir })).context;
}

// ---- The screens, through the accessibility mirror (#a11y) and real input -----------------

// A widget by role and accessible name; resolves with its rectangle once it is on screen.
export async function widget(page, role, name, timeout = 30000) {
  const element = page.locator('#a11y').getByRole(role, { name, exact: true }).first();
  await element.waitFor({ state: 'attached', timeout });
  return element;
}

// Taps the middle of the widget with the mouse, as a person would, once its rectangle has
// settled (lib/ui.mjs).
export async function tap(page, role, name) {
  await widget(page, role, name);
  await clickByRole(page, role, name);
}

export async function typeInto(page, name, text) {
  await tap(page, 'textbox', name);
  await page.waitForFunction(() => document.activeElement &&
    document.activeElement.classList.contains('aduan-text'));
  await page.keyboard.type(text);
}

// Waits for a text anywhere in the mirror (status chips, plain text, names).
export async function waitForText(page, text, timeout = 30000) {
  await page.waitForFunction((t) => {
    const root = document.getElementById('a11y');
    if (!root) return false;
    return [...root.children].some((e) => (e.textContent || '').includes(t) ||
      (e.getAttribute('aria-label') || '').includes(t));
  }, text, { timeout });
}

// Opens the New report form and waits for the catalog's pickers to be filled. First the
// device's storage is ready (a report is saved into it, and a loaded machine opens it late);
// then the form: a tap that reached the home screen while it was still settling is made again
// while the home screen still shows it (three taps at most). A failure says what the screen
// showed.
export async function openReportForm(page) {
  await waitForStorage(page, ['ready'], 60000);
  const home = page.locator('#a11y').getByRole('button', { name: 'Laporan baru', exact: true });
  const region = page.locator('#a11y').getByRole('radio', { name: 'Aceh', exact: true }).first();
  const shows = (timeout) => region.waitFor({ state: 'attached', timeout }).then(() => true, () => false);
  let taps = 0;
  while (taps < 3) {
    await tap(page, 'button', 'Laporan baru');
    taps++;
    if (await shows(20000)) return;
    if (await home.count() === 0) break;  // the form is open; its pickers are late
  }
  if (await shows(40000)) return;
  const shown = await page.evaluate(() => [...document.getElementById('a11y').children]
    .map((e) => e.getAttribute('aria-label') || e.textContent || '').join(' | '));
  throw new Error(`the form's pickers never showed after ${taps} taps; the screen shows: ${shown}`);
}

// Fills the open New report form (wide layout: one page) and taps "Kirim".
export async function sendReport(page, title) {
  await typeInto(page, 'Judul laporan', title);
  await typeInto(page, 'Isi laporan',
    'Lampu penerangan jalan di depan balai desa padam sejak tiga malam; jalan gelap dan rawan.');
  await typeInto(page, 'Wilayah kejadian', 'Indramayu');
  await tap(page, 'radio', 'Kab. Indramayu');
  await tap(page, 'radio', 'Infrastruktur (jalan, jembatan, irigasi)');
  await tap(page, 'radio', 'Tidak tahu (admin akan meneruskan)');
  await tap(page, 'button', 'Kirim');
}

export const savedOnThisDevice = 'Tersimpan di perangkat ini';
// The portal's form is one page on a wide screen; tall enough to need no scrolling.
export const formViewport = { width: 1024, height: 3400 };

// The pid of the browser process started on `profileDir` (not its helpers, which carry
// --type=), read from /proc, so a test can kill exactly that browser and nothing else.
export function browserPid(profileDir) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args;
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;  // gone meanwhile
    }
    if (args.some((a) => a === `--user-data-dir=${profileDir}`) && !args.some((a) => a.startsWith('--type='))) {
      return Number(entry);
    }
  }
  throw new Error(`no browser process for ${profileDir}`);
}

