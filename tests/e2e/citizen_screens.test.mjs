// The citizen's screens in a real browser against a real aduan-server: the form's errors beside
// their fields, a report from the form to the server (with a phone number and "Kirim kabar lewat
// SMS", which the server keeps as the reporter's consent) and back into "My reports", and an
// officer's work on the server reaching the citizen's device after a sync, in English.
// Widgets are found through the accessibility mirror by role and name and used with real
// pointer, touch and keyboard input (lib/citizen_ui.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tap, typeInto, choose, attribute, reveal, waitForText, waitForWidget, redPixelsIn,
  screenText, settingSurvivesReload, openCitizenHome } from './lib/citizen_ui.mjs';
import { addOfficer, login, firstReport, act } from './lib/officer_wire.mjs';
import { waitForQuiet } from './lib/device.mjs';

const kCode = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/;
const report = {
  title: 'Lampu jalan padam sejak seminggu',
  body: 'Lampu penerangan jalan di depan pasar padam sejak seminggu, jalan gelap dan rawan.',
};

const setUp = openCitizenHome;

// Fills the whole form, as on a wide screen (one page) or a phone (five steps), and sends it.
// With `sms`, the privacy part gets a phone number and "Kirim kabar lewat SMS" ticked.
async function sendReport(page, { touch = false, steps = false, sms = false } = {}) {
  let step = 1;
  const next = async () => {
    if (!steps) return;
    await tap(page, 'button', 'Lanjut', { touch });
    step += 1;
    await waitForText(page, new RegExp(`^Langkah ${step} dari 5$`));
  };
  await tap(page, 'button', 'Laporan baru', { touch });
  await typeInto(page, 'Judul laporan', report.title, { touch });
  await typeInto(page, 'Isi laporan', report.body, { touch });
  await next();
  await choose(page, 'Wilayah kejadian', 'Indramayu', 'Kab. Indramayu', { touch });
  await typeInto(page, 'Detail lokasi (jalan, patokan, desa)', 'Jl. Pasar Baru', { touch });
  await next();
  await choose(page, 'Kategori', 'Infra', 'Infrastruktur (jalan, jembatan, irigasi)', { touch });
  await choose(page, 'Instansi tujuan', '', 'Tidak tahu (admin akan meneruskan)', { touch });
  await next();
  if (sms) {
    await typeInto(page, 'Nomor telepon', '081234567890', { touch });
    await tap(page, 'checkbox', 'Kirim kabar lewat SMS', { touch });
    await page.waitForFunction(() => (window.aduanUi?.nodes() || [])
      .some((n) => n.role === 'checkbox' && n.name === 'Kirim kabar lewat SMS' && n.checked), null, { timeout: 10000 });
  }
  await next();
  if (steps) await waitForText(page, /^Periksa dan kirim$/);
  await tap(page, 'button', 'Kirim', { touch });
  await waitForText(page, /^Laporan Anda tercatat$/);
  const code = await waitForText(page, kCode);
  return code;
}

