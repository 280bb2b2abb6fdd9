// Benchmark, not a test: how long the portal takes to become usable on a slow phone link.
//
// Measures, against a real aduan-server and Debian's chromium, with the link throttled to
// 400 kbit/s each way and 400 ms round trips and the CPU slowed 4x (the budgets' conditions,
// see DESIGN.md):
//   - first visit: the shell's first contentful paint and the app's `aduan-interactive` mark;
//   - the bytes the first visit downloaded until it was usable (the transfer sizes, brotli as
//     served), per file;
//   - the console's first open on the same link (console.html: the officers' program, which
//     the citizen's visit did not download), to its own `aduan-interactive` mark;
//   - repeat visit, offline: server stopped and the browser offline, the app from the service
//     worker's cache.
// Prints one line per figure and a JSON summary. Run: node tests/e2e/bench/time_to_interactive.mjs
// [runs] (default 3; the median is reported). Needs the native server and web dist built.
import { startServer, launchBrowser } from '../lib/harness.mjs';

const runs = Math.max(1, Number(process.argv[2] || 3));
const kbitPerSecond = 400;
const roundTripMs = 400;
const cpuSlowdown = 4;

// Transfer bytes per path, as Chrome counts them (headers included), from the CDP session, with
// when each load finished (DevTools' monotonic clock), so a count can stop at the usable mark.
function countBytes(cdp) {
  const paths = new Map();
  const loads = [];
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.type === 'Document') loads.navigationStart ??= event.timestamp;
  });
  cdp.on('Network.responseReceived', (event) => paths.set(event.requestId, new URL(event.response.url).pathname));
  cdp.on('Network.loadingFinished', (event) => loads.push(
    { path: paths.get(event.requestId) || '?', bytes: event.encodedDataLength, at: event.timestamp }));
  return loads;
}

// The loads finished by `ms` after the navigation started (the page's own clock, like its marks;
// the document's request starts a little after that origin, so this errs on counting more).
function bytesUntil(loads, ms) {
  const files = {};
  const later = [];
  let bytes = 0;
  for (const load of loads) {
    if (load.at > loads.navigationStart + ms / 1000) { later.push(load.path); continue; }
    files[load.path] = (files[load.path] || 0) + load.bytes;
    bytes += load.bytes;
  }
  return { files, bytes, later };
}

async function throttle(page, offline = false) {
  const cdp = await page.context().newCDPSession(page);
  cdp.loads = countBytes(cdp);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline, latency: roundTripMs,
    downloadThroughput: (kbitPerSecond * 1000) / 8, uploadThroughput: (kbitPerSecond * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  return cdp;
}

// Waits for the app's `aduan-interactive` mark by asking the page over DevTools. Not Playwright's
// waitForFunction: its polling needs Playwright's own script in the page, which would parse and
// run (about 60 ms at 4x) inside the very load being measured; no phone runs it.
async function waitForMark(cdp, timeoutMs) {
  const expression = "performance.getEntriesByName('aduan-interactive').length";
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const { result } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
    if (result.value > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no aduan-interactive mark after ${timeoutMs} ms`);
}

async function markTimes(page) {
  return page.evaluate(() => ({
    interactive: performance.getEntriesByName('aduan-interactive')[0]?.startTime ?? null,
    shellPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
}

async function oneRun() {
  const server = await startServer();
  const { context } = await launchBrowser();
  try {
    const page = await context.newPage();
    const cdp = await throttle(page);
    await page.goto(server.url + '/', { waitUntil: 'commit', timeout: 120000 });
    await waitForMark(cdp, 120000);
    const first = await markTimes(page);
    Object.assign(first, bytesUntil(cdp.loads, first.interactive));
    // The service worker must own the page before the offline visit can be served from it.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
      { timeout: 60000 }).catch(() => page.reload());
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The console's first open, same link: the officers' program from the network.
    const consolePage = await context.newPage();
    const consoleCdp = await throttle(consolePage);
    // Through the throttled link, not the worker (whose own fetches CDP does not throttle).
    await consoleCdp.send('Network.setBypassServiceWorker', { bypass: true });
    await consolePage.goto(server.url + '/console.html', { waitUntil: 'commit', timeout: 120000 });
    await waitForMark(consoleCdp, 120000);
    const console_ = await markTimes(consolePage);
    console_.bytes = bytesUntil(consoleCdp.loads, console_.interactive).bytes;
    await consolePage.close();

    await server.stop({ keepData: true });
    await context.setOffline(true);
    const repeatPage = await context.newPage();
    const repeatCdp = await throttle(repeatPage, true);
    await page.close();
    await repeatPage.goto(server.url + '/', { waitUntil: 'commit', timeout: 60000 });
    await waitForMark(repeatCdp, 60000);
    const repeat = await markTimes(repeatPage);
    return { first, console: console_, repeat };
  } finally {
    await context.close();
    await server.stop();
  }
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};

const results = [];
for (let i = 0; i < runs; ++i) {
  const result = await oneRun();
  results.push(result);
  console.log(`run ${i + 1}: shell painted ${Math.round(result.first.shellPaint)} ms, ` +
    `interactive ${Math.round(result.first.interactive)} ms after ${result.first.bytes} bytes; ` +
    `console first open ${Math.round(result.console.interactive)} ms after ${result.console.bytes} bytes; ` +
    `repeat offline interactive ${Math.round(result.repeat.interactive)} ms`);
  if (i === 0) {
    console.log('first visit, bytes per file:', JSON.stringify(result.first.files));
    console.log('first visit, loaded after it was usable (not counted):', result.first.later.join(' '));
  }
}
const summary = {
  conditions: `${kbitPerSecond} kbit/s, ${roundTripMs} ms RTT, ${cpuSlowdown}x CPU slowdown`,
  runs,
  first_visit_shell_paint_ms: Math.round(median(results.map((r) => r.first.shellPaint))),
  first_visit_interactive_ms: Math.round(median(results.map((r) => r.first.interactive))),
  first_visit_bytes: median(results.map((r) => r.first.bytes)),
  console_first_open_ms: Math.round(median(results.map((r) => r.console.interactive))),
  console_first_open_bytes: median(results.map((r) => r.console.bytes)),
  repeat_offline_interactive_ms: Math.round(median(results.map((r) => r.repeat.interactive))),
  budgets_ms: { shell: 3000, first_visit: 10000, console_first_open: 12000, repeat_offline: 1000 },
};
console.log(JSON.stringify(summary, null, 2));
