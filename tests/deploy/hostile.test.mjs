// tests/deploy/hostile.test.mjs: hostile traffic against aduan-server, through nginx started
// from deploy/nginx (TLS on loopback) and against the bare server, from one test process.
//
// One server (short read and write timeouts, so a stalled request frees its worker in 3 s) holds
// a few real reports, delivered by aduan-cli. Each case of hostile_cases.mjs is sent, then:
//   - its answer is what the case wants (a clear 4xx or a closed connection, mostly);
//   - /healthz answers within a second through the same door (for slow clients and idle
//     floods, three times while the crowd is still there);
//   - the server's resident memory stays under its size after start-up plus 64 MiB;
//   - the database is exactly what it was (a dump by Debian's sqlite3, read-only).
// The answers of every case, by class, are printed as a table for the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startServer } from '../e2e/lib/harness.mjs';
import { startProxy, tlsGet } from './lib/proxy.mjs';
import { hostileCases } from './hostile_cases.mjs';

const cli = join(repoRoot, 'build/native/shell/cli/aduan-cli');
const MEMORY_HEADROOM_KIB = 64 * 1024;

function residentKib(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.replace(/\D+/g, ''));
}

function dump(dataDir) {
  return execFileSync('sqlite3', ['-readonly', join(dataDir, 'aduan.db'), '.dump'], { maxBuffer: 64 * 1024 * 1024 }).toString();
}

async function healthy(target) {
  const started = Date.now();
  try {
    if (target.tls) return (await tlsGet(target.port, '/healthz', { timeoutMs: 1000 })).status === 200;
    const response = await fetch(`http://127.0.0.1:${target.port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return response.status === 200 && Date.now() - started <= 1000;
  } catch {
    return false;
  }
}

test('hostile traffic through nginx and against the bare server: refused, bounded, nothing stored changed', async (t) => {
  const server = await startServer({ args: ['--read-timeout', '3', '--write-timeout', '3',
    '--metrics-allow', '10.0.0.0/8', '--scheduler-interval', '0'] });
  const proxy = await startProxy(server.port);
  t.after(async () => { await proxy.stop(); await server.stop(); });

  execFileSync(cli, ['--server', server.url, '--store', join(server.dataDir, 'cli.db'),
    '--catalog-dir', join(repoRoot, 'assets/catalog'), 'push', '--count', '5'], { stdio: 'ignore' });
  const before = dump(server.dataDir);
  assert.match(before, /INSERT INTO "?reports"?/, 'the database holds the reports the attacks must not touch');
  const baseline = residentKib(server.pid);
  const targets = { proxy: { port: proxy.tlsPort, tls: true }, bare: { port: server.port, tls: false } };

  const rows = [];
  const failures = [];
  for (const c of hostileCases()) {
    for (const where of c.targets) {
      const target = targets[where];
      const label = `${where}: ${c.cls}: ${c.name}`;
      let seen = '';
      if (c.slow) {
        const { crowd } = await c.send(target);
        const probes = [];
        for (let i = 0; i < 3; i++) probes.push(await healthy(target));
        crowd.close();
        seen = `/healthz ${probes.filter(Boolean).length}/3 within 1 s meanwhile`;
        if (!probes.every(Boolean)) failures.push(`${label}: ${seen}`);
      } else {
        const answer = await c.send(target);
        seen = answer.status ? String(answer.status) : (answer.closed ? 'closed' : 'no answer');
        if (!c.ok(answer, where)) failures.push(`${label}: wanted ${c.wanted}, got ${seen} ${JSON.stringify(answer.text.slice(0, 120))}`);
      }
      if (!(await healthy(target))) failures.push(`${label}: /healthz did not answer within 1 s afterwards`);
      const resident = residentKib(server.pid);
      if (resident > baseline + MEMORY_HEADROOM_KIB) failures.push(`${label}: resident memory ${resident} KiB (start ${baseline} KiB)`);
      if (dump(server.dataDir) !== before) failures.push(`${label}: the database changed`);
      rows.push({ where, cls: c.cls, name: c.name, seen });
    }
  }
  console.log(`| door | class | case | answer |\n|---|---|---|---|\n${rows.map((r) => `| ${r.where} | ${r.cls} | ${r.name} | ${r.seen} |`).join('\n')}`);
  console.log(`cases: ${rows.length} (${new Set(rows.map((r) => r.cls)).size} classes); server resident ${residentKib(server.pid)} KiB, start ${baseline} KiB`);
  assert.ok(rows.length >= 60, `only ${rows.length} cases`);
  assert.deepEqual(failures, [], `nginx log:\n${proxy.log().slice(-2000)}\nserver log:\n${server.log().slice(-2000)}`);
});