test('a form with mistakes shows each error beside its field', async (t) => {
  const { page, problems } = await setUp(t, { viewport: { width: 1024, height: 720 } });
  await tap(page, 'button', 'Laporan baru');
  await typeInto(page, 'Judul laporan', 'Jalan');
  await typeInto(page, 'Isi laporan', 'rusak');
  await typeInto(page, 'Tanggal kejadian', '2099-01-01');
  await tap(page, 'button', 'Kirim');

  const expected = {
    'Judul laporan': 'Judul laporan minimal 10 karakter.',
    'Isi laporan': 'Isi laporan minimal 30 karakter. Ceritakan apa, di mana, dan kapan.',
    'Tanggal kejadian': 'Tanggal kejadian tidak boleh setelah hari ini.',
    'Wilayah kejadian': 'Pilih wilayah kejadian.',
    Kategori: 'Pilih kategori laporan.',
  };
  await waitForText(page, /^Ada 5 isian yang perlu diperbaiki\.$/);
  for (const [field, message] of Object.entries(expected)) {
    assert.equal(await attribute(page, 'textbox', field, 'aria-invalid'), 'true', field);
    assert.equal(await attribute(page, 'textbox', field, 'aria-description'), message, field);
  }
  // A field without a mistake is not marked.
  assert.equal(await attribute(page, 'textbox', 'Detail lokasi (jalan, patokan, desa)', 'aria-invalid'), null);

  // The message is drawn in red right under its own field, not somewhere else on the page.
  const title = await reveal(page, 'textbox', 'Judul laporan');
  const below = await redPixelsIn(page, { x: title.x, y: title.y + title.height, width: title.width, height: 28 });
  assert.ok(below > 30, `no red text under the title field (${below} red pixels)`);
  const place = await reveal(page, 'textbox', 'Detail lokasi (jalan, patokan, desa)');
  const belowPlace = await redPixelsIn(page, { x: place.x, y: place.y + place.height, width: place.width, height: 28 });
  assert.ok(belowPlace < below / 4, `red under a field without a mistake (${belowPlace} red pixels)`);

  // Correcting a field clears its error at once, before the next "Kirim".
  await typeInto(page, 'Judul laporan', report.title);
  await page.waitForFunction(() => (window.aduanUi.nodes() || [])
    .some((n) => n.role === 'textbox' && n.name === 'Judul laporan' && !n.invalid), null, { timeout: 10000 });
  assert.deepEqual(problems, []);
});

