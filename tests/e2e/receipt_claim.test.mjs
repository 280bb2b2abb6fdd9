// The receipt's handover and "Klaim laporan" in real browsers against a real aduan-server, as
// one story: a report made at a kiosk (kiosk.html, set up by the office's admin); its receipt
// shows the secret and a QR code; the printed slips (print media, 58 and 80 mm pages, saved as
// PDF by chromium and rendered to an image by pdftoppm) carry the code and a QR code that a real
// decoder (zbarimg) reads as the claim address, the server's root (not the kiosk's page), the
// same as on screen; the server records the report as the kiosk's (channel kiosk); the address
// zbarimg read opens the claim in another browser (its own profile and storage), where a wrong
// secret typed first was refused; the agency's answer and case clock show, the citizen's reply
// ("Kirim balasan") sends the case back to the agency, whose second answer the phone then
// accepts and rates (both reach the server), and the report with its answer is there offline
// after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, watchForErrors } from './lib/harness.mjs';
import { openPortal, message } from './lib/ui.mjs';
import { tap, tapAway, typeInto, waitForText, waitForWidget, reveal, screenText } from './lib/citizen_ui.mjs';
import { addOfficer, login, firstReport, act } from './lib/officer_wire.mjs';
import { setUpKiosk, kioskAgency, kioskOffice } from './lib/kiosk_ui.mjs';

const kCode = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/;
const kGroupedSecret = /^[0-9a-f]{4}( [0-9a-f]{4}){7}$/;
const title = 'Jembatan desa retak dan miring';

async function portalIn(t, server, options = {}) {
  const { context, profileDir } = await launchBrowser(options);
  t.after(async () => {
    await context.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });
  const page = await context.newPage();
  // window.print() opens a dialog in a desktop browser; here it only counts.
  await page.addInitScript(() => { window.print = () => { window.aduanPrints = (window.aduanPrints || 0) + 1; }; });
  const problems = watchForErrors(page);
  return { context, page, problems };
}

async function sendReport(page) {
  await tap(page, 'button', 'Laporan baru');
  await typeInto(page, 'Judul laporan', title);
  await typeInto(page, 'Isi laporan', 'Jembatan penghubung dua dusun retak di tengah dan mulai miring ke sungai.');
  await typeInto(page, 'Wilayah kejadian', 'Indramayu');
  await tap(page, 'radio', 'Kab. Indramayu');
  await tap(page, 'radio', 'Infrastruktur (jalan, jembatan, irigasi)');
  await tap(page, 'radio', 'Tidak tahu (admin akan meneruskan)');
  await tap(page, 'button', 'Kirim');
  await waitForText(page, /^Laporan Anda tercatat$/);
  const code = await waitForText(page, kCode);
  const secret = (await waitForText(page, kGroupedSecret)).replace(/ /g, '');
  return { code, secret };
}

// A QR code in a PNG, as zbarimg reads it ('' when it finds none).
function decodeQr(png) {
  try {
    return execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

// Checks the QR code on the receipt's screen and the printed slips (58 and 80 mm); returns the
// address zbarimg read from them, the same each time.
async function qrOfReceipt(t, page, code, secret) {
  const dir = mkdtempSync(join(tmpdir(), 'aduan-slip-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const box = await reveal(page, 'img', message('receipt.qr_name'));
  await page.screenshot({ path: join(dir, 'screen.png'), clip: box });
  const onScreen = decodeQr(join(dir, 'screen.png'));

  for (const width of [58, 80]) {
    await tap(page, 'button', message(`receipt.print_${width}`));
    await page.waitForFunction((n) => window.aduanPrints === n && document.getElementById('aduan-slip'),
      width === 58 ? 1 : 2, { timeout: 10000 });
    const pdf = join(dir, `slip-${width}.pdf`);
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    // One page, as wide as the paper (1 mm = 72 / 25.4 pt).
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info, /^Pages:\s+1$/m);
    const points = Number(/Page size:\s+([\d.]+) x/.exec(info)[1]);
    assert.ok(Math.abs(points - (width * 72) / 25.4) < 1.5, `page ${points} pt wide for ${width} mm`);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(code), `the slip carries the code:\n${text}`);
    assert.ok(text.replace(/\s/g, '').includes(secret), `the slip carries the secret:\n${text}`);
    assert.ok(!text.includes(title), 'the slip carries nothing of the report itself');
    // A receipt printer's resolution.
    execFileSync('pdftoppm', ['-r', '203', '-png', '-singlefile', pdf, join(dir, `slip-${width}`)]);
    assert.equal(decodeQr(join(dir, `slip-${width}.png`)), onScreen, `the ${width} mm slip's QR code`);
  }
  // On screen the slip is never shown: the canvas is what the citizen sees. It holds the
  // secret, so it leaves the page with the receipt.
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('aduan-slip')).display), 'none');
  await tapAway(page, 'button', message('kiosk.done'));
  await waitForWidget(page, 'button', message('nav.new_report'));
  assert.equal(await page.evaluate(() => document.getElementById('aduan-slip')), null);
  return onScreen;
}

