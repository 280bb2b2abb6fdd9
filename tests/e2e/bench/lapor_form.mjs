// Benchmark, not a test: the plain HTML report form (/lapor) on the slow profile.
//
// Against a real aduan-server and Debian's chromium with JavaScript off (the phones the form is
// for), the link throttled to 400 kbit/s each way with 400 ms round trips and the CPU slowed 4x
// (time_to_interactive.mjs's conditions), measures:
//   - the page's bytes (body as served, and the transfer with headers, as Chrome counts it);
//   - the time from navigation to the page's load event (everything it needs: it is one file);
//   - the time from "Send" to the receipt for a text-only report (the multipart body's bytes too).
// Photos are not shrunk before they leave a phone without JavaScript: at 400 kbit/s each 100 KB
// of photo adds about 2 s to the send, which the summary states from the body sizes measured.
// Prints one line per figure and a JSON summary. Run: node tests/e2e/bench/lapor_form.mjs [runs]
// (default 3; the median is reported). Needs the native server and web dist built.
import { startServer, launchBrowser } from '../lib/harness.mjs';

const runs = Math.max(1, Number(process.argv[2] || 3));
const kbitPerSecond = 400;
const roundTripMs = 400;

async function throttle(page) {
  const cdp = await page.context().newCDPSession(page);
  const bytes = new Map();
  const paths = new Map();
  cdp.on('Network.requestWillBeSent', (e) => paths.set(e.requestId, e.request.method + ' ' + new URL(e.request.url).pathname));
  cdp.on('Network.loadingFinished', (e) => bytes.set(paths.get(e.requestId), e.encodedDataLength));
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: roundTripMs,
    downloadThroughput: (kbitPerSecond * 1000) / 8, uploadThroughput: (kbitPerSecond * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return bytes;
}

async function oneRun() {
  const server = await startServer();
  const { context } = await launchBrowser({ javaScriptEnabled: false, isMobile: true, viewport: { width: 360, height: 640 } });
  try {
    const page = await context.newPage();
    const transfer = await throttle(page);
    const started = Date.now();
    const answer = await page.goto(server.url + '/lapor', { waitUntil: 'load', timeout: 60000 });
    const loadMs = Date.now() - started;
    const pageBytes = (await answer.body()).length;
    await page.getByLabel('Judul laporan', { exact: true }).fill('Jalan rusak di depan SD Negeri 1');
    await page.getByLabel('Isi laporan', { exact: true }).fill('Lubang besar di tengah jalan sejak bulan lalu, sudah dua motor jatuh.');
    await page.getByLabel('Tanggal kejadian').fill(new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10));
    await page.getByLabel('Wilayah').fill('Indramayu');
    await page.getByLabel('Kategori').selectOption('infrastruktur');
    const sent = Date.now();
    const [receipt] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 60000 }),
      page.locator('button').click(),
    ]);
    await page.locator('#code').waitFor({ timeout: 60000 });
    const sendMs = Date.now() - sent;
    const requestBytes = (receipt.request().postDataBuffer() || Buffer.alloc(0)).length;
    return { pageBytes, pageTransfer: transfer.get('GET /lapor'), loadMs, sendMs, requestBytes,
      receiptTransfer: transfer.get('POST /lapor') };
  } finally {
    await context.close();
    await server.stop();
  }
}

const results = [];
for (let i = 0; i < runs; ++i) results.push(await oneRun());
const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
const summary = Object.fromEntries(Object.keys(results[0]).map((key) => [key, median(key)]));
console.log(`/lapor page: ${summary.pageBytes} B body, ${summary.pageTransfer} B transferred`);
console.log(`load on ${kbitPerSecond} kbit/s, ${roundTripMs} ms RTT, 4x CPU: ${summary.loadMs} ms (median of ${runs})`);
console.log(`send (text only, ${summary.requestBytes} B body) to the receipt: ${summary.sendMs} ms; receipt ${summary.receiptTransfer} B`);
console.log(`each 100 KB of photo adds about ${Math.round(100 * 1024 * 8 / kbitPerSecond)} ms at ${kbitPerSecond} kbit/s`);
console.log(JSON.stringify({ runs: results, median: summary }));
