// The evidence a citizen sent, seen by officers in the console (issue: "Officers see the
// evidence the citizen sent"), in real browsers against a real aduan-server.
//
// A citizen's report goes out with a photo of two solid colours (red left, blue right), made by
// the browser and chosen through the form's own file chooser. A national admin opens the report
// in the console: the thumbnail is named in the accessibility mirror and its pixels, read from a
// screenshot of the canvas at the mirror's rectangle, are the photo's; the full view too. The GL
// context is lost and restored: the photo is fetched and drawn again. The server is stopped and
// the browser taken offline, the console reloaded: the photo is drawn from the copy the device
// kept. Back online, the admin logs out: the device's copies are gone (Cache Storage), and a
// regional admin signing in on the same browser sees nothing of them while offline, then the
// photo once the server answers. The PDF the citizen attached too opens in a new tab with the
// bytes the citizen chose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchBrowser, serverBinary, startServer, waitForInteractive, watchForErrors } from './lib/harness.mjs';
import { openPortal } from './lib/ui.mjs';
import { tap, tapUntil, typeInto, choose, waitForText, idOf, waitForId, hasId, mirror, signIn as signInAs } from './lib/console_ui.mjs';

const PASSWORD = 'kata-sandi-uji-123';
const TITLE = 'Jalan berlubang di depan pasar Jatibarang';
const RED = [220, 30, 30];
const BLUE = [30, 60, 220];
const THUMBNAIL = 'console.evidence.0';
const EVIDENCE_CACHE = 'aduan-evidence';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
  '2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

function addOfficer(dataDir, username, role, extra = []) {
  execFileSync(serverBinary, ['officer-add', '--username', username, '--role', role,
    '--data-dir', dataDir, ...extra], { env: { ...process.env, ADUAN_OFFICER_PASSWORD: PASSWORD } });
}

// An 800x600 JPEG: the left half red, the right half blue.
async function twoColourPhoto(page) {
  return Buffer.from(await page.evaluate(([red, blue]) => {
    const canvas = document.createElement('canvas');
    canvas.width = 800; canvas.height = 600;
    const g = canvas.getContext('2d');
    g.fillStyle = `rgb(${red.join(',')})`; g.fillRect(0, 0, 400, 600);
    g.fillStyle = `rgb(${blue.join(',')})`; g.fillRect(400, 0, 400, 600);
    return canvas.toDataURL('image/jpeg', 0.92).split(',')[1];
  }, [RED, BLUE]), 'base64');
}

// What the canvas shows inside `rect` (a screenshot, decoded by the browser's own PNG decoder):
// the share of pixels close to the photo's red and blue, and where each sits (mean x, 0..1).
async function photoPixels(page, rect) {
  const png = (await page.screenshot({ clip: rect })).toString('base64');
  return page.evaluate(async ([data, red, blue]) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + data;
    await image.decode();
    const copy = document.createElement('canvas');
    copy.width = image.width; copy.height = image.height;
    const g = copy.getContext('2d');
    g.drawImage(image, 0, 0);
    const pixels = g.getImageData(0, 0, copy.width, copy.height).data;
    const near = (i, c) => Math.abs(pixels[i] - c[0]) < 40 && Math.abs(pixels[i + 1] - c[1]) < 40 &&
      Math.abs(pixels[i + 2] - c[2]) < 40;
    let reds = 0, blues = 0, redX = 0, blueX = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const x = ((i / 4) % copy.width) / copy.width;
      if (near(i, red)) { reds += 1; redX += x; }
      if (near(i, blue)) { blues += 1; blueX += x; }
    }
    const total = pixels.length / 4;
    return { red: reds / total, blue: blues / total, redX: reds ? redX / reds : -1, blueX: blues ? blueX / blues : -1 };
  }, [png, RED, BLUE]);
}

async function rectOf(page, id) {
  const box = await page.locator(mirror(id)).first().boundingBox();
  assert.ok(box && box.width > 20 && box.height > 20, `${id} has no usable rectangle`);
  return box;
}

async function waitForDescribed(page, id, description, timeout = 30000) {
  try {
    await page.waitForFunction(([sel, text]) => {
      const el = document.querySelector(sel);
      return el && el.getAttribute('aria-description') === text;
    }, [mirror(id), description], { timeout });
  } catch {
    const now = await page.locator(mirror(id)).first().getAttribute('aria-description').catch(() => 'absent');
    throw new Error(`${id} never described "${description}" (it says "${now}")`);
  }
}

// The photo, drawn where the mirror puts it: about half red on the left, half blue on the right.
async function assertPhotoDrawn(page, id, what) {
  const seen = await photoPixels(page, await rectOf(page, id));
  assert.ok(seen.red > 0.3 && seen.blue > 0.3, `${what}: the photo's colours are not drawn (${JSON.stringify(seen)})`);
  assert.ok(seen.redX < 0.5 && seen.blueX > 0.5, `${what}: red is not left of blue (${JSON.stringify(seen)})`);
}

