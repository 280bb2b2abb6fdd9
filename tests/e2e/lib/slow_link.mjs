// tests/e2e/lib/slow_link.mjs: a citizen's report with photos over an emulated link, for the
// lite mode test and its benchmark (bench/lite_mode.mjs).
//
// The link is throttled through the Chrome DevTools Protocol (Network.emulateNetworkConditions),
// which Chromium also reflects in navigator.connection (400 kbit/s and 400 ms read as "3g"),
// so the portal sees what a phone on 2G/3G would. Every request of the sync conversation is
// logged in the order the page starts and finishes it, with its bytes as Chrome counts them
// (headers and bodies), so a caller can assert the order and sum the cost.
import { tap, typeInto, choose, waitForText } from './citizen_ui.mjs';

export const slowProfile = { kbitPerSecond: 400, roundTripMs: 400 };

export async function emulateLink(cdp, profile) {
  await cdp.send('Network.emulateNetworkConditions', profile
    ? { offline: false, latency: profile.roundTripMs,
      downloadThroughput: (profile.kbitPerSecond * 1000) / 8, uploadThroughput: (profile.kbitPerSecond * 1000) / 8 }
    : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

// 'push', 'pull', 'register', 'put' (a photo chunk), 'get' (a photo's offset), or null.
function kindOf(request) {
  const path = new URL(request.url()).pathname;
  if (path.includes('/attachments/')) return request.method() === 'PUT' ? 'put' : 'get';
  if (path.endsWith('reports:push')) return 'push';
  if (path.endsWith('events:pull')) return 'pull';
  if (path.endsWith('devices:register')) return 'register';
  return null;
}

// Logs the sync requests of `page`: entries {kind, path, body} when started and {kind, path,
// done: true, status, complete, wire} when answered, each with
// its time (at, ms), in that order; wire is Chrome's count of
// request and response bytes, headers included. waitFor(predicate) resolves once an entry
// matching it has been logged (bounded by the caller's test timeout).
export function syncLog(page) {
  const entries = [];
  const waiters = [];
  const add = (entry) => {
    entry.at = Date.now();
    entries.push(entry);
    for (const w of [...waiters]) if (w.predicate(entry)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(entry); }
  };
  page.on('request', (request) => {
    const kind = kindOf(request);
    if (kind) add({ kind, path: new URL(request.url()).pathname, body: request.postDataBuffer()?.length ?? 0 });
  });
  page.on('requestfinished', async (request) => {
    const kind = kindOf(request);
    if (!kind) return;
    const response = await request.response();
    const sizes = await request.sizes();
    const text = kind === 'put' || kind === 'get' ? await response.text() : '';
    add({ kind, path: new URL(request.url()).pathname, done: true, status: response.status(),
      complete: /"complete":true/.test(text),
      wire: sizes.requestHeadersSize + sizes.requestBodySize + sizes.responseHeadersSize + sizes.responseBodySize });
  });
  return {
    entries,
    waitFor(predicate, timeout = 120000) {
      const found = entries.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        setTimeout(() => reject(new Error('no such sync request: ' + JSON.stringify(entries.slice(-5)))), timeout).unref();
      });
    },
    wireBytes(from = 0) {
      return entries.slice(from).reduce((sum, e) => sum + (e.wire || 0), 0);
    },
  };
}

// A JPEG drawn by the browser, stripes of the given hue step, so it does not compress to nothing.
export async function stripedJpeg(page, step) {
  return Buffer.from(await page.evaluate((hueStep) => {
    const canvas = document.createElement('canvas');
    canvas.width = 800; canvas.height = 600;
    const g = canvas.getContext('2d');
    for (let x = 0; x < 800; x += 8) {
      g.fillStyle = `hsl(${(x * hueStep) % 360}, 70%, 50%)`;
      g.fillRect(x, 0, 8, 600);
    }
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
  }, step), 'base64');
}

// From the home screen: a new report with these photos (chosen through the form's own file
// chooser), filled and sent; returns once the receipt says the photos follow the report.
export async function sendReportWithPhotos(page, title, photos) {
  await tap(page, 'button', 'Laporan baru');
  for (let i = 0; i < photos.length; ++i) {
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    await tap(page, 'button', 'Tambah foto atau PDF');
    await (await chooser).setFiles({ name: `bukti-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: photos[i] });
    await waitForText(page, new RegExp(`^${i + 1} lampiran dipilih`));
  }
  await typeInto(page, 'Judul laporan', title);
  await typeInto(page, 'Isi laporan',
    'Jalan desa berlubang besar di depan sekolah dasar, berbahaya bagi anak-anak yang bersepeda.');
  await choose(page, 'Wilayah kejadian', 'Indramayu', 'Kab. Indramayu');
  await choose(page, 'Kategori', 'Infra', 'Infrastruktur (jalan, jembatan, irigasi)');
  await tap(page, 'button', 'Kirim');
  await waitForText(page, new RegExp(`^${photos.length} lampiran akan dikirim setelah laporan diterima\\.$`));
}
