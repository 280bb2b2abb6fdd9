// Photos: a tap on the photo button opens the file chooser inside the tap; the chosen image is
// decoded upright, shrunk to at most 1600 px on its long edge, re-encoded as JPEG (which drops
// EXIF, the camera's location included) and capped at 2 MiB before the program gets it.
// Documents: a PDF (told by its bytes) reaches the program unchanged and is listed in the form;
// a file that is neither a photo nor a PDF, whatever its name, is refused with a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchForErrors } from './lib/harness.mjs';
import { openPortal, tapByRole, message } from './lib/ui.mjs';
import { waitForText as waitForMirrorText, noiseJpeg } from './lib/citizen_ui.mjs';

// A 3000x2000 photo of noise (hard to compress) with an EXIF segment holding a marker that
// stands for a GPS position; made by the browser itself.
async function makePhoto(page) {
  const jpeg = await noiseJpeg(page, 3000, 2000, 0.95);
  const payload = Buffer.from('Exif\0\0GPSLatitude=-6.2000;GPSLongitude=106.8166;SECRET-PLACE', 'latin1');
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

test('a photo is chosen inside the tap, shrunk, re-encoded without EXIF and capped', async (t) => {
  const server = await startServer();
  const { context } = await launchBrowser({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  await openPortal(page, server.url + '/');
  const original = await makePhoto(page);
  assert.ok(original.includes('SECRET-PLACE'));
  assert.ok(original.length > 2 * 1024 * 1024, `test photo is only ${original.length} bytes`);

  // What reaches the program, captured at the boundary.
  await page.evaluate(() => {
    const photo = window.Module.aduanNative.photo;
    window.Module.aduanNative.photo = (id, bytes, mediaType, width, height, error) => {
      window.photoSent = { id, bytes: Array.from(bytes.subarray(0, 64)), text: new TextDecoder('latin1').decode(bytes), size: bytes.length, mediaType, width, height, error };
      photo(id, bytes, mediaType, width, height, error);
    };
  });
  await tapByRole(page, 'button', message('nav.new_report'));
  // The photo button may sit below the fold on a phone: scroll it into view by touch.
  const name = message('form.add_photo');
  const cdp = await context.newCDPSession(page);
  const choose = async () => {
    for (let i = 0; i < 10; i++) {
      const box = await page.locator('#a11y').getByRole('button', { name, exact: true }).boundingBox().catch(() => null);
      if (box && box.y > 0 && box.y + box.height < 600) break;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 180, y: 500 }] });
      for (let y = 480; y >= 200; y -= 40) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 180, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForTimeout(200);
    }
    return (await Promise.all([page.waitForEvent('filechooser'), tapByRole(page, 'button', name)]))[0];
  };
  const chooser = await choose();
  assert.equal(await chooser.element().getAttribute('accept'), 'image/*,application/pdf');
  await chooser.setFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: original });
  await page.waitForFunction(() => window.photoSent, null, { timeout: 30000 });
  const sent = await page.evaluate(() => window.photoSent);
  assert.equal(sent.error, '');
  assert.equal(sent.mediaType, 'image/jpeg');
  assert.deepEqual(sent.bytes.slice(0, 2), [0xff, 0xd8], 'a JPEG');
  assert.equal(Math.max(sent.width, sent.height), 1600);
  assert.equal(Math.min(sent.width, sent.height), 1067);
  assert.ok(sent.size <= 2 * 1024 * 1024, `${sent.size} bytes`);
  assert.equal(sent.text.includes('SECRET-PLACE'), false, 'the EXIF location is gone');
  assert.equal(sent.text.includes('Exif'), false, 'no EXIF segment at all');
  console.log(`photo: ${original.length} bytes 3000x2000 -> ${sent.size} bytes ${sent.width}x${sent.height}`);
  await waitForMirrorText(page, new RegExp('^' + message('form.attachment_photo').replace('{1}', '1').replace('{2}', '')));

  // A PDF, named as a photo would be: the bytes decide, and they arrive as they are.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
    '2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n' + 'x'.repeat(3000), 'latin1');
  await page.evaluate(() => { window.photoSent = null; });
  const pdfChooser = await choose();
  await pdfChooser.setFiles({ name: 'surat.jpg', mimeType: 'image/jpeg', buffer: pdf });
  await page.waitForFunction(() => window.photoSent, null, { timeout: 30000 });
  const chosenPdf = await page.evaluate(() => window.photoSent);
  assert.equal(chosenPdf.error, '');
  assert.equal(chosenPdf.mediaType, 'application/pdf');
  assert.equal(chosenPdf.size, pdf.length, 'the document is kept as it is');
  assert.equal(Buffer.from(chosenPdf.text, 'latin1').equals(pdf), true);
  await waitForMirrorText(page, new RegExp('^' + message('form.attachment_document').replace('{1}', '2').replace('{2}', '')));
  await waitForMirrorText(page, new RegExp('^' + message('form.photos_count').replace('{1}', '2').replace('{2}', '')));

  // Neither a photo nor a PDF, though named like one: refused, and nothing is added.
  const fakeChooser = await choose();
  await fakeChooser.setFiles({ name: 'surat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await waitForMirrorText(page, new RegExp('^' + message('photo.unreadable').replace(/[.()]/g, '\\$&') + '$'));
  await waitForMirrorText(page, new RegExp('^' + message('form.photos_count').replace('{1}', '2').replace('{2}', '')));
  assert.deepEqual(problems, []);
});
