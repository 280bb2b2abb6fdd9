// The officer's desk (shell/console/console_desk*.cpp) on a 1280x800 office screen, against a
// real aduan-server with reports seeded by aduan-cli (a real device, not the UI, so the test is
// cheap): Enter in the password signs in; at least 10 reports on the first screen; the default
// order is the server's own queue order and a column's order sorts it; a keyboard-only verify
// and route pass over five reports; a batch routing in which another officer (through the API)
// moved one report first, so that one is refused (409) and the others are done; no region or
// agency code where the catalog has a name; the filters kept for the officer over a reload. A
// queue longer than the server's page of 500 reaches the desk whole, also over a reload offline.
// Then a 360x640 phone keeps the one-column list. One server, one page for the desk steps.
// With ADUAN_SCREENSHOTS=1 it also writes the README's pictures (docs/console-desk-1280.png,
// docs/console-phone-360.png); a plain run writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, repoRoot, startServer } from './lib/harness.mjs';
import { openPortal, message, waitForStillness } from './lib/ui.mjs';
import { tap, typeInto, waitForText, waitForId, mirrorText, mirror } from './lib/console_ui.mjs';
import { addOfficer, login, act } from './lib/officer_wire.mjs';

const PASSWORD = 'kata-sandi-uji-123';
const REPORTS = 16;
const ROUTE_TO = 'kab-32.12-dinkes';
const ROUTE_TO_NAME = 'Dinas Kesehatan Kabupaten Indramayu';
const OTHER_AGENCY = 'kab-32.12-pupr';
const cliBinary = join(repoRoot, 'build/native/shell/cli/aduan-cli');

function catalog(file) {
  return readFileSync(join(repoRoot, 'assets/catalog', file), 'utf8').split('\n')
    .filter((line) => line && !line.startsWith('#')).map((line) => line.split('\t'));
}

async function queue(server, session, query = '') {
  const response = await fetch(`${server.url}/api/v1/officer/queue?limit=500${query}`,
    { headers: { 'X-Aduan-Session': session } });
  assert.equal(response.status, 200);
  return (await response.json()).items;
}

// The rows of the desk's table as the mirror lists them, top to bottom: their tracking codes.
async function shownCodes(page) {
  return page.evaluate(() => [...document.querySelectorAll('#a11y [data-id^="console.row."]')]
    .map((el) => el.dataset.id).filter((id) => !id.endsWith('.mark'))
    .map((id) => id.slice('console.row.'.length)));
}

async function waitForCodes(page, expected, what) {
  try {
    await page.waitForFunction((want) => {
      const got = [...document.querySelectorAll('#a11y [data-id^="console.row."]')]
        .map((el) => el.dataset.id).filter((id) => !id.endsWith('.mark'))
        .map((id) => id.slice('console.row.'.length));
      return JSON.stringify(got) === JSON.stringify(want);
    }, expected, { timeout: 20000 });
  } catch {
    assert.deepEqual(await shownCodes(page), expected, what);
  }
}

// Moves the keyboard focus with Shift+Tab (the detail's buttons are the last widgets on the
// desk, so few presses reach them) until the widget `id` has it. Bounded.
async function focusWithKeys(page, id) {
  for (let i = 0; i < 120; i++) {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.dataset?.id || (el?.classList.contains('aduan-text') ? `text:${el.getAttribute('aria-label')}` : '');
    });
    if (focused === id) return;
    await page.keyboard.press('Shift+Tab');
  }
  throw new Error(`the keyboard never reached ${id}; the screen shows:\n${await mirrorText(page)}`);
}

async function pressOn(page, id) {
  await waitForId(page, id);
  await focusWithKeys(page, id);
  await page.keyboard.press('Enter');
}

// Sends the open action form from its note field with Ctrl+Enter (the note is a text area;
// FieldOptions::submit): the form's button is never focused.
async function sendFromNote(page) {
  await waitForId(page, 'console.form.submit');
  await focusWithKeys(page, `text:${message('console.comment')}`);
  await page.keyboard.press('Control+Enter');
}

// Ticks a row for batch work and waits for the tick (the bar above the table appears with the
// first one and moves the rows down).
async function tick(page, code) {
  await tap(page, `console.row.${code}.mark`);
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true',
    mirror(`console.row.${code}.mark`), { timeout: 10000 });
}

async function status(server, session, code) {
  const item = (await queue(server, session)).find((row) => row.tracking_code === code);
  return item && `${item.status}/${item.agency_id}`;
}

async function signInWithEnter(page, server, username) {
  await openPortal(page, `${server.url}/console.html`);
  await typeInto(page, 'console.username', username);
  await tap(page, 'console.password');
  await page.waitForFunction(() => document.activeElement?.type === 'password', null, { timeout: 10000 });
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');  // no button pressed: Enter sends the form
  await waitForId(page, 'console.logout');
}

