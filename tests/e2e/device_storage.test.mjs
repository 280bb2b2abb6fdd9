// The device layer's storage in a real browser: the SQLite page VFS over IndexedDB
// (shell/device/page_vfs*.cpp, web/storage.js). Driven through Module.aduanStorage and its
// diagnostics (sample reports saved as the New report screen saves them), so these tests do not
// depend on the screens. What they prove:
//   - a save writes only the pages it dirtied, as few after 2,000 reports as after 100;
//   - what was reported durable is there after a reload and after a browser restart;
//   - a failed IndexedDB transaction is a storage error, never "saved", and is written later;
//   - a second tab waits for the first, then takes over with the first one's data;
//   - a VACUUM that shrinks the file deletes the pages past its new end;
//   - without Web Locks it still works in one tab and says so; without IndexedDB it fails
//     with the reason;
//   - the export of unsent reports is one JSON file with everything the citizen typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './lib/harness.mjs';
import { openPortal, waitForStorage, saveReports, putsForOneSave, readIndexedDb, relaunch }
  from './lib/device.mjs';

async function setUp(t) {
  const server = await startServer();
  // A profile on disk: one test restarts the browser on it; the 2,000 reports need a real quota.
  const browser = await launchBrowser({ ownProfile: true });
  const state = { context: browser.context };
  t.after(async () => { await state.context.close(); await server.stop(); });
  return { server, profileDir: browser.profileDir, state };
}

test('a save writes only its dirty pages, as few after 2,000 reports as after 100', async (t) => {
  const { server, state } = await setUp(t);
  const page = await openPortal(state.context, server.url);

  await saveReports(page, 100);
  const early = [];
  for (let i = 0; i < 20; ++i) early.push(await putsForOneSave(page));
  await saveReports(page, 1880);
  const late = [];
  for (let i = 0; i < 20; ++i) late.push(await putsForOneSave(page));

  const info = await page.evaluate(() => window.Module.aduanStorage);
  const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
  assert.ok(info.pages > 300, `the file should have grown: ${info.pages} pages`);
  // One report touches a handful of B-tree leaves (reports, outbox, indexes) and the header;
  // now and then a leaf splits and its parent changes too. Never a share of the file.
  assert.ok(median(early) <= 16, `puts after 100: ${early}`);
  assert.ok(median(late) <= median(early) + 2, `puts after 100: ${early}; after 2,000: ${late}`);
  assert.ok(Math.max(...late) * 10 < info.pages, `puts after 2,000: ${late} of ${info.pages} pages`);
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 2020);
});

test('what was durable survives a reload and a browser restart', async (t) => {
  const { server, profileDir, state } = await setUp(t);
  let page = await openPortal(state.context, server.url);
  const generation = await saveReports(page, 7);

  await page.reload();
  const reloaded = await waitForStorage(page);
  assert.ok(reloaded.durable >= generation, `${reloaded.durable} < ${generation}`);  // + the screens' own
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 7);

  await state.context.close();
  state.context = await relaunch(profileDir);
  page = await openPortal(state.context, server.url);
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 7);
  const stored = await readIndexedDb(page);
  assert.ok(stored.meta.generation >= generation, JSON.stringify(stored.meta));
  assert.equal(stored.keys.length, Math.ceil(stored.meta.size / 4096));

  // Headless chromium refuses persistence; the estimate is what the browser says.
  const info = await page.evaluate(() => window.Module.aduanStorage);
  assert.ok(['granted', 'refused'].includes(info.persistence), info.persistence);
  assert.ok(info.estimate.quota > 0, JSON.stringify(info.estimate));
});

test('a failed IndexedDB transaction is an error, not "saved", and is written later', async (t) => {
  const { server, state } = await setUp(t);
  const page = await openPortal(state.context, server.url);
  await saveReports(page, 2);

  const failed = await page.evaluate(async () => {
    // The next transaction fails inside the browser: its first write becomes an add() of a
    // key that exists, whose ConstraintError aborts the whole transaction, as a full disk would.
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value) {
      IDBObjectStore.prototype.put = put;
      return this.add(value, 0);
    };
    const s = window.Module.aduanStorage;
    const generation = s.diagnostics.saveReports(1);
    const outcome = await s.diagnostics.waitDurable(generation).then(() => 'durable', (e) => e.message);
    return { generation, outcome, durable: s.durable, error: s.error, failures: s.failures };
  });
  assert.match(failed.outcome, /IndexedDB/);
  assert.ok(failed.durable < failed.generation, JSON.stringify(failed));
  assert.match(failed.error, /ConstraintError/);

  // The services write the owed pages again on their own (a retry timer), then all is durable.
  await page.waitForFunction((g) => window.Module.aduanStorage.durable >= g, failed.generation,
    { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.error), '');
  await page.reload();
  await waitForStorage(page);
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 3);
});

