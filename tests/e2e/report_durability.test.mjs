// A citizen's report is never lost, end to end through the screens (issue 5, cases b and c):
// the New report form is filled through the accessibility mirror with real pointer and keyboard
// input; Module.aduanStorage.diagnostics only reads the outbox's counts.
//   (c) the browser is killed (SIGKILL) right after "saved on this device" appears; relaunched
//       on the same profile, the report is still there and still queued;
//   (b) a report sent while offline (server stopped, browser offline), the page closed and
//       reopened offline (from the service worker), is still queued; back online, the server
//       has it exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForInteractive } from './lib/harness.mjs';
import { diagnosticsPath, waitForStorage, sendReport, waitForText, savedOnThisDevice,
  formViewport, browserPid, openReportForm } from './lib/device.mjs';

const counts = (page) => page.evaluate(() => window.Module.aduanStorage.diagnostics.counts());

// Requests of the sync conversation fail as if the network were gone; the page and the
// catalog still load, so the form can be filled.
async function blockSync(context) {
  for (const path of ['devices:register', 'reports:push', 'events:pull']) {
    await context.route(`**/api/v1/${path}`, (route) => route.abort('internetdisconnected'));
  }
}

test('(c) a report saved on this device survives the browser being killed', async (t) => {
  const server = await startServer();
  let { context, profileDir } = await launchBrowser({ ownProfile: true, viewport: formViewport });
  t.after(async () => { await context.close().catch(() => {}); await server.stop(); });
  await blockSync(context);

  const page = await context.newPage();
  await page.goto(server.url + diagnosticsPath);
  await waitForInteractive(page);
  await openReportForm(page);
  await sendReport(page, 'Lampu jalan padam di depan balai desa');
  await waitForText(page, savedOnThisDevice);
  process.kill(browserPid(profileDir), 'SIGKILL');
  await context.close().catch(() => {});

  ({ context } = await launchBrowser({ profileDir, viewport: formViewport }));
  await blockSync(context);
  const again = await context.newPage();
  await again.goto(server.url + diagnosticsPath);
  await waitForStorage(again);
  const after = await counts(again);
  assert.equal(after.queued + after.sending, 1, JSON.stringify(after));
  assert.equal(after.delivered, 0);
});

test('(b) a report sent offline stays queued across a reopen and reaches the server once', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ viewport: formViewport });
  let again = null;
  t.after(async () => {
    await context.close();
    if (again) await again.stop();
    await server.stop();
  });

  const page = await context.newPage();
  await page.goto(server.url + diagnosticsPath);
  await waitForInteractive(page);
  await waitForStorage(page);
  // The service worker has the portal's files, so it opens with no server and no network.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await openReportForm(page);

  await server.stop({ keepData: true });
  await context.setOffline(true);
  await sendReport(page, 'Jembatan desa retak dan berbahaya');
  await waitForText(page, savedOnThisDevice);
  await page.close();

  const reopened = await context.newPage();
  await reopened.goto(server.url + diagnosticsPath);
  await waitForStorage(reopened);
  const offline = await counts(reopened);
  assert.equal(offline.queued + offline.sending, 1, JSON.stringify(offline));
  assert.equal(offline.delivered, 0);

  // Same port and data folder: same origin, so the same IndexedDB.
  again = await startServer({ port: server.port, dataDir: server.dataDir });
  await context.setOffline(false);  // the 'online' event starts the sync engine at once
  await reopened.waitForFunction(
    () => window.Module.aduanStorage.diagnostics.counts().delivered === 1, null, { timeout: 30000 });
  const stats = await (await fetch(`${server.url}/api/v1/stats`)).json();
  assert.equal(stats.total.received, 1, JSON.stringify(stats.total));
});
