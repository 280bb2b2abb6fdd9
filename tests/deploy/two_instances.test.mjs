// tests/deploy/two_instances.test.mjs: the deployment of README "Several instances on
// PostgreSQL", run whole on loopback: a throw-away PostgreSQL cluster, two aduan-server instances
// on it (one over TCP, one over the Unix socket), nginx in front of both with
// deploy/nginx/aduan-upstream.conf (round robin, passive health checks, failed requests retried on
// the other instance), and aduan-cli devices talking HTTPS to nginx.
//
// While text devices push and pull, photo devices upload in small chunks, two officers verify
// the same queue through one instance each, and pairs of `aduan-server run-scheduler` passes
// (the deadline scheduler at an instant 150 days ahead, so the Ombudsman markers fall due) race
// each other, the instance that runs the in-server scheduler is killed with SIGKILL and started
// again on its port. Then, from the database itself (psql):
//   - every report a device holds as delivered is stored once, with one "received" event, and
//     the device has nothing else stored under its name;
//   - every photo is complete, its chunks end to end, their SHA-256 the file's;
//   - each device pulled every event of its reports exactly once (its --pulled-log against
//     `events WHERE device_id`): the pull cursor skipped nothing that committed late, though
//     writers of both instances and of the scheduler passes committed all the while;
//   - no case was verified twice (two officers, two instances, one queue) and no system action
//     was recorded twice; the passes' own counts add up to what is stored, and one more pass at
//     the same instant finds nothing left to do;
//   - one instance at a time ran the in-server scheduler, and the survivor took it over.
// Every wait is for a state, bounded; every loop has a maximum count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, serverBinary, startServer } from '../e2e/lib/harness.mjs';
import { addOfficer, act, firstReport, login } from '../e2e/lib/officer_wire.mjs';
import { startProxy } from './lib/proxy.mjs';
import { startPostgres } from './lib/postgres.mjs';

const cli = join(repoRoot, 'build/native/shell/cli/aduan-cli');
const catalogDir = join(repoRoot, 'assets/catalog');
const MAX_ROUNDS = 40;            // per device; the loops end on states long before
const ROUNDS_AFTER_RESTART = 2;   // each device keeps going this long with both instances back
const PHOTO_BYTES = 96 * 1024;
const CHUNK_BYTES = 8 * 1024;     // a dozen requests per photo, spread over both instances
const password = 'kata-sandi-panjang';

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

// Runs a program to its end (killed after `timeoutMs`, or when the test ends); resolves
// { code, out }.
const running = new Set();
function run(program, args, { env = process.env, timeoutMs = 90000 } = {}) {
  return new Promise((done) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.on('exit', () => running.delete(child));
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => { clearTimeout(timer); done({ code: code ?? signal, out }); });
  });
}

// Polls `check` until it holds, for at most `timeoutMs`.
async function until(what, check, timeoutMs = 30000) {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (await check()) return;
    await pause(100);
  }
  if (!(await check())) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
}

