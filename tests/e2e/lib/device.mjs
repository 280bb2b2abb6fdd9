// Helpers for the device layer's browser tests: open the portal with its storage diagnostics
// (Module.aduanStorage, see web/storage.js), wait for a storage state, and read IndexedDB as the
// browser holds it. Nothing here knows the screens.
import { launchBrowser } from './harness.mjs';

export const diagnosticsPath = '/?aduan-diagnostics';

// Resolves with Module.aduanStorage once its state is one of `states`.
export async function waitForStorage(page, states = ['ready'], timeout = 30000) {
  await page.waitForFunction((wanted) => {
    const s = window.Module && window.Module.aduanStorage;
    return !!s && wanted.includes(s.state);
  }, states, { timeout });
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