async function evidenceCacheEntries(page) {
  return page.evaluate(async (name) => {
    if (!(await caches.has(name))) return 0;
    return (await (await caches.open(name)).keys()).length;
  }, EVIDENCE_CACHE);
}

const signIn = (page, username) => signInAs(page, username, PASSWORD);

async function openReport(page) {
  const row = await idOf(page, 'console.row.', TITLE);
  await tap(page, row);
  await waitForId(page, 'console.back');
}

test('officers see the photo: drawn, full view, after a lost GL context, offline from the device, gone after logout', async (t) => {
  const first = await startServer();
  const { dataDir, port, url } = first;
  addOfficer(dataDir, 'admin.nasional', 'national_admin');
  addOfficer(dataDir, 'admin.jabar', 'regional_admin', ['--region', '32']);
  let server = first;
  const citizen = await launchBrowser({ viewport: { width: 1024, height: 900 } });
  const officer = await launchBrowser({ viewport: { width: 900, height: 1000 } });
  t.after(async () => {
    await citizen.context.close();
    await officer.context.close();
    await server.stop();
  });

  // The citizen's report, with the photo chosen through the form, delivered and uploaded.
  const page = await citizen.context.newPage();
  await openPortal(page, url + '/');
  const photo = await twoColourPhoto(page);
  await tap(page, 'home.new_report');
  await page.locator('#a11y [data-id^="report.region="]').first().waitFor({ state: 'attached', timeout: 30000 });
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  await tap(page, 'report.photo');
  await (await chooser).setFiles({ name: 'jalan.jpg', mimeType: 'image/jpeg', buffer: photo });
  await waitForText(page, /1 lampiran dipilih/);
  const documentChooser = page.waitForEvent('filechooser', { timeout: 10000 });
  await tap(page, 'report.photo');
  await (await documentChooser).setFiles({ name: 'surat.pdf', mimeType: 'application/pdf', buffer: PDF });
  await waitForText(page, /Dokumen PDF 2, /);
  await typeInto(page, 'report.title', TITLE);
  await typeInto(page, 'report.body', 'Lubang selebar satu meter, sudah dua motor jatuh minggu ini.');
  await choose(page, 'report.region', 'Indramayu', 'Indramayu');
  await choose(page, 'report.category', 'Infra', 'Infrastruktur');
  await tap(page, 'report.send');
  await waitForId(page, 'receipt.my_reports');
  await tapUntil(page, 'nav.home', 'home.outbox');
  await tap(page, 'home.outbox');
  await waitForText(page, /Tidak ada laporan yang menunggu\./, 90000);

  // The national admin opens it: the thumbnail, named, drawn with the photo's pixels.
  const admin = await officer.context.newPage();
  const problems = watchForErrors(admin);
  const fileRequests = [];
  admin.on('request', (request) => {
    if (/\/api\/v1\/officer\/reports\/[0-9a-f]+\/attachments\//.test(request.url())) fileRequests.push(request.url());
  });
  await openPortal(admin, url + '/');
  await signIn(admin, 'admin.nasional');
  await openReport(admin);
  await waitForId(admin, THUMBNAIL);
  assert.equal(await admin.locator(mirror(THUMBNAIL)).getAttribute('aria-label'), 'Foto 1 dari 1');
  assert.equal(await admin.locator(mirror(THUMBNAIL)).getAttribute('role'), 'button');
  await waitForDescribed(admin, THUMBNAIL, 'Ketuk untuk memperbesar');
  await assertPhotoDrawn(admin, THUMBNAIL, 'thumbnail');
  assert.equal(fileRequests.length, 1, 'one request for the one photo');

  // The full view, and back.
  await tap(admin, THUMBNAIL);
  await waitForId(admin, 'console.evidence.full');
  assert.equal(await admin.locator(mirror('console.evidence.full')).getAttribute('role'), 'img');
  assert.equal(await admin.locator(mirror('console.evidence.full')).getAttribute('aria-label'), 'Foto 1 dari 1');
  await waitForDescribed(admin, 'console.evidence.full', 'Foto sesuai kiriman pelapor');
  const full = await rectOf(admin, 'console.evidence.full');
  assert.equal(await hasId(admin, THUMBNAIL), false, 'the full view takes the place of the detail');
  assert.ok(full.width > 400, `the full view is only ${full.width} px wide`);
  await assertPhotoDrawn(admin, 'console.evidence.full', 'full view');
  await tap(admin, 'console.evidence.close');
  await waitForDescribed(admin, THUMBNAIL, 'Ketuk untuk memperbesar');

  // The GL context is lost and restored (as a phone does to a page in the background): the
  // texture is asked for again and the photo drawn again.
  const askedAgain = admin.waitForRequest(/\/api\/v1\/officer\/reports\/[0-9a-f]+\/attachments\//, { timeout: 30000 });
  await admin.evaluate(async () => {
    const canvas = document.getElementById('canvas');
    const gl = canvas.getContext(window.Module.webglVersion === 2 ? 'webgl2' : 'webgl');
    const lose = gl.getExtension('WEBGL_lose_context');
    const lost = new Promise((done) => canvas.addEventListener('webglcontextlost', done, { once: true }));
    lose.loseContext();
    await lost;
    // Restoring is allowed only once the lost event's dispatch is over: the next task.
    await new Promise((next) => setTimeout(next, 0));
    const back = new Promise((done) => canvas.addEventListener('webglcontextrestored', done, { once: true }));
    lose.restoreContext();
    await back;
  });
  await askedAgain;
  await waitForDescribed(admin, THUMBNAIL, 'Ketuk untuk memperbesar');
  assert.equal(fileRequests.length, 2, 'the photo was asked for again after the context came back');
  await assertPhotoDrawn(admin, THUMBNAIL, 'thumbnail after a restored GL context');

  // The device kept a copy. Server stopped, browser offline, console reloaded: drawn from it.
  await admin.waitForFunction(async (name) => (await caches.has(name)) &&
    (await (await caches.open(name)).keys()).length === 1, EVIDENCE_CACHE, { timeout: 30000 });
  // The service worker keeps the console's program once it is used (it precaches it for no one).
  await admin.waitForFunction(() => window.aduanProgramKept, null, { timeout: 30000 });
  assert.deepEqual(await admin.evaluate(() => window.aduanProgramKept), { kept: true });
  await first.stop({ keepData: true });
  await officer.context.setOffline(true);
  await admin.reload();  // the console's own page, from the service worker's copy
  await waitForInteractive(admin);
  await waitForId(admin, 'console.logout');  // still signed in: the session is on the device
  await openReport(admin);
  await waitForDescribed(admin, THUMBNAIL, 'Salinan yang tersimpan di perangkat ini');
  await assertPhotoDrawn(admin, THUMBNAIL, 'thumbnail offline, from the device');

  // Back online; the admin logs out: the copies are wiped.
  server = await startServer({ port, dataDir });
  await officer.context.setOffline(false);
  await tap(admin, 'console.back');
  await tap(admin, 'console.logout');
  await waitForId(admin, 'console.username');
  await admin.waitForFunction(async (name) => !(await caches.has(name)) ||
    (await (await caches.open(name)).keys()).length === 0, EVIDENCE_CACHE, { timeout: 30000 });
  assert.equal(await evidenceCacheEntries(admin), 0);

  // Another officer on the same browser, offline: nothing of the first one's copies is shown.
  await signIn(admin, 'admin.jabar');
  await officer.context.setOffline(true);
  await openReport(admin);
  await waitForText(admin, /Foto 1 dari 1: Tidak ada sambungan ke server, dan berkas ini belum pernah dibuka di perangkat ini\./);
  assert.equal(await hasId(admin, THUMBNAIL), false);
  const page0 = await photoPixels(admin, { x: 0, y: 0, width: 900, height: 1000 });
  assert.ok(page0.red < 0.002 && page0.blue < 0.002, `the photo is drawn without a fetch (${JSON.stringify(page0)})`);

  // Online: this officer's own fetch draws it.
  await officer.context.setOffline(false);
  await tap(admin, 'console.back');
  await openReport(admin);
  await waitForDescribed(admin, THUMBNAIL, 'Ketuk untuk memperbesar');
  await assertPhotoDrawn(admin, THUMBNAIL, 'thumbnail for the second officer');

  // The document, kept as the citizen chose it, opens in a new tab.
  const documentId = 'console.document.1';
  await waitForId(admin, documentId);
  assert.match(await admin.locator(mirror(documentId)).getAttribute('aria-label'), /^Dokumen 1 dari 1 \(PDF, /);
  // What the new tab is given: the blob: URLs the page makes, with their bytes.
  await admin.evaluate(() => {
    const make = URL.createObjectURL;
    window.blobsMade = [];
    URL.createObjectURL = (blob) => {
      const url = make(blob);
      window.blobsMade.push(blob.arrayBuffer().then((bytes) =>
        ({ url, type: blob.type, bytes: Array.from(new Uint8Array(bytes)) })));
      return url;
    };
  });
  const opened = officer.context.waitForEvent('page', { timeout: 30000 });
  await tap(admin, documentId);
  const tab = await opened;
  const made = await admin.evaluate(() => Promise.all(window.blobsMade));
  await tab.waitForLoadState();
  assert.equal(await tab.evaluate(() => document.contentType), 'application/pdf', 'the new tab shows a PDF');
  assert.equal(made.length, 1);
  assert.equal(tab.url(), made[0].url, 'the new tab shows the document');
  assert.equal(made[0].type, 'application/pdf');
  assert.equal(Buffer.from(made[0].bytes).equals(PDF), true, 'the document opened is the one the citizen sent');
  assert.deepEqual(problems.filter((p) => !p.startsWith('failed:') && !p.includes('ERR_INTERNET_DISCONNECTED') &&
    !p.includes('ERR_CONNECTION_REFUSED')), []);
});
