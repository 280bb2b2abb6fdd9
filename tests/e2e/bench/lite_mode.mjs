// Benchmark, not a test: lite mode's cost on the slow profile (400 kbit/s, 400 ms round trips).
//
// Against a real aduan-server and Debian's chromium, one report with two photos (the same two
// striped JPEGs as lite_mode.test.mjs) is sent with the mode forced on and forced off in
// Settings, the link throttled through the DevTools protocol before the form is filled.
// Measures, from the first push (right after "Kirim") until the server says both photos are complete:
//   - the sync conversation's bytes on the wire (request and response headers and bodies, as
//     Chrome counts them), and how many photo chunks went;
//   - the time until the report's text is on the server (its push answered) and until the
//     photos are complete.
// Prints one line per run and a JSON summary. Run: node tests/e2e/bench/lite_mode.mjs
// Needs the native server and web dist built.
import { startServer, launchBrowser } from '../lib/harness.mjs';
import { openPortal } from '../lib/ui.mjs';
import { tap, waitForWidget } from '../lib/citizen_ui.mjs';
import { emulateLink, slowProfile, stripedJpeg, sendReportWithPhotos, syncLog } from '../lib/slow_link.mjs';

async function oneRun(mode) {
  const server = await startServer();
  const { context } = await launchBrowser({ viewport: { width: 1024, height: 720 } });
  try {
    const page = await context.newPage();
    await openPortal(page, server.url + '/');
    await waitForWidget(page, 'button', 'Pengaturan');
    await tap(page, 'button', 'Pengaturan');
    await tap(page, 'radio', mode === 'lite' ? 'Selalu' : 'Tidak pernah');
    await tap(page, 'button', '← Beranda');
    const photos = [await stripedJpeg(page, 3), await stripedJpeg(page, 7)];
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await emulateLink(cdp, slowProfile);
    const log = syncLog(page);
    await sendReportWithPhotos(page, 'Jalan berlubang di depan SD Negeri 2', photos);
    const done = new Set();
    while (done.size < 2) {
      const e = await log.waitFor((x) => x.done && x.complete && !done.has(x.path), 300000);
      done.add(e.path);
    }
    const started = log.entries.find((e) => e.kind === 'push').at;  // right after "Kirim"
    const textAt = log.entries.find((e) => e.kind === 'push' && e.done && e.status === 200).at;
    const photosAt = Date.now();
    const chunks = log.entries.filter((e) => e.kind === 'put' && !e.done).length;
    return { mode, photo_bytes: photos[0].length + photos[1].length, wire_bytes: log.wireBytes(),
      chunks, text_on_server_s: (textAt - started) / 1000, photos_complete_s: (photosAt - started) / 1000 };
  } finally {
    await context.close();
    await server.stop();
  }
}

const results = [];
for (const mode of ['lite', 'normal']) {
  const r = await oneRun(mode);
  results.push(r);
  console.log(`${r.mode}: ${r.wire_bytes} B on the wire for ${r.photo_bytes} B of photos in ${r.chunks} chunks; ` +
    `text on the server after ${r.text_on_server_s} s, photos after ${r.photos_complete_s} s`);
}
console.log(JSON.stringify({ profile: slowProfile, results }));
process.exit(0);