// A server with national admins `usernames` and `reports` reports pushed by aduan-cli, and a
// browser of `viewport`; both end with the test. The session of the last admin reads the
// server's own answers.
async function deskSetUp(t, { usernames, reports, viewport, isMobile = false }) {
  const server = await startServer();
  const storeDir = mkdtempSync(join(tmpdir(), 'aduan-desk-cli-'));
  const { context } = await launchBrowser({ viewport, isMobile, hasTouch: isMobile });
  t.after(async () => {
    await context.close();
    await server.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });
  for (const username of usernames) addOfficer(server.dataDir, { username, password: PASSWORD, role: 'national_admin' });
  execFileSync(cliBinary, ['--server', server.url, '--store', join(storeDir, 'cli.db'),
    '--catalog-dir', join(repoRoot, 'assets/catalog'), 'push', '--count', String(reports)], { timeout: 120000 });
  const reader = usernames.at(-1);
  const session = await login(server.url, reader, PASSWORD);
  return { server, context, session };
}

test('the desk at 1280x800: a dense sorted table, keyboard work, batch routing, names not codes', async (t) => {
  const { server, context, session: other } = await deskSetUp(t, {
    usernames: ['meja.nasional', 'admin.lain'], reports: REPORTS, viewport: { width: 1280, height: 800 } });

  const page = await context.newPage();
  await signInWithEnter(page, server, 'meja.nasional');

  // The server's own order, and the first screen: at least 10 rows fully inside 800 px.
  const serverOrder = (await queue(server, other)).map((row) => row.tracking_code);
  assert.equal(serverOrder.length, REPORTS);
  await waitForCodes(page, serverOrder, 'the desk lists the queue in the server\'s order');
  const onFirstScreen = await page.evaluate(() => [...document.querySelectorAll('#a11y [data-id^="console.row."]')]
    .filter((el) => !el.dataset.id.endsWith('.mark'))
    .filter((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })
    .length);
  assert.ok(onFirstScreen >= 10, `only ${onFirstScreen} reports on the first screen`);

  // Sorting by the code column: up, down, then the server's order again.
  const byCode = [...serverOrder].sort();
  await tap(page, 'console.desk.sort.0');
  await waitForCodes(page, byCode, 'sorted by code, ascending');
  await tap(page, 'console.desk.sort.0');
  await waitForCodes(page, [...byCode].reverse(), 'sorted by code, descending');
  await tap(page, 'console.desk.sort.0');
  await waitForCodes(page, serverOrder, 'the server\'s order again');
  await tap(page, 'console.desk.sort.0');
  await waitForCodes(page, byCode, 'sorted by code for the keyboard pass');

  // Keyboard only: down selects the next report, the detail beside follows; Shift+Tab reaches
  // its buttons, Enter presses them; the routing target is typed into the picker's search; the
  // action form is sent by Ctrl+Enter in its note, not by its button.
  for (const code of byCode.slice(0, 5)) {
    await page.keyboard.press('ArrowDown');
    await waitForText(page, `Kode: ${code}`);
    await pressOn(page, 'console.action.verify');
    await sendFromNote(page);
    await waitForText(page, message('console.action_done'));
    await pressOn(page, 'console.action.disposition');
    await waitForId(page, 'console.form.agency.search');
    await focusWithKeys(page, `text:${message('console.target_agency')}`);
    await page.keyboard.press('Control+A');  // the search keeps what was typed last time
    await page.keyboard.press('Delete');
    await page.keyboard.type(ROUTE_TO_NAME, { delay: 20 });
    // The search must hold all of the name, and so leave that one option, before Tab moves on:
    // with several options left, Tab from the chosen one lands on the next option, not the note.
    await page.waitForFunction(([sel, value]) => document.querySelector(sel)?.textContent === value,
      [mirror('console.form.agency.search'), ROUTE_TO_NAME], { timeout: 20000 });
    await page.waitForFunction((want) => document.querySelector('#a11y [data-id^="console.form.agency="]')
      ?.dataset.id === want, `console.form.agency=${ROUTE_TO}`, { timeout: 10000 });
    await page.keyboard.press('Tab');  // onto the first option the search left
    await page.waitForFunction((want) => document.activeElement?.dataset?.id === want,
      `console.form.agency=${ROUTE_TO}`, { timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');  // from the chosen agency on to the note below it
    await sendFromNote(page);
    await waitForText(page, message('console.action_done'));
    assert.equal(await status(server, other, code), `dispositioned/${ROUTE_TO}`);
  }

  // Batch: verify four reports in one step, then route them; meanwhile another officer routes
  // one of them elsewhere through the API, so that one is refused and the other three are done.
  const batch = byCode.slice(5, 9);
  for (const code of batch) await tick(page, code);
  await tap(page, 'console.batch.verify');
  for (const code of batch) {
    await page.waitForFunction(async ([url, session, c]) => {
      const r = await fetch(`${url}/api/v1/officer/queue?limit=500`, { headers: { 'X-Aduan-Session': session } });
      return (await r.json()).items.some((row) => row.tracking_code === c && row.status === 'verified');
    }, [server.url, other, code], { timeout: 20000, polling: 200 });
  }
  for (const code of batch) await waitForText(page, new RegExp(`${code}[^\\n]*${message('status.verified')}`));
  for (const code of batch) await tick(page, code);
  await tap(page, 'console.batch.agency');
  await tap(page, `console.batch.agency=${ROUTE_TO}`);
  const moved = (await queue(server, other)).find((row) => row.tracking_code === batch[1]);
  await act(server.url, other, { reportId: Buffer.from(moved.report_id, 'hex'), action: 'disposition',
    targetAgency: OTHER_AGENCY, expectedStatus: 'verified' });
  await tap(page, 'console.batch.route');
  await waitForText(page, new RegExp(`${batch[1]}[^\\n]*${message('officer.stale')}`));
  for (const code of [batch[0], batch[2], batch[3]]) {
    await page.waitForFunction(async ([url, session, c, agency]) => {
      const r = await fetch(`${url}/api/v1/officer/queue?limit=500`, { headers: { 'X-Aduan-Session': session } });
      return (await r.json()).items.some((row) => row.tracking_code === c && row.agency_id === agency);
    }, [server.url, other, code, ROUTE_TO], { timeout: 20000, polling: 200 });
  }
  assert.equal(await status(server, other, batch[1]), `dispositioned/${OTHER_AGENCY}`);
  const refusals = (await mirrorText(page)).split('\n').filter((line) => line.includes(message('officer.stale')));
  assert.equal(refusals.length, 1, `one refusal only:\n${refusals.join('\n')}`);

  // Names, not codes: every region and agency of the reports, and of their timelines, is shown
  // by its catalog name and its code appears nowhere.
  await tap(page, `console.row.${byCode[0]}`);
  await waitForText(page, `Kode: ${byCode[0]}`);
  await waitForText(page, ROUTE_TO_NAME);
  const regions = new Map(catalog('regions.tsv').map(([code, name]) => [code, name]));
  const agencies = new Map(catalog('agencies.tsv').map(([id, name]) => [id, name]));
  const items = await queue(server, other);
  const text = await mirrorText(page);
  for (const item of items) {
    const region = item.region_code;
    assert.ok(regions.has(region), `${region} is in the catalog`);
    assert.ok(text.includes(regions.get(region)), `the region ${region} is named (${regions.get(region)})`);
    assert.doesNotMatch(text, new RegExp(`(^|[^0-9.])${region.replace('.', '\\.')}([^0-9]|$)`),
      `the region code ${region} is shown`);
    if (item.agency_id && agencies.has(item.agency_id)) {
      assert.ok(text.includes(agencies.get(item.agency_id)), `the agency ${item.agency_id} is named`);
    }
  }
  for (const id of agencies.keys()) assert.ok(!text.includes(id), `the agency code ${id} is shown`);
  assert.match(text, /meja\.nasional/, 'the timeline names the officer who acted');

  // Filters: the status filter lists what the server lists for that status, in its order; the
  // filter is kept for this officer over a reload.
  await tap(page, 'console.desk.sort.0');
  await tap(page, 'console.desk.sort.0');  // back to the server's order
  await tap(page, 'console.desk.status');
  await tap(page, 'console.desk.status=dispositioned');
  const dispositioned = (await queue(server, other, '&status=dispositioned')).map((row) => row.tracking_code);
  assert.equal(dispositioned.length, 9);
  await waitForCodes(page, dispositioned, 'the status filter, in the server\'s order');
  if (process.env.ADUAN_SCREENSHOTS) {
    await tap(page, `console.row.${dispositioned[0]}`);
    await waitForText(page, `Kode: ${dispositioned[0]}`);
    await page.screenshot({ path: join(repoRoot, 'docs/console-desk-1280.png') });
  }
  await waitForStillness(page);  // the filters are in the device store before the reload
  await page.reload();
  await waitForId(page, 'console.logout');
  await waitForCodes(page, dispositioned, 'the filter is kept over a reload');

  // The public dashboard at this width: each ranking is a table, one row an agency, in the
  // server's order.
  const dashboard = await context.newPage();
  await openPortal(dashboard, `${server.url}/console.html#dashboard`);
  const year = new Date().getFullYear();
  const stats = await (await fetch(`${server.url}/api/v1/stats?year=${year}`)).json();
  assert.ok(stats.ranking_by_completion.length > 0, 'the routed reports rank their agencies');
  await waitForId(dashboard, 'dashboard.completion.header.0');
  const ranked = await dashboard.evaluate(() => [...document.querySelectorAll('#a11y [data-id^="dashboard.completion."]')]
    .map((el) => el.dataset.id).filter((id) => /^dashboard\.completion\.\d+$/.test(id)));
  assert.deepEqual(ranked, stats.ranking_by_completion.map((row) => `dashboard.completion.${row.position}`));
  const named = await mirrorText(dashboard);
  for (const row of stats.ranking_by_completion) assert.ok(named.includes(agencies.get(row.agency_id) ?? row.agency_id));
  // "Unduh data": the period's records, the open data's CSV that the server gives anyone, as a
  // download; the dashboard stays open.
  const [download] = await Promise.all([
    dashboard.waitForEvent('download', { timeout: 30000 }),
    tap(dashboard, 'dashboard.download'),
  ]);
  assert.equal(download.suggestedFilename(), `aduan-open-data-${year}.csv`);
  const file = readFileSync(await download.path(), 'utf8');
  const direct = await (await fetch(`${server.url}/api/v1/open-data/reports.csv?year=${year}`)).text();
  assert.equal(file, direct, 'the same file as the server\'s');
  assert.ok(file.startsWith('tracking_code,') && file.split('\r\n').length > 10, file.slice(0, 200));
  await waitForId(dashboard, 'dashboard.completion.header.0');
  if (process.env.ADUAN_SCREENSHOTS) await dashboard.screenshot({ path: join(repoRoot, 'docs/dashboard-1280.png') });
});

// A queue longer than one page of the server's (500 reports, the wire's bound): the console
// reads every page, the desk pages through all of them in the server's order, and the device's
// copy of every page comes back on a reload offline.
test('a queue of 520 reports reaches the desk whole, page by page, and over a reload offline', async (t) => {
  const LONG = 520;
  const { server, context, session: reader } = await deskSetUp(t, {
    usernames: ['meja.panjang', 'admin.baca'], reports: LONG, viewport: { width: 1280, height: 800 } });
  const serverOrder = [...await queue(server, reader), ...await queue(server, reader, '&offset=500')]
    .map((row) => row.tracking_code);
  assert.equal(new Set(serverOrder).size, LONG, 'the server pages its queue without gaps or repeats');

  const page = await context.newPage();
  await signInWithEnter(page, server, 'meja.panjang');
  const label = (first, last) => message('console.page').replace('{1}', first).replace('{2}', last)
    .replace('{3}', String(LONG));
  await waitForText(page, label(1, 50));
  await waitForCodes(page, serverOrder.slice(0, 50), 'the first page, in the server\'s order');
  for (let first = 51; first <= 501; first += 50) {
    await tap(page, 'console.desk.next');
    await waitForText(page, label(first, Math.min(first + 49, LONG)));
  }
  await waitForCodes(page, serverOrder.slice(500), 'the last page: the server\'s second page');
  assert.equal(await page.locator(mirror('console.desk.next')).count(), 0, 'no page after the last');

  // Offline, the console's page reloads from the service worker's copy and the queue from the
  // device's: all of its pages.
  await page.waitForFunction(() => window.aduanProgramKept, null, { timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.aduanProgramKept), { kept: true });
  await waitForStillness(page);
  await context.setOffline(true);
  await page.reload();
  await waitForId(page, 'console.logout');
  await waitForText(page, label(1, 50));
});

test('a 360x640 phone keeps the one-column queue', async (t) => {
  const { server, context } = await deskSetUp(t, {
    usernames: ['hp.nasional'], reports: 3, viewport: { width: 360, height: 640 }, isMobile: true });
  const page = await context.newPage();
  await signInWithEnter(page, server, 'hp.nasional');
  await page.locator('#a11y [data-id^="console.row."]').first().waitFor({ state: 'attached', timeout: 30000 });
  assert.equal(await page.locator(mirror('console.desk.sort.0')).count(), 0, 'no table on a phone');
  assert.equal(await page.locator(mirror('console.filter.status')).count() +
    await page.locator('#a11y [data-id^="console.filter.status"]').count() > 0, true, 'the phone\'s filters');
  const rows = await page.locator('#a11y [data-id^="console.row."]').count();
  assert.equal(rows, 3, 'one list row a report, no tick boxes');
  if (process.env.ADUAN_SCREENSHOTS) await page.screenshot({ path: join(repoRoot, 'docs/console-phone-360.png') });
});