test('a second tab waits for the first and takes over when it closes', async (t) => {
  const { server, state } = await setUp(t);
  const first = await openPortal(state.context, server.url);
  const second = await openPortal(state.context, server.url, { states: ['waiting_for_other_tab'] });
  assert.equal(await second.evaluate(() => window.Module.aduanStorage.lock), 'waiting');

  await saveReports(first, 4);
  // Still waiting: the second tab never reads pages the first is writing.
  assert.equal(await second.evaluate(() => window.Module.aduanStorage.state), 'waiting_for_other_tab');
  await first.close();

  await waitForStorage(second);
  await second.evaluate(() => window.Module.aduanStorage.diagnostics.holdSync(true));
  assert.equal(await second.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 4);
  await saveReports(second, 1);
  assert.equal(await second.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 5);
});

test('a VACUUM that shrinks the file deletes the pages past its new end', async (t) => {
  const { server, state } = await setUp(t);
  const page = await openPortal(state.context, server.url);
  await saveReports(page, 3);
  await page.evaluate(async () => {
    const d = window.Module.aduanStorage.diagnostics;
    await d.waitDurable(d.fill(300, 3000));
  });
  const before = await readIndexedDb(page);
  const grown = Math.ceil(before.meta.size / 4096);
  assert.equal(before.keys.length, grown);

  await page.evaluate(async () => {
    const d = window.Module.aduanStorage.diagnostics;
    await d.waitDurable(d.clear());
    await d.waitDurable(d.vacuum());
  });
  // The shrink itself comes after VACUUM's commit, in a transaction of its own.
  await page.waitForFunction((pages) => window.Module.aduanStorage.pages < pages / 4, grown);
  const after = await readIndexedDb(page);
  const shrunk = Math.ceil(after.meta.size / 4096);
  assert.ok(shrunk < grown / 4, `pages before ${grown}, after VACUUM ${shrunk}`);
  assert.equal(after.keys.length, shrunk);
  assert.ok(Math.max(...after.keys) < shrunk);

  await page.reload();
  await waitForStorage(page);
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 3);
});

test('without Web Locks the portal says so and still works in one tab', async (t) => {
  const { server, state } = await setUp(t);
  await state.context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });
  });
  const page = await openPortal(state.context, server.url);
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.lock), 'unsupported');
  await saveReports(page, 2);
  await page.reload();
  await waitForStorage(page);
  assert.equal(await page.evaluate(() => window.Module.aduanStorage.diagnostics.reportCount()), 2);
});

test('without IndexedDB the storage state is failed, with the reason', async (t) => {
  const { server, state } = await setUp(t);
  await state.context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  const page = await state.context.newPage();
  await page.goto(server.url + '/?aduan-diagnostics');
  const info = await waitForStorage(page, ['failed']);
  assert.match(info.error, /IndexedDB is not available/);
});

test('the unsent reports download as one JSON file with everything typed', async (t) => {
  const { server, state } = await setUp(t);
  const page = await openPortal(state.context, server.url);
  await saveReports(page, 3);
  const [download, refused] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(() => window.Module.aduanStorage.diagnostics.exportUnsent()),
  ]);
  assert.equal(refused, '');
  assert.match(download.suggestedFilename(), /^aduan-belum-terkirim-\d{4}-\d\d-\d\dT\d\d-\d\d\.json$/);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const file = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  assert.equal(file.format, 'aduan.unsent_reports');
  assert.equal(file.version, 1);
  assert.equal(file.reports.length, 3);
  for (const report of file.reports) {
    assert.match(report.id, /^[0-9a-f]{32}$/);
    assert.equal(report.state, 'queued');
    assert.match(report.title, /^Lampu jalan padam #\d+$/);
    assert.ok(report.body.length > 30);
    assert.equal(report.location.region_code, '32.12');
    assert.equal(report.incident_date, '2026-11-20');
    assert.equal(report.contact, null);
  }
});
