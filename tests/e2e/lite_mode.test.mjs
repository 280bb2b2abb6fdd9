// Lite mode on an emulated slow link (core/sync/link_policy.h, issue 19 part 1), in a real
// browser against a real aduan-server.
//
// The link is throttled to the slow profile (400 kbit/s, 400 ms round trips) through the Chrome
// DevTools Protocol; Chromium then reports navigator.connection.effectiveType "3g", which the
// portal reads (web/device.js) and lite mode follows in its automatic setting. A report with
// two photos is sent: the report's text reaches the server (its push answered) before any
// photo byte leaves, the photos follow in lite mode's small chunks, and the status bar says
// "lite mode" and the bytes sync has used. The link then turns fast and the photos finish: the
// server says each one is complete, and the lite line goes away (and comes back when the link
// turns slow again). Settings remember a forced mode across a reload. With "wait for wifi"
// ticked, a slow link carries the report's text and no photo byte, and the status bar says the
// photos wait; a fast link then lets them go.
// Wire figures are printed for information only (the benchmark is bench/lite_mode.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tap, tapAway, waitForText, settingSurvivesReload, openCitizenHome } from './lib/citizen_ui.mjs';
import { emulateLink, slowProfile, stripedJpeg, sendReportWithPhotos, syncLog } from './lib/slow_link.mjs';

const kLiteChunk = 16 << 10;

// Waits until no widget's name, value or description matches `pattern`.
async function waitForNoText(page, pattern, timeout = 30000) {
  await page.waitForFunction(([source, flags]) => {
    const re = new RegExp(source, flags);
    return !(window.aduanUi?.nodes() || []).some((n) => [n.name, n.value, n.description].some((text) => text && re.test(text)));
  }, [pattern.source, pattern.flags], { timeout });
}

test('lite mode: text first, photos after in small chunks on a slow link, finished on a fast one', async (t) => {
  const { server, page, problems, context } = await openCitizenHome(t, {
    viewport: { width: 1024, height: 720 },
  });
  const photos = [await stripedJpeg(page, 3), await stripedJpeg(page, 7)];

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await emulateLink(cdp, slowProfile);
  const effectiveType = await page.evaluate(() => navigator.connection?.effectiveType);
  assert.notEqual(effectiveType, '4g', 'chromium no longer reflects the emulated link');
  const log = syncLog(page);
  await sendReportWithPhotos(page, 'Jalan berlubang di depan SD Negeri 2', photos);

  // The text is on the server (the push answered) before the first photo byte leaves.
  const firstPut = await log.waitFor((e) => e.kind === 'put');
  const pushDone = log.entries.findIndex((e) => e.kind === 'push' && e.done && e.status === 200);
  assert.ok(pushDone >= 0 && pushDone < log.entries.indexOf(firstPut), JSON.stringify(log.entries));
  assert.ok(firstPut.body > 0 && firstPut.body <= kLiteChunk, `a lite chunk, not ${firstPut.body} bytes`);
  await waitForText(page, /^Mode hemat data: laporan dulu, foto menyusul \(.+ dari .+\) · sinkronisasi memakai \d+(\.\d)? KB$/);
  await log.waitFor((e) => e.kind === 'put' && e.done && e.status === 200);
  const slowWire = log.wireBytes();

  // A fast link: the photos finish, each confirmed complete by the server.
  await emulateLink(cdp, null);
  const paths = new Set(log.entries.filter((e) => e.kind === 'put').map((e) => e.path));
  for (let i = 0; i < 3 && paths.size < 2; ++i) {
    const next = await log.waitFor((e) => e.kind === 'put' && !paths.has(e.path));
    paths.add(next.path);
  }
  assert.equal(paths.size, 2);
  for (const path of paths) await log.waitFor((e) => e.done && e.path === path && e.complete);
  await waitForText(page, /^Semua laporan sudah terkirim$/);
  // Lite mode ends on the fast link (Chromium announces the change), and comes back on a slow one.
  await waitForNoText(page, /^Mode hemat data/);
  await emulateLink(cdp, slowProfile);
  await waitForText(page, /^Mode hemat data · sinkronisasi memakai \d+(\.\d)? KB$/);
  await emulateLink(cdp, null);
  const puts = log.entries.filter((e) => e.kind === 'put' && !e.done);
  console.log(`[ lite mode ] effectiveType under emulation: ${effectiveType}; photos chosen ${photos.map((p) => p.length).join(' + ')} B; ` +
    `${puts.length} chunks as the portal stored them (${puts.map((e) => e.body).join(', ')} B); ` +
    `sync bytes on the wire: ${slowWire} on the slow link, ${log.wireBytes()} in all`);

  // Settings: the mode forced off is remembered on the device across a reload.
  await tap(page, 'button', '← Beranda');
  await tap(page, 'button', 'Pengaturan');
  await settingSurvivesReload(page, 'Tidak pernah');
  assert.deepEqual(problems, []);
});

test('wait for wifi: photos stay on the device on a slow link and go once it is fast', async (t) => {
  const { page, problems, context } = await openCitizenHome(t, {
    viewport: { width: 1024, height: 720 },
  });
  const photos = [await stripedJpeg(page, 5), await stripedJpeg(page, 11)];
  await tap(page, 'button', 'Pengaturan');
  await tap(page, 'checkbox', 'Foto menunggu wifi');
  await page.waitForFunction(() => window.aduanUi.nodes()
    .some((n) => n.role === 'checkbox' && n.name === 'Foto menunggu wifi' && n.checked), null, { timeout: 10000 });
  await tapAway(page, 'button', '← Beranda');

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await emulateLink(cdp, slowProfile);
  const log = syncLog(page);
  await sendReportWithPhotos(page, 'Lampu jalan mati di depan pasar', photos);
  // The text goes; then the engine pulls (after every delivery) and, held, stops: no photo byte.
  await waitForText(page, /^Mode hemat data: 2 foto menunggu wifi · sinkronisasi memakai \d+(\.\d)? K?B$/);
  const push = await log.waitFor((e) => e.kind === 'push' && e.done && e.status === 200);
  await log.waitFor((e) => e.kind === 'pull' && e.done && log.entries.indexOf(e) > log.entries.indexOf(push));
  await waitForText(page, /^Semua laporan sudah terkirim$/);
  assert.deepEqual(log.entries.filter((e) => e.kind === 'put' || e.kind === 'get'), []);

  // Wifi: both photos go, each confirmed complete by the server, and the line goes away.
  await emulateLink(cdp, null);
  const paths = new Set();
  for (let i = 0; i < 4 && paths.size < 2; ++i) {
    const next = await log.waitFor((e) => e.kind === 'put' && !paths.has(e.path));
    paths.add(next.path);
  }
  assert.equal(paths.size, 2);
  for (const path of paths) await log.waitFor((e) => e.done && e.path === path && e.complete);
  await waitForNoText(page, /^Mode hemat data/);
  assert.deepEqual(problems, []);
});
