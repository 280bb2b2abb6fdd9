// Benchmark, not a test: "tap Kirim" to "saved on this device", as history grows.
//
// Measures, in Debian's chromium against a real aduan-server, the time from the save call (the
// report and its outbox row written in one SQLite transaction, exactly as the New report screen
// saves) to the moment IndexedDB has durably committed the commit's pages (durability
// 'strict'), with 100 and with 5,000 reports already stored on the device. Also reports how
// many pages each save wrote: flat as history grows is the point of the page VFS
// (shell/device/page_vfs.h). The sync engine is held during the run, so only saves are measured.
// No CPU throttling: the figures are this machine's.
//
// Run: node tests/e2e/bench/tap_to_saved.mjs [samples] (default 60 per size). Needs the native
// server and the web dist built. Prints one line per size and a JSON summary.
import { startServer, launchBrowser } from '../lib/harness.mjs';
import { openPortal, saveReports, waitForQuiet } from '../lib/device.mjs';

const samples = Math.max(5, Number(process.argv[2] || 60));
const sizes = [100, 5000];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(page) {
  return page.evaluate(async (n) => {
    const s = window.Module.aduanStorage;
    const times = [];
    const puts = [];
    for (let i = 0; i < n; ++i) {
      times.push(await s.diagnostics.timedSave());
      puts.push(s.lastCommit.puts);
    }
    return { times, puts };
  }, samples);
}

const server = await startServer();
const { context } = await launchBrowser();
const results = [];
try {
  const page = await openPortal(context, server.url);
  let stored = 0;
  for (const size of sizes) {
    // Filled in chunks so no single evaluate runs for long.
    while (stored < size) {
      const chunk = Math.min(500, size - stored);
      await saveReports(page, chunk);
      stored += chunk;
    }
    await waitForQuiet(page);
    const { times, puts } = await measure(page);
    stored += samples;
    const sorted = [...times].sort((a, b) => a - b);
    const info = await page.evaluate(() => window.Module.aduanStorage);
    const row = {
      stored_reports: size,
      samples,
      p50_ms: Number(percentile(sorted, 50).toFixed(1)),
      p95_ms: Number(percentile(sorted, 95).toFixed(1)),
      max_ms: Number(sorted[sorted.length - 1].toFixed(1)),
      pages_written_per_save_max: Math.max(...puts),
      pages_written_per_save_median: [...puts].sort((a, b) => a - b)[Math.floor(puts.length / 2)],
      file_pages: info.pages,
    };
    results.push(row);
    console.log(`tap-to-saved with ${size} reports stored: p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms, ` +
      `max ${row.max_ms} ms; pages written per save: median ${row.pages_written_per_save_median}, ` +
      `max ${row.pages_written_per_save_max} of ${row.file_pages}`);
  }
  console.log(JSON.stringify({ benchmark: 'tap_to_saved', results }));
} finally {
  await context.close();
  await server.stop();
}
