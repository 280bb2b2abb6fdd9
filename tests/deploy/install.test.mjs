// tests/deploy/install.test.mjs: what `make install` lays out is what deploy/systemd expects.
//
// Installs both builds into a temporary prefix with `cmake --install`, checks the unit file
// with `systemd-analyze verify` (with /usr/local pointed at that prefix), and starts the
// installed server with the unit's own ExecStart line (only the prefix, data folder and port
// changed): it must serve the portal and the catalog from the installed files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, freePort } from '../e2e/lib/harness.mjs';

test('make install lays out what the systemd unit runs, and the unit verifies', async (t) => {
  const prefix = mkdtempSync(join(tmpdir(), 'aduan-install-'));
  t.after(() => rmSync(prefix, { recursive: true, force: true }));
  for (const build of ['build/native', 'build/web']) {
    execFileSync('cmake', ['--install', join(repoRoot, build), '--prefix', prefix], { stdio: 'ignore' });
  }
  const server = join(prefix, 'bin/aduan-server');
  assert.ok(existsSync(server), 'bin/aduan-server');
  assert.ok(existsSync(join(prefix, 'share/aduan/dist/index.html')), 'share/aduan/dist/index.html');
  assert.ok(existsSync(join(prefix, 'share/aduan/dist/assets/catalog/regions.tsv')), 'the catalog inside dist');
  assert.match(execFileSync(server, ['--version']).toString(),
    /^aduan-server \d+\.\d+\.\d+ \(wire protocol \d+-\d+, database schema \d+\)\n$/);

  // The unit, pointed at the prefix, verifies (its ExecStart binary exists and runs as written).
  const unitText = readFileSync(join(repoRoot, 'deploy/systemd/aduan-server.service'), 'utf8');
  assert.match(unitText, /^\[Unit\]$/m);
  assert.match(unitText, /^\[Install\]$/m);
  for (const setting of ['StateDirectory=aduan', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'PrivateTmp=yes', 'DynamicUser=yes']) {
    assert.ok(unitText.includes(setting), setting);
  }
  const unit = join(prefix, 'aduan-server.service');
  writeFileSync(unit, unitText.split('/usr/local').join(prefix));
  execFileSync('systemd-analyze', ['verify', unit], { stdio: 'pipe' });

  // The unit's ExecStart, as systemd would run it (continuation lines joined).
  const execStart = /^ExecStart=((?:.*\\\n)*.*)$/m.exec(unitText)[1].replace(/\\\n\s*/g, ' ');
  const port = await freePort();
  const dataDir = join(prefix, 'state');
  const args = execStart.split(/\s+/).slice(1)
    .map((a) => a.split('/usr/local').join(prefix))
    .map((a) => (a === '/var/lib/aduan' ? dataDir : a === '8080' ? String(port) : a));
  assert.ok(args.includes(dataDir) && args.includes(String(port)), `ExecStart is not what this test expects: ${execStart}`);
  const child = spawn(execStart.split(/\s+/)[0].split('/usr/local').join(prefix), args, { stdio: 'ignore' });
  t.after(() => child.kill('SIGTERM'));
  let page = null;
  for (let i = 0; i < 200 && !page; i++) {
    page = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
    if (!page) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(page, 'the installed server answers');
  assert.match(await page.text(), /<!doctype html>/i);
  const catalog = await fetch(`http://127.0.0.1:${port}/api/v1/catalog`);
  assert.equal(catalog.status, 200, 'the catalog is read from the installed dist');
});