test('a report goes from the phone form to the receipt, My reports and the server', async (t) => {
  const { server, page, problems } = await setUp(t, {
    viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const code = await sendReport(page, { touch: true, steps: true, sms: true });
  assert.match(code, kCode);
  await waitForText(page, /^Terkirim$/);  // the outbox says delivered
  const stored = execFileSync('sqlite3', ['-readonly', join(server.dataDir, 'aduan.db'),
    `SELECT contact_phone, sms_consent FROM reports WHERE tracking_code = '${code}'`], { encoding: 'utf8' });
  assert.equal(stored.trim(), '081234567890|1', 'the phone and the consent to news by SMS');
  await waitForWidget(page, 'button', 'Salin kode');

  await tap(page, 'button', 'Laporan saya', { touch: true });
  await waitForWidget(page, 'button', report.title);
  const row = await page.evaluate((title) => window.aduanUi.nodes()
    .find((n) => n.role === 'button' && n.name === title), report.title);
  assert.ok(row.description.startsWith(code), `the row names its code: ${row.description}`);

  const tracked = await fetch(`${server.url}/api/v1/track/${code}`);
  assert.equal(tracked.status, 200);
  const view = await tracked.json();
  assert.equal(view.status, 'received');
  assert.deepEqual(problems, []);
});

test('an officer\'s answer on the server reaches My reports after a sync, in English, and the citizen closes and rates it', async (t) => {
  const { server, page, problems } = await setUp(t, { viewport: { width: 1024, height: 720 } });
  const code = await sendReport(page);
  await waitForText(page, /^Terkirim$/);

  addOfficer(server.dataDir, { username: 'admin', password: 'kata-sandi-admin-1', role: 'national_admin' });
  addOfficer(server.dataDir, { username: 'dukcapil', password: 'kata-sandi-dukcapil-1',
    role: 'liaison_officer', agency: 'kemendagri-dukcapil' });
  const admin = await login(server.url, 'admin', 'kata-sandi-admin-1');
  const row = await firstReport(server.url, admin, 'received');
  assert.equal(row.trackingCode, code);
  await act(server.url, admin, { reportId: row.id, action: 'verify', expectedStatus: 'received' });
  await act(server.url, admin, { reportId: row.id, action: 'disposition',
    targetAgency: 'kemendagri-dukcapil', expectedStatus: 'verified' });
  const liaison = await login(server.url, 'dukcapil', 'kata-sandi-dukcapil-1');
  await act(server.url, liaison, { reportId: row.id, action: 'follow_up', note: 'Sedang dicek petugas.' });
  const answer = 'Lampu sudah diganti oleh dinas terkait.';
  assert.equal(await act(server.url, liaison, { reportId: row.id, action: 'respond', note: answer }),
    'responded');

  await tap(page, 'button', 'Laporan saya');
  await tap(page, 'button', report.title);
  await tap(page, 'button', 'Periksa kabar terbaru');
  await waitForText(page, new RegExp(`^Jawaban instansi: ${answer}$`));
  await waitForText(page, /^Ditanggapi$/);
  await waitForText(page, /^Menunggu tanggapan Anda$/);  // the case clock of a responded case
  await waitForText(page, /^Paling lambat \d{4}-\d\d-\d\d, sisa 10 hari kerja\.$/);

  // Settings -> English: every screen speaks English, the report included.
  await tap(page, 'button', '← Beranda');
  await tap(page, 'button', 'Pengaturan');
  await tap(page, 'radio', 'English');
  await waitForWidget(page, 'heading', 'Settings');
  await tap(page, 'button', '← Home');
  for (const label of ['New report', 'My reports', 'Track a code', 'Outbox', 'Settings'])
    await waitForWidget(page, 'button', label);
  await tap(page, 'button', 'My reports');
  await waitForWidget(page, 'button', report.title);
  const chip = await attribute(page, 'button', report.title, 'aria-valuetext');
  assert.equal(chip, 'Responded', await screenText(page));
  await tap(page, 'button', report.title);
  await waitForText(page, new RegExp(`^Agency's answer: ${answer}$`));

  // The citizen accepts the answer, then rates the handling: both reach the server.
  await tap(page, 'button', 'Accept the answer and close the report');
  await waitForText(page, /^Report closed\. Thank you\.$/);
  await waitForText(page, /^Completed$/);
  await tap(page, 'radio', '4');
  await typeInto(page, 'Comment (optional)', 'Cepat dan jelas.');
  await tap(page, 'button', 'Send the rating');
  await waitForText(page, /^Thank you\. You rated it 4 out of 5\.$/);
  const tracked = await (await fetch(`${server.url}/api/v1/track/${code}`)).json();
  assert.equal(tracked.status, 'completed');
  assert.deepEqual(problems, []);
});

test('nothing typed is lost on reload: the reopened app offers to continue the draft', async (t) => {
  const { page, problems } = await setUp(t, { viewport: { width: 1024, height: 720 } });
  await tap(page, 'button', 'Laporan baru');
  await typeInto(page, 'Judul laporan', report.title);
  await typeInto(page, 'Isi laporan', report.body);
  await waitForText(page, /^Draf tersimpan di perangkat ini\.$/);
  await waitForQuiet(page);  // every commit is in IndexedDB: a reload now is a reopened app
  await page.reload();
  await waitForWidget(page, 'button', 'Lanjutkan laporan');
  await waitForText(page, new RegExp(`^Anda belum selesai menulis: "${report.title}"$`));
  await tap(page, 'button', 'Lanjutkan laporan');
  await waitForWidget(page, 'textbox', 'Judul laporan');
  assert.equal(await page.evaluate(() => window.aduanUi.nodes()
    .find((n) => n.role === 'textbox' && n.name === 'Isi laporan').value), report.body);
  assert.deepEqual(problems, []);
});

test('tracking accepts look-alike characters, explains a typo, and shows the saved history offline', async (t) => {
  const { page, problems, context } = await setUp(t, { viewport: { width: 1024, height: 720 } });
  const code = await sendReport(page);
  await waitForText(page, /^Terkirim$/);
  await tap(page, 'button', '← Beranda');
  await tap(page, 'button', 'Lacak kode');

  // A typo is caught on the device, beside the field, before any request.
  const typo = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
  await typeInto(page, 'Kode lacak', typo);
  await tap(page, 'button', 'Lacak');
  await page.waitForFunction(() => window.aduanUi.nodes()
    .some((n) => n.role === 'textbox' && n.name === 'Kode lacak' && n.invalid), null, { timeout: 10000 });
  assert.equal(await attribute(page, 'textbox', 'Kode lacak', 'aria-description'),
    'Kode lacak tidak valid. Mungkin ada karakter yang salah ketik.');

  // Lower case, no hyphens, O for 0 and l for 1: still the same code.
  const sloppy = code.replace(/-/g, '').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
  await typeInto(page, 'Kode lacak', sloppy);
  await tap(page, 'button', 'Lacak');
  await waitForWidget(page, 'heading', code);
  await waitForText(page, /^Diterima$/);

  // Offline: the history last seen on this device, labelled as such.
  await context.setOffline(true);
  await tap(page, 'button', 'Lacak');
  await waitForText(page, /^Anda sedang luring: ini riwayat terakhir yang tersimpan di perangkat ini\.$/);
  await waitForWidget(page, 'heading', code);
  await context.setOffline(false);
  // The requests refused while offline are the browser's own log lines, not the portal's errors.
  assert.deepEqual(problems.filter((p) => !p.startsWith('failed:') && !p.includes('ERR_INTERNET_DISCONNECTED')), []);
});

test('a photo goes with its report: chosen, counted, saved with it and uploaded', async (t) => {
  const { server, page, problems } = await setUp(t, { viewport: { width: 1024, height: 720 } });
  // A real JPEG, drawn by the browser itself (stripes, so it does not compress to nothing).
  const jpeg = Buffer.from(await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 800; canvas.height = 600;
    const context2d = canvas.getContext('2d');
    for (let x = 0; x < 800; x += 10) {
      context2d.fillStyle = `hsl(${x % 360}, 70%, 50%)`;
      context2d.fillRect(x, 0, 10, 600);
    }
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
  }), 'base64');

  await tap(page, 'button', 'Laporan baru');
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  await tap(page, 'button', 'Tambah foto atau PDF');
  await (await chooser).setFiles({ name: 'jalan.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await waitForText(page, /^1 lampiran dipilih, \d+(\.\d)? KB$/);

  await typeInto(page, 'Judul laporan', report.title);
  await typeInto(page, 'Isi laporan', report.body);
  await choose(page, 'Wilayah kejadian', 'Indramayu', 'Kab. Indramayu');
  await choose(page, 'Kategori', 'Infra', 'Infrastruktur (jalan, jembatan, irigasi)');
  await tap(page, 'button', 'Kirim');
  await waitForText(page, /^1 lampiran akan dikirim setelah laporan diterima\.$/);
  await waitForText(page, /^Terkirim$/);

  // The outbox empties once the photo's bytes are on the server.
  await tap(page, 'button', '← Beranda');
  await tap(page, 'button', 'Kotak keluar');
  await waitForText(page, /^Tidak ada laporan yang menunggu\.$/, 60000);
  // ... and the server took them: its own count of answered attachment requests.
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const uploads = /aduan_http_requests_total\{route="\/api\/v1\/reports\/\{report_id\}\/attachments\/\{attachment_id\}",status="200"\} (\d+)/
    .exec(metrics);
  assert.ok(uploads && Number(uploads[1]) >= 1, 'no attachment request answered 200');
  assert.deepEqual(problems, []);
});

test('settings check the server address and keep the text size across a reload', async (t) => {
  const { page, problems } = await setUp(t, { viewport: { width: 1024, height: 720 } });
  await tap(page, 'button', 'Pengaturan');
  await waitForText(page, /^Terpakai /);  // storage used, as the browser estimates it

  await typeInto(page, 'Alamat server', 'ftp://aduan.contoh.go.id');
  await tap(page, 'button', 'Simpan alamat');
  await page.waitForFunction(() => window.aduanUi.nodes()
    .some((n) => n.role === 'textbox' && n.name === 'Alamat server' && n.invalid), null, { timeout: 10000 });
  assert.match(await attribute(page, 'textbox', 'Alamat server', 'aria-description'), /^Alamat harus diawali http/);

  await settingSurvivesReload(page, '150%');
  assert.deepEqual(problems, []);
});