test('a kiosk report\'s QR code, on screen and on 58 and 80 mm slips, opens the claim on another browser, which answers the report and keeps it offline', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const kiosk = await portalIn(t, server, { viewport: { width: 1080, height: 1920 }, hasTouch: true });
  await setUpKiosk(kiosk.page, server);
  assert.equal(new URL(kiosk.page.url()).pathname, '/kiosk.html');
  const { code, secret } = await sendReport(kiosk.page);
  await waitForText(kiosk.page, /^Terkirim$/);
  const claimAddress = await qrOfReceipt(t, kiosk.page, code, secret);
  assert.equal(claimAddress, `${server.url}/#klaim?kode=${code}&rahasia=${secret}`);

  addOfficer(server.dataDir, { username: 'admin', password: 'kata-sandi-admin-1', role: 'national_admin' });
  const admin = await login(server.url, 'admin', 'kata-sandi-admin-1');
  const row = await firstReport(server.url, admin, 'received');
  assert.equal(row.trackingCode, code);
  const made = await (await fetch(`${server.url}/api/v1/officer/reports/${row.id.toString('hex')}`,
    { headers: { 'X-Aduan-Session': admin } })).json();
  assert.equal(made.channel, 'kiosk');
  assert.deepEqual(made.office, { name: kioskOffice, agency_id: kioskAgency });
  await act(server.url, admin, { reportId: row.id, action: 'verify', expectedStatus: 'received' });
  await act(server.url, admin, { reportId: row.id, action: 'disposition', targetAgency: 'kemendagri-dukcapil' });
  addOfficer(server.dataDir, { username: 'dukcapil', password: 'kata-sandi-dukcapil-1',
    role: 'liaison_officer', agency: 'kemendagri-dukcapil' });
  const liaison = await login(server.url, 'dukcapil', 'kata-sandi-dukcapil-1');
  await act(server.url, liaison, { reportId: row.id, action: 'follow_up', note: 'Sedang dicek petugas.' });
  const answer = 'Jembatan sudah ditopang sementara; perbaikan dijadwalkan.';
  await act(server.url, liaison, { reportId: row.id, action: 'respond', note: answer });

  // The citizen's own phone: another browser, its own storage, touch.
  const phone = await portalIn(t, server, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const { page, context } = phone;
  await openPortal(page, server.url + '/');
  await waitForWidget(page, 'button', 'Pengaturan');
  // Typed with a wrong secret first: refused, and nothing of the report is shown.
  await tap(page, 'button', message('claim.title'), { touch: true });
  await typeInto(page, 'Kode lacak', code, { touch: true });
  await typeInto(page, message('receipt.secret_label'), 'ab'.repeat(16), { touch: true });
  await tap(page, 'button', message('claim.button'), { touch: true });
  await waitForText(page, new RegExp(`^${message('claim.refused').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  assert.ok(!(await screenText(page)).includes(title));

  // Then from the QR code's address (as a camera app opens it: a new load of the page): the
  // screen is filled, and the secret leaves the address bar.
  await page.goto('about:blank');
  await openPortal(page, claimAddress);
  await waitForWidget(page, 'heading', message('claim.title'));
  assert.equal(page.url(), `${server.url}/`);
  await tap(page, 'button', message('claim.button'), { touch: true });
  await waitForWidget(page, 'heading', title);
  await waitForText(page, new RegExp(`^Jawaban instansi: ${answer}$`));
  await waitForText(page, /^Menunggu tanggapan Anda$/);  // the case clock of a responded case

  // Not satisfied: a reply from the phone sends the case back to the agency, which answers again.
  const reply = 'Penopangnya sudah miring lagi, mohon dicek ulang.';
  await typeInto(page, message('reporter.reply'), reply, { touch: true });
  await tap(page, 'button', message('reporter.send_reply'), { touch: true });
  await waitForText(page, new RegExp(`^${message('reporter.sent.reporter_reply').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  const replied = await (await fetch(`${server.url}/api/v1/officer/reports/${row.id.toString('hex')}`,
    { headers: { 'X-Aduan-Session': liaison } })).json();
  assert.equal(replied.status, 'in_progress');
  assert.ok(JSON.stringify(replied).includes(reply), `the reply reached the agency: ${JSON.stringify(replied)}`);
  const second = 'Penopang diganti baja; perbaikan permanen minggu depan.';
  await act(server.url, liaison, { reportId: row.id, action: 'respond', note: second });
  await tap(page, 'button', 'Laporan saya', { touch: true });
  await tap(page, 'button', title, { touch: true });
  await waitForText(page, new RegExp(`^Jawaban instansi: ${second}$`));

  // Accepted and rated from the phone: both reach the server.
  await tap(page, 'button', 'Terima jawaban dan tutup laporan', { touch: true });
  await waitForText(page, /^Selesai$/);
  await tap(page, 'radio', '5', { touch: true });
  await tap(page, 'button', 'Kirim nilai', { touch: true });
  await waitForText(page, /^Terima kasih\. Anda memberi nilai 5 dari 5\.$/);
  const tracked = await (await fetch(`${server.url}/api/v1/track/${code}`)).json();
  assert.equal(tracked.status, 'completed');
  assert.ok(tracked.timeline.some((step) => step.status === 'completed'));

  // Offline afterwards, after a reload: the claimed report is in "Laporan saya" with its answer.
  await context.setOffline(true);
  await page.reload();
  await waitForWidget(page, 'button', 'Pengaturan');
  await tap(page, 'button', 'Laporan saya', { touch: true });
  await tap(page, 'button', title, { touch: true });
  await waitForText(page, new RegExp(`^Jawaban instansi: ${second}$`));
  await waitForText(page, /^Selesai$/);
  assert.deepEqual(kiosk.problems, []);
  // The browser logs the refused claim's 404 and the offline requests; nothing else went wrong.
  assert.deepEqual(phone.problems.filter((p) => !p.startsWith('failed:') &&
    !/ERR_INTERNET_DISCONNECTED|status of 404 \(Not Found\)/.test(p)), []);
  assert.equal(phone.problems.filter((p) => /status of 404/.test(p)).length, 1);
});
