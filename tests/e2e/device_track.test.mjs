// Tracking from the portal (DeviceServices::track over fetch): online the server's answer, with
// the sender's view (the title) because this device holds the receipt; offline the timeline
// last seen on this device, said to be so; and the receipt's "copy" button reaching the
// clipboard. Driven through the screens with real input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForInteractive } from './lib/harness.mjs';
import { diagnosticsPath, openReportForm, sendReport, waitForText, tap, typeInto, formViewport }
  from './lib/device.mjs';

const title = 'Saluran air tersumbat di pasar desa';
const codePattern = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/;

async function mirrorTexts(page) {
  return page.evaluate(() => [...document.getElementById('a11y').children]
    .map((e) => e.getAttribute('aria-label') || e.textContent || ''));
}

test('a code is tracked from the server online and from this device offline', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ viewport: formViewport });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  await page.goto(server.url + diagnosticsPath);
  await waitForInteractive(page);
  await openReportForm(page);
  await sendReport(page, title);
  await waitForText(page, 'Laporan sudah diterima server.', 30000);
  const code = (await mirrorTexts(page)).find((text) => codePattern.test(text));
  assert.ok(code, 'the receipt shows the tracking code');

  // "Salin kode" puts the code on the clipboard (navigator.clipboard where permitted).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await tap(page, 'button', 'Salin kode');
  let copied = '';
  for (let i = 0; i < 100 && copied !== code; ++i) {
    copied = await page.evaluate(() => navigator.clipboard.readText());
    if (copied !== code) await page.waitForTimeout(100);
  }
  assert.equal(copied, code);

  await tap(page, 'button', '← Beranda');
  await tap(page, 'button', 'Lacak kode');
  await typeInto(page, 'Kode lacak', code);
  await tap(page, 'button', 'Lacak');
  await waitForText(page, title);
  assert.ok(!(await mirrorTexts(page)).some((text) => text.includes('Anda sedang luring')));

  await context.setOffline(true);
  await tap(page, 'button', 'Lacak');
  await waitForText(page, 'Anda sedang luring');
  await waitForText(page, title);
});