const schedulerPasses = (server) => (server.log().match(/^\{"scheduler":/gm) || []).length;

// The device's own SQLite store, read-only (Debian's sqlite3, as hostile.test.mjs does).
function local(device, sql) {
  return execFileSync('sqlite3', ['-readonly', '-separator', '\t', device.store, sql], { encoding: 'utf8' })
    .split('\n').filter(Boolean).map((line) => line.split('\t'));
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

test('two instances on one PostgreSQL behind nginx, one killed and restarted: nothing lost, repeated or skipped', async (t) => {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'aduan-two-'));
  const servers = {};
  let proxy = null;
  let pg = null;
  let stopping = false;  // set after the devices' loops, or when the test ends early: every loop ends
  t.after(async () => {
    stopping = true;
    for (const child of running) child.kill('SIGKILL');
    if (proxy) await proxy.stop();
    for (const server of Object.values(servers)) await server.stop();
    if (pg) pg.stop();
    rmSync(work, { recursive: true, force: true });
  });

  pg = await startPostgres();
  pg.createdb('aduan');
  const count = (sql) => Number(pg.psql('aduan', sql)[0][0]);
  const databaseArgs = ['--database-url', pg.url('aduan')];
  // Rate limits are per instance and every client here is 127.0.0.1: generous ones, the limits
  // have tests of their own.
  const common = ['--scheduler-interval', '1', '--device-rate', '50', '--address-rate', '2000'];
  // One instance over TCP, the other over the cluster's Unix socket: both forms of the URL.
  const args = { a: [...databaseArgs, ...common], b: ['--database-url', pg.socketUrl('aduan'), ...common] };
  // Both at once: the migrations and the agency seeding of a fresh database run under their locks.
  [servers.a, servers.b] = await Promise.all([startServer({ args: args.a }), startServer({ args: args.b })]);
  proxy = await startProxy([servers.a.port, servers.b.port]);
  const door = `https://127.0.0.1:${proxy.tlsPort}`;
  const cliEnv = { ...process.env, SSL_CERT_FILE: proxy.certificate };  // trust the run's certificate

  const officers = ['a', 'b'].map((name) => ({ name, verified: 0, lost: 0, unreachable: 0, errors: [] }));
  for (const officer of officers) {
    addOfficer(work, { username: `admin.${officer.name}`, password, role: 'national_admin', serverArgs: databaseArgs });
    officer.session = await login(servers[officer.name].url, `admin.${officer.name}`, password);
  }

  const devices = ['d1', 'd2', 'd3', 'p1', 'p2'].map((name) => ({
    name, photo: name.startsWith('p'), store: join(work, `${name}.db`), pulled: join(work, `${name}.pulled`),
    file: join(work, `${name}.jpg`), runs: 0, failures: [],
  }));
  for (const device of devices.filter((d) => d.photo)) writeFileSync(device.file, randomBytes(PHOTO_BYTES));
  const cliRun = async (device, args) => {
    const result = await run(cli, ['--server', door, '--store', device.store, '--catalog-dir', catalogDir,
      '--pulled-log', device.pulled, '--timeout', '60', ...args], { env: cliEnv });
    device.runs++;
    if (result.code !== 0) device.failures.push(`${args[0]}: exit ${result.code}: ${result.out.slice(-400)}`);
  };

  // The state the loops end on: the killed instance is back and has served devices again.
  let phase = 'before';  // 'before' -> 'killed' -> 'back'
  let restartedServed = false;
  const deviceLoop = async (device) => {
    for (let round = 0, after = 0; round < MAX_ROUNDS && !(restartedServed && after >= ROUNDS_AFTER_RESTART); round++) {
      if (stopping) return;
      if (device.photo) await cliRun(device, ['upload', '--file', device.file, '--chunk-bytes', String(CHUNK_BYTES)]);
      else await cliRun(device, ['push', '--count', '2']);
      await cliRun(device, ['sync']);
      if (phase === 'back') after++;
    }
  };
  const officerLoop = async (officer) => {
    const { url } = servers[officer.name];  // the same port after the restart
    for (let i = 0; i < 5000 && !stopping; i++) {
      try {
        const first = await firstReport(url, officer.session, 'received');
        if (!first) { await pause(50); continue; }
        await act(url, officer.session, { reportId: first.id, action: 'verify', expectedStatus: 'received' });
        officer.verified++;
      } catch (error) {
        if (/HTTP 409/.test(error.message)) officer.lost++;
        else if (error.cause || /fetch failed/.test(error.message)) { officer.unreachable++; await pause(50); }
        else officer.errors.push(error.message);
      }
    }
  };
  // Pairs of passes racing each other, all at one instant: each due action must happen once.
  const at = isoDay(Date.now() + 150 * 86400000);
  const passes = [];
  const schedulerFailures = [];
  const runPass = async () => {
    const result = await run(serverBinary, ['run-scheduler', '--at', at, '--catalog-dir', catalogDir,
      '--data-dir', work, ...databaseArgs]);
    if (result.code !== 0) return schedulerFailures.push(result.out.slice(-400));
    passes.push(JSON.parse(result.out.split('\n').filter((line) => line.startsWith('{')).pop()));
  };
  const passLoop = async () => {
    for (let i = 0; i < 60 && !stopping; i++) await Promise.all([runPass(), runPass()]);
  };

  const load = Promise.all(devices.map(deviceLoop));
  const background = Promise.all([...officers.map(officerLoop), passLoop()]);

  // The middle: reports stored, photos on their way, and one instance running the scheduler.
  await until('reports stored and photo chunks held',
    () => count('SELECT count(*) FROM reports') >= 8
      && count('SELECT count(*) FROM attachments WHERE bytes_held > 0') >= 1);
  await until('an instance running the scheduler', () => schedulerPasses(servers.a) + schedulerPasses(servers.b) > 0);
  const [victimName, survivorName] = schedulerPasses(servers.a) > 0 ? ['a', 'b'] : ['b', 'a'];
  const survivor = servers[survivorName];
  assert.equal(schedulerPasses(survivor), 0, 'both instances ran scheduler passes');
  const victim = servers[victimName];
  const reportsAtKill = count('SELECT count(*) FROM reports');
  const killedAt = Date.now();
  process.kill(victim.pid, 'SIGKILL');
  await victim.stop();
  phase = 'killed';
  await until('the survivor taking the scheduler over', () => schedulerPasses(survivor) > 0);
  const failoverMs = Date.now() - killedAt;
  servers[victimName] = await startServer({ port: victim.port, args: args[victimName] });
  const restartMs = Date.now() - killedAt;
  phase = 'back';
  const restarted = servers[victimName];
  await until('the restarted instance serving devices through nginx',
    () => /events:pull|reports:push|attachments/.test(restarted.log()), 60000);
  restartedServed = true;
  const survivorPasses = schedulerPasses(survivor);
  await until('two more scheduler passes on the survivor', () => schedulerPasses(survivor) >= survivorPasses + 2);
  assert.equal(schedulerPasses(restarted), 0, 'the restarted instance ran scheduler passes beside the survivor');

  await load;
  // Sessions of both instances at the end of the load (psql's own included): for max_connections.
  const connections = count("SELECT count(*) FROM pg_stat_activity WHERE datname = 'aduan'");
  stopping = true;
  await background;
  // The last racing pair, then one pass that must find nothing left; then each device's last pull.
  await Promise.all([runPass(), runPass()]);
  const finalPasses = passes.length;
  await runPass();
  for (const device of devices) await cliRun(device, ['sync']);
  const elapsed = Date.now() - started;

  // Devices: every run succeeded through nginx, the kill notwithstanding.
  assert.deepEqual(devices.flatMap((d) => d.failures.map((f) => `${d.name}: ${f}`)), [], 'aduan-cli runs that failed');

  // Reports: each delivered one stored once, with one "received" event; nothing else per device.
  let delivered = 0;
  for (const device of devices) {
    const [[deviceId]] = local(device, 'SELECT device_id FROM device_credentials');
    const outbox = local(device, 'SELECT lower(hex(report_id)), state FROM outbox ORDER BY 1');
    assert.deepEqual(outbox.filter(([, state]) => state !== 'delivered'), [], `${device.name}: reports not delivered`);
    const acknowledged = outbox.map(([id]) => id);
    delivered += acknowledged.length;
    const stored = pg.psql('aduan', `SELECT encode(id, 'hex') FROM reports WHERE device_id = '${deviceId}'
      ORDER BY 1`).map(([id]) => id);
    assert.deepEqual(stored, acknowledged, `${device.name}: stored reports are not the acknowledged ones`);
    const received = pg.psql('aduan', `SELECT encode(report_id, 'hex'), count(*) FROM events
      WHERE device_id = '${deviceId}' AND action = '' GROUP BY 1 HAVING count(*) <> 1`);
    assert.deepEqual(received, [], `${device.name}: reports received other than once`);

    // Pulls: exactly the device's events, each once, as stored.
    const pulled = existsSync(device.pulled) ? readFileSync(device.pulled, 'utf8').split('\n').filter(Boolean) : [];
    const seen = new Set();
    const twice = pulled.filter((line) => seen.has(line) || !seen.add(line));
    assert.deepEqual(twice, [], `${device.name}: events pulled more than once`);
    const expected = pg.psql('aduan', `SELECT seq || ' ' || encode(report_id, 'hex') || ' ' || status FROM events
      WHERE device_id = '${deviceId}' ORDER BY seq`).map(([line]) => line);
    const bySeq = (x, y) => Number(x.split(' ')[0]) - Number(y.split(' ')[0]);
    assert.deepEqual([...pulled].sort(bySeq), expected, `${device.name}: pulled events differ from the stored ones`);
    device.pulledEvents = pulled.length;

    // Photos: complete, end to end, the file's digest.
    if (!device.photo) continue;
    const digest = createHash('sha256').update(readFileSync(device.file)).digest('hex');
    const photos = local(device, 'SELECT lower(hex(report_id)), id FROM attachments');
    assert.equal(photos.length, acknowledged.length, `${device.name}: one photo per report`);
    for (const [reportId, attachmentId] of photos) {
      const row = pg.psql('aduan', `SELECT a.complete, a.bytes_held, a.expected_sha256,
          encode(sha256(string_agg(c.bytes, ''::bytea ORDER BY c.start)), 'hex'),
          sum(octet_length(c.bytes)), bool_and(c.start = coalesce(
            (SELECT sum(octet_length(p.bytes)) FROM attachment_chunks p
             WHERE p.report_id = c.report_id AND p.attachment_id = c.attachment_id AND p.start < c.start), 0))
        FROM attachments a JOIN attachment_chunks c USING (report_id, attachment_id)
        WHERE a.report_id = decode('${reportId}', 'hex') AND a.attachment_id = '${attachmentId}'
        GROUP BY a.complete, a.bytes_held, a.expected_sha256`);
      assert.deepEqual(row, [['1', String(PHOTO_BYTES), digest, digest, String(PHOTO_BYTES), 't']],
        `${device.name}: photo ${attachmentId} of ${reportId}`);
    }
  }

  // Officers: one verify per case, though both took the same first case of the queue.
  assert.deepEqual(officers.flatMap((o) => o.errors), [], 'officer requests answered other than 200 or 409');
  assert.equal(officers.find((o) => o.name === survivorName).unreachable, 0, 'the surviving instance did not answer');
  assert.deepEqual(pg.psql('aduan', `SELECT encode(report_id, 'hex') FROM events WHERE action = 'verify'
    GROUP BY 1 HAVING count(*) > 1`), [], 'cases verified twice');
  const verified = officers.reduce((n, o) => n + o.verified, 0);
  const verifyEvents = count("SELECT count(*) FROM events WHERE action = 'verify'");
  assert.ok(verifyEvents >= verified && verified > 0, `${verified} verifications answered, ${verifyEvents} stored`);

  // The scheduler: nothing twice, the passes' counts are what is stored, nothing left over.
  assert.deepEqual(schedulerFailures, [], 'run-scheduler passes that failed');
  assert.deepEqual(pg.psql('aduan', `SELECT encode(report_id, 'hex'), action FROM events WHERE actor_role = 'system'
    AND action <> '' GROUP BY 1, 2 HAVING count(*) > 1`), [], 'system actions recorded twice');
  const sum = (key) => passes.reduce((n, p) => n + p[key], 0);
  const recorded = (action) => count(`SELECT count(*) FROM events WHERE actor_role = 'system' AND action = '${action}'`);
  assert.equal(sum('ombudsman'), recorded('escalate_to_ombudsman'), 'Ombudsman markers: passes against stored');
  assert.equal(sum('escalated'), recorded('escalate_overdue'), 'escalations: passes against stored');
  assert.equal(sum('completed'), recorded('complete'), 'completions: passes against stored');
  assert.equal(recorded('escalate_to_ombudsman'), count('SELECT count(*) FROM reports'), 'one Ombudsman marker per case');
  assert.equal(sum('refused'), 0, 'system actions refused: decided on a state that changed under them');
  const last = passes[finalPasses];
  assert.equal(last.completed + last.escalated + last.ombudsman, 0, `a last pass still acted: ${JSON.stringify(last)}`);

  console.log(JSON.stringify({
    seconds: elapsed / 1000, reports: count('SELECT count(*) FROM reports'), delivered, reportsAtKill,
    photos: count('SELECT count(*) FROM attachments WHERE complete = 1'), events: count('SELECT count(*) FROM events'),
    cliRuns: devices.reduce((n, d) => n + d.runs, 0),
    pulled: Object.fromEntries(devices.map((d) => [d.name, d.pulledEvents])),
    officers: officers.map(({ name, verified: v, lost, unreachable }) => ({ name, verified: v, lost, unreachable })),
    schedulerPasses: passes.length, ombudsman: sum('ombudsman'), killed: victimName, failoverMs, restartMs, connections,
    // Requests nginx saw fail on an instance (and sent on to the other, or marked it down for).
    nginxUpstreamErrors: (proxy.log().match(/ upstream/g) || []).length,
    // Requests nginx refused with 429 (aduan-proxy.conf's 50 per second per address: every
    // device here is 127.0.0.1); the devices wait and try again.
    nginxRateLimited: (proxy.log().match(/limiting requests/g) || []).length,
  }));
  console.log(proxy.log().split('\n').filter((l) => l.includes('[error]')).slice(0, 4).join('\n'));
});
