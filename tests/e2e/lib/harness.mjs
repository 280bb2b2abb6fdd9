// The browser tests' harness: a real aduan-server on a free loopback port with a fresh data
// folder, and Debian's chromium driven by playwright-core. Every test gets its own server and
// browser context (its own storage, service workers and cache), so no test sees another's
// state. Nothing here knows the portal's screens.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(new URL('../../..', import.meta.url).pathname);
export const serverBinary = join(repoRoot, 'build/native/shell/server/aduan-server');
// ADUAN_WEB_ROOT serves another dist (e.g. a second build for the update test).
export const webRoot = process.env.ADUAN_WEB_ROOT || join(repoRoot, 'build/web/dist');

const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

// Node's fetch keeps an idle connection for 4 s and aduan-server closes one after 5 s. A test
// that blocks node's event loop in between (a synchronous child process: a CLI push, a slow
// password hash) can send on a connection the server already closed, before node noticed the
// close. A browser retries a request that fails that way on a reused connection; the tests'
// fetch does the same, once, so such a failure is never the test's result.
const nodeFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  try {
    return await nodeFetch(input, init);
  } catch (error) {
    const closedUnderIt = ['UND_ERR_SOCKET', 'ECONNRESET'].includes(error?.cause?.code);
    if (!closedUnderIt || typeof init?.body?.getReader === 'function') throw error;
    return nodeFetch(input, init);
  }
};

export function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function waitForHealthy(url, child, deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`aduan-server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('aduan-server did not become healthy in time');
}

// Starts aduan-server (on `port` when given, e.g. to restart on the same origin); returns
// { url, dataDir, port, log(), stop() }. A free port is only free when probed: something else
// (another test file's server, a client's outgoing connection) can take it before the server
// binds it, and then the server says it could not listen and a new port is tried (three at
// most). The start is waited for by its /healthz, for a minute: a loaded machine can be slow.
export async function startServer({ dataDir, root = webRoot, port: fixedPort, args = [] } = {}) {
  if (!existsSync(serverBinary)) throw new Error(`${serverBinary} is missing: build first`);
  const ownDataDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), 'aduan-e2e-'));
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? await freePort();
    const child = spawn(serverBinary, ['--port', String(port), '--data-dir', dataDir,
      '--web-root', root, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const closed = new Promise((r) => child.once('close', r));  // its output read to the end
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHealthy(url, child, 60000);
    } catch (error) {
      if (child.exitCode === null) child.kill('SIGKILL');
      await closed;
      const portTaken = /could not listen/.test(output);
      if (portTaken && fixedPort === undefined && attempt < 3) continue;
      throw new Error(`${error.message}; it said:\n${output}`);
    }
    return {
      url, dataDir, port, pid: child.pid,
      log: () => output,
      async stop({ keepData = false } = {}) {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        }
        if (ownDataDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
}

// Waits until the server's log holds `text` (a request's path, say), for at most `timeoutMs`;
// false when it never came. The log has no event to wait on: a bounded loop of short pauses.
export async function waitForLog(server, text, timeoutMs = 30000) {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (server.log().includes(text)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return server.log().includes(text);
}

// Under node's test runner one chromium serves every test of a file, each test in a fresh
// context of its own: starting a browser costs seconds of CPU, a context a fraction of that.
// A test that needs a profile on disk (a restart, a killed browser) or browser flags asks for
// a browser of its own; outside the runner (the benchmarks) every call gets its own.
const underTestRunner = Boolean(process.env.NODE_TEST_CONTEXT);
let sharedBrowser = null;
if (underTestRunner) after(async () => { if (sharedBrowser) await (await sharedBrowser).close(); });

function launchOptions(args) {
  return { executablePath: '/usr/bin/chromium', headless: true, args: [...chromiumFlags, ...args] };
}

// Returns { context, profileDir }: profileDir is set when the browser has a profile of its own
// (`profileDir` given, `ownProfile`, or `args`), so that it can be reopened or killed.
export async function launchBrowser({ profileDir, ownProfile = false, viewport = { width: 1024, height: 720 },
  isMobile = false, hasTouch = false, javaScriptEnabled = true, args = [] } = {}) {
  if (underTestRunner && !profileDir && !ownProfile && args.length === 0) {
    sharedBrowser ??= chromium.launch(launchOptions([]));
    const context = await (await sharedBrowser).newContext({ viewport, isMobile, hasTouch, javaScriptEnabled });
    return { context, profileDir: undefined };
  }
  profileDir ??= mkdtempSync(join(tmpdir(), 'aduan-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    ...launchOptions(args), viewport, isMobile, hasTouch, javaScriptEnabled,
  });
  return { context, profileDir };
}

// Collects everything a page says went wrong: console errors, uncaught exceptions, failed loads.
export function watchForErrors(page) {
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  return problems;
}

// Resolves when the portal has drawn its first usable frame (the app sets this mark).
export async function waitForInteractive(page, timeout = 30000) {
  await page.waitForFunction(
    () => performance.getEntriesByName('aduan-interactive').length > 0, null, { timeout });
}

// How many distinct colours a screenshot of the page has: what the user sees, read back
// through the browser's own PNG decoder (a WebGL canvas cannot be read back once presented).
export async function distinctColours(page) {
  const { pixels } = await screenshotPixels(page);
  const seen = new Set();
  for (let i = 0; i < pixels.length; i += 4) seen.add(pixels[i] << 16 | pixels[i + 1] << 8 | pixels[i + 2]);
  return seen.size;
}

// A screenshot of the page (or of `clip`) as RGBA pixels, decoded by the browser's own PNG
// decoder: { width, height, pixels } with pixels a Uint8Array of width x height x 4.
export async function screenshotPixels(page, clip) {
  const png = (await page.screenshot(clip ? { clip } : {})).toString('base64');
  const decoded = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + data;
    await image.decode();
    const copy = document.createElement('canvas');
    copy.width = image.width; copy.height = image.height;
    const context2d = copy.getContext('2d');
    context2d.drawImage(image, 0, 0);
    const rgba = context2d.getImageData(0, 0, copy.width, copy.height).data;
    let binary = '';
    for (let i = 0; i < rgba.length; i += 0x8000) binary += String.fromCharCode(...rgba.subarray(i, i + 0x8000));
    return { width: copy.width, height: copy.height, base64: btoa(binary) };
  }, png);
  return { width: decoded.width, height: decoded.height,
    pixels: new Uint8Array(Buffer.from(decoded.base64, 'base64')) };
}
