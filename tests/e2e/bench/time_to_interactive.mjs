// Benchmark, not a test: how long the portal takes to become usable on a slow phone link.
//
// Measures, against a real aduan-server and Debian's chromium, with the link throttled to
// 400 kbit/s each way and 400 ms round trips and the CPU slowed 4x (the budgets' conditions,
// see DESIGN.md):
//   - first visit: the shell's first contentful paint and the app's `aduan-interactive` mark;
//   - repeat visit, offline: server stopped and the browser offline, the app from the service
//     worker's cache.
// Prints one line per figure and a JSON summary. Run: node tests/e2e/bench/time_to_interactive.mjs
// [runs] (default 3; the median is reported). Needs the native server and web dist built.
import { startServer, launchBrowser, waitForInteractive } from '../lib/harness.mjs';

const runs = Math.max(1, Number(process.argv[2] || 3));
const kbitPerSecond = 400;
const roundTripMs = 400;
const cpuSlowdown = 4;

async function throttle(page, offline = false) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline, latency: roundTripMs,
    downloadThroughput: (kbitPerSecond * 1000) / 8, uploadThroughput: (kbitPerSecond * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  return cdp;
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
    await throttle(page);
    await page.goto(server.url + '/', { waitUntil: 'commit', timeout: 120000 });
    await waitForInteractive(page, 120000);
    const first = await markTimes(page);
    // The service worker must own the page before the offline visit can be served from it.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
      { timeout: 60000 }).catch(() => page.reload());
    await page.evaluate(() => navigator.serviceWorker.ready);

    await server.stop({ keepData: true });
    await context.setOffline(true);
    const repeatPage = await context.newPage();
    await throttle(repeatPage, true);
    await page.close();
    await repeatPage.goto(server.url + '/', { waitUntil: 'commit', timeout: 60000 });
    await waitForInteractive(repeatPage, 60000);
    const repeat = await markTimes(repeatPage);
    return { first, repeat };
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
    `interactive ${Math.round(result.first.interactive)} ms; repeat offline interactive ` +
    `${Math.round(result.repeat.interactive)} ms`);
}
const summary = {
  conditions: `${kbitPerSecond} kbit/s, ${roundTripMs} ms RTT, ${cpuSlowdown}x CPU slowdown`,
  runs,
  first_visit_shell_paint_ms: Math.round(median(results.map((r) => r.first.shellPaint))),
  first_visit_interactive_ms: Math.round(median(results.map((r) => r.first.interactive))),
  repeat_offline_interactive_ms: Math.round(median(results.map((r) => r.repeat.interactive))),
  budgets_ms: { shell: 3000, first_visit: 10000, repeat_offline: 1500 },
};
console.log(JSON.stringify(summary, null, 2));
