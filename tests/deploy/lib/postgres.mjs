// tests/deploy/lib/postgres.mjs: a throw-away PostgreSQL cluster for a test, started by the test
// itself on a free loopback port, and psql for its assertions.
//
// pg_virtualenv (what CTest uses for the store's tests) wraps one command; a node test needs the
// cluster beside its own children (servers, nginx, devices) for as long as it likes, so this
// runs Debian's initdb and pg_ctl directly. PostgreSQL refuses to run as root: under root the
// cluster's folder is given to the `postgres` user and the two programs run through runuser.
// Clients (psql, aduan-server) connect over TCP as the cluster's superuser `postgres`, trusted on
// loopback, so nothing here needs a password. fsync is off: the cluster dies with the test, and
// the test's point is the servers' concurrency, not the disk's durability.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../e2e/lib/harness.mjs';

// The newest installed server's programs (Debian keeps each major version in its own folder).
function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}: run tools/setup.sh (package postgresql)`);
  versions.sort((a, b) => Number(a) - Number(b));
  return join(root, versions.at(-1), 'bin');
}

function postgresIds() {
  const ids = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: ids('-u'), gid: ids('-g') };
}

// Runs a server program as the cluster's owner; throws with its output on failure.
function runAsOwner(program, args, timeoutMs) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  const run = spawnSync(command, argv, { encoding: 'utf8', timeout: timeoutMs, cwd: tmpdir() });
  if (run.status !== 0) {
    throw new Error(`${program} ${args.join(' ')}: ${run.error?.message ?? `exit ${run.status}`}\n${run.stdout}${run.stderr}`);
  }
  return run.stdout;
}

// Starts a cluster. Returns { port, url(db), socketUrl(db), createdb(name), psql(db, sql), log(),
// stop() }: url over TCP, socketUrl over the cluster's Unix socket (libpq's ?host=/folder).
export async function startPostgres() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'aduan-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  runAsOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8',
    '--locale=C', '--no-sync'], 60000);
  const logFile = join(dir, 'server.log');
  const log = () => { try { return readFileSync(logFile, 'utf8'); } catch { return ''; } };
  let port = 0;
  // A free port is only free when probed (see harness.mjs, startServer): three tries.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '60', '-o',
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off ` +
        '-c full_page_writes=off -c max_connections=200', 'start'], 90000);
      break;
    } catch (error) {
      if (attempt >= 3 || !/could not bind|Address already in use/.test(log())) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`${error.message}\n${log()}`);
      }
    }
  }

  // psql as the superuser; rows of tab-separated columns, without headers or alignment.
  const psql = (db, sql) => {
    const out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1',
      '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql],
    { encoding: 'utf8', timeout: 30000, maxBuffer: 64 * 1024 * 1024 });
    return out.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
  };
  let stopped = false;
  return {
    port,
    log,
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    socketUrl: (db) => `postgresql://postgres@/${db}?host=${dir}&port=${port}`,
    createdb(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a plain database name`);
      psql('postgres', `CREATE DATABASE ${name}`);
    },
    psql,
    // Immediate: the cluster is thrown away, nothing of it needs a clean shutdown.
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], 40000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
