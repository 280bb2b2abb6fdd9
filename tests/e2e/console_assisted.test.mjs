// Reports a village official entered for neighbours, as an officer sees them in the console and
// as the public does not (issue: village officials, "Officers see 'entered by <official> for
// <citizen, or anonymous>, consent: <how>'"), in a real browser against a real aduan-server.
//
// The official's device is aduan-cli, a real client (its own SQLite outbox, the core's sync
// engine): it signs the official in, which binds the device, and sends one report for a named
// citizen who consented in writing before a witness, and one for a citizen who stays anonymous.
// A national admin opens each in the console: the line names the official (which the server
// took from the device's credentials), the citizen or "anonymous", and the consent. The public
// tracking answer of the same report names neither person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, repoRoot, serverBinary, startServer } from './lib/harness.mjs';
import { openPortal } from './lib/ui.mjs';
import { tap, waitForText, mirrorText, signIn } from './lib/console_ui.mjs';

const PASSWORD = 'kata-sandi-uji-123';
const cli = join(repoRoot, 'build/native/shell/cli/aduan-cli');

function addOfficer(dataDir, username, role, extra = []) {
  execFileSync(serverBinary, ['officer-add', '--username', username, '--role', role,
    '--data-dir', dataDir, ...extra], { env: { ...process.env, ADUAN_OFFICER_PASSWORD: PASSWORD } });
}

// Runs aduan-cli as the official's device; returns the tracking codes it printed.
function officialDevice(server, store, args) {
  const output = execFileSync(cli, ['--server', server.url, '--store', store,
    '--catalog-dir', join(repoRoot, 'assets/catalog'), ...args],
  { env: { ...process.env, ADUAN_OFFICER_PASSWORD: PASSWORD }, encoding: 'utf8' });
  return [...output.matchAll(/^ {2}([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])  delivered$/gm)].map((m) => m[1]);
}

async function openCase(page, code) {
  await tap(page, 'console.refresh');
  await tap(page, `console.row.${code}`);
  await waitForText(page, `Kode: ${code}`);
}

test('an officer sees who entered a report for whom with what consent; the public sees neither', async (t) => {
  const server = await startServer();
  const folder = mkdtempSync(join(tmpdir(), 'aduan-official-'));
  const officer = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  t.after(async () => {
    await officer.context.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  addOfficer(server.dataDir, 'admin.nasional', 'national_admin');
  addOfficer(server.dataDir, 'kades.sukamaju', 'village_official', ['--region', '32.12']);
  const store = join(folder, 'device.db');
  officialDevice(server, store, ['register']);
  officialDevice(server, store, ['official-sign-in', '--username', 'kades.sukamaju']);
  // Generated with fixed seeds: reports that are neither anonymous nor confidential (a random one
  // would be confidential one time in eight, and its public answer a 404).
  const [named] = officialDevice(server, store, ['push', '--count', '1', '--seed', '2', '--region', '32.12',
    '--citizen', 'Pak Darmin', '--consent', 'written', '--witness', 'Bu Sri']);
  const [unnamed] = officialDevice(server, store, ['push', '--count', '1', '--seed', '3', '--region', '32.12',
    '--consent', 'refused']);
  assert.ok(named && unnamed, 'both reports delivered');

  const page = await officer.context.newPage();
  await openPortal(page, server.url + '/');
  await signIn(page, 'admin.nasional', PASSWORD);

  await openCase(page, named);
  await waitForText(page, 'Dimasukkan oleh kades.sukamaju untuk Pak Darmin. Persetujuan: tertulis · saksi Bu Sri');
  await tap(page, 'console.back');
  await openCase(page, unnamed);
  await waitForText(page, 'Dimasukkan oleh kades.sukamaju untuk warga anonim. Persetujuan: tidak diberikan');
  assert.ok(!(await mirrorText(page)).includes('Pak Darmin'));

  for (const code of [named, unnamed]) {
    const answer = await fetch(`${server.url}/api/v1/track/${code}`);
    assert.equal(answer.status, 200);
    const body = await answer.text();
    for (const person of ['Darmin', 'kades', 'Bu Sri']) assert.ok(!body.includes(person), `${person} in ${body}`);
  }
});
