// tests/deploy/lib/proxy.mjs: Debian's nginx started with the files of deploy/nginx, in front
// of a test's aduan-server, on loopback, in a throw-away prefix.
//
// The site, the proxy snippet and the http-level file (and, for several instances, the upstream
// file) are read from deploy/ and only their addresses are changed: the listening ports (free
// loopback ports, not 80 and 443), the upstreams' ports, a self-signed certificate made for the
// run, and the include path. Every change must find its text, so a deploy file that drifts from
// what this expects fails the tests instead of being tested in a form nobody deploys. nginx runs
// in the foreground (`daemon off`) as this test's child, with its own prefix, pid file and logs.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { repoRoot, freePort } from '../../e2e/lib/harness.mjs';

const deployDir = join(repoRoot, 'deploy/nginx');

function replaceExactly(text, from, to, file) {
  if (!text.includes(from)) throw new Error(`${file} no longer contains "${from}": update tests/deploy/lib/proxy.mjs`);
  return text.split(from).join(to);
}

function selfSignedCertificate(dir) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
  { stdio: 'ignore' });
}

// One HTTPS request over a fresh connection; resolves { status, body } or rejects on error.
export function tlsGet(port, path, { timeoutMs = 5000, headers = '' } = {}) {
  return new Promise((done, fail) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    let text = '';
    const timer = setTimeout(() => { socket.destroy(); fail(new Error(`GET ${path}: no answer in ${timeoutMs} ms`)); }, timeoutMs);
    socket.on('secureConnect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`));
    socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
    socket.on('error', (error) => { clearTimeout(timer); fail(error); });
    socket.on('close', () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      done({ status: match ? Number(match[1]) : 0, text });
    });
  });
}

// Starts nginx in front of the aduan-server listening on `upstreamPort`, or in front of several
// when it is an array of ports: then the upstream is aduan-upstream.conf's, as that file says
// to install it (aduan-http.conf's one-server block removed). Returns
// { tlsPort, plainPort, pid, certificate (the PEM file clients must trust), log(), stop() }.
export async function startProxy(upstreamPort) {
  const dir = mkdtempSync(join(tmpdir(), 'aduan-nginx-'));
  // nginx's workers run as an unprivileged user when the master is root: they write request
  // bodies to the temp folders and must reach them.
  chmodSync(dir, 0o755);
  for (const sub of ['logs', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'acme']) mkdirSync(join(dir, sub), { mode: 0o777 });
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) chmodSync(join(dir, sub), 0o777);
  selfSignedCertificate(dir);
  const tlsPort = await freePort();
  const plainPort = await freePort();

  let http = readFileSync(join(deployDir, 'aduan-http.conf'), 'utf8');
  let upstream = '';
  if (Array.isArray(upstreamPort)) {
    http = replaceExactly(http, 'upstream aduan_server {\n    server 127.0.0.1:8080;\n    keepalive 16;\n}\n', '', 'aduan-http.conf');
    upstream = readFileSync(join(deployDir, 'aduan-upstream.conf'), 'utf8');
    const [first, second, ...more] = upstreamPort;
    upstream = replaceExactly(upstream, 'server 127.0.0.1:8081 ', `server 127.0.0.1:${first} `, 'aduan-upstream.conf');
    upstream = replaceExactly(upstream, 'server 127.0.0.1:8082 max_fails=1 fail_timeout=5s;',
      [second, ...more].map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n    '), 'aduan-upstream.conf');
  } else {
    http = replaceExactly(http, 'server 127.0.0.1:8080;', `server 127.0.0.1:${upstreamPort};`, 'aduan-http.conf');
  }
  let site = readFileSync(join(deployDir, 'aduan-site.conf'), 'utf8');
  site = replaceExactly(site, '    listen [::]:80;\n', '', 'aduan-site.conf');
  site = replaceExactly(site, '    listen [::]:443 ssl http2;\n', '', 'aduan-site.conf');
  site = replaceExactly(site, 'listen 80;', `listen 127.0.0.1:${plainPort};`, 'aduan-site.conf');
  site = replaceExactly(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`, 'aduan-site.conf');
  site = replaceExactly(site, '/etc/letsencrypt/live/aduan.example.go.id/fullchain.pem', join(dir, 'cert.pem'), 'aduan-site.conf');
  site = replaceExactly(site, '/etc/letsencrypt/live/aduan.example.go.id/privkey.pem', join(dir, 'key.pem'), 'aduan-site.conf');
  site = replaceExactly(site, '/etc/nginx/snippets/aduan-proxy.conf', join(deployDir, 'aduan-proxy.conf'), 'aduan-site.conf');
  site = replaceExactly(site, 'root /var/www/html;', `root ${join(dir, 'acme')};`, 'aduan-site.conf');
  writeFileSync(join(dir, 'aduan-http.conf'), http);
  writeFileSync(join(dir, 'aduan-site.conf'), site);
  writeFileSync(join(dir, 'aduan-upstream.conf'), upstream);
  // What Debian's /etc/nginx/nginx.conf sets around conf.d/ and sites-enabled/, in this prefix.
  writeFileSync(join(dir, 'nginx.conf'), `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs/error.log')} warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path ${join(dir, 'body')};
    proxy_temp_path ${join(dir, 'proxy')};
    fastcgi_temp_path ${join(dir, 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'uwsgi')};
    scgi_temp_path ${join(dir, 'scgi')};
    include ${join(dir, 'aduan-http.conf')};
    include ${join(dir, 'aduan-upstream.conf')};
    include ${join(dir, 'aduan-site.conf')};
}
`);
  const child = spawn('nginx', ['-p', dir, '-e', join(dir, 'logs/error.log'), '-c', join(dir, 'nginx.conf')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => { output += c; });
  child.stderr.on('data', (c) => { output += c; });
  const log = () => output + (() => { try { return readFileSync(join(dir, 'logs/error.log'), 'utf8'); } catch { return ''; } })();
  const until = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await tlsGet(tlsPort, '/healthz', { timeoutMs: 1000 })).status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > until) throw new Error(`nginx did not answer in time:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    tlsPort, plainPort, pid: child.pid, log, certificate: join(dir, 'cert.pem'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
