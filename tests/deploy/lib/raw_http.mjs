// tests/deploy/lib/raw_http.mjs: requests written byte by byte, over plain TCP (the bare server)
// or TLS (nginx), for what an HTTP client library would refuse to send: endless lines, broken
// framing, bytes dripped one at a time. Every wait is bounded.
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

// A connection to `target` ({ port, tls }), open and ready for bytes.
export function open(target) {
  return new Promise((done, fail) => {
    const socket = target.tls
      ? tlsConnect({ host: '127.0.0.1', port: target.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] })
      : tcpConnect({ host: '127.0.0.1', port: target.port });
    socket.once(target.tls ? 'secureConnect' : 'connect', () => done(socket));
    socket.once('error', fail);
  });
}

// Sends `pieces` (Buffers or strings, one write each) and reads until the peer closes, or until
// an answer has come and `settleMs` passed without more, or `timeoutMs` in all. Returns
// { status (0: none), text, closed (by the peer), bytesSent }.
export async function exchange(target, pieces, { timeoutMs = 8000, settleMs = 300, halfClose = false } = {}) {
  const socket = await open(target);
  return new Promise((done) => {
    let text = '';
    let bytesSent = 0;
    let closed = false;
    let settle = null;
    const finish = () => {
      clearTimeout(overall);
      clearTimeout(settle);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      done({ status: match ? Number(match[1]) : 0, text, closed, bytesSent });
    };
    const overall = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      clearTimeout(settle);
      settle = setTimeout(finish, settleMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => { closed = true; finish(); });
    (async () => {
      for (const piece of pieces) {
        if (socket.destroyed || text) break;
        const data = typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece;
        const flushed = socket.write(data);
        bytesSent += data.length;
        if (!flushed) await new Promise((r) => { socket.once('drain', r); socket.once('close', r); });
      }
      if (halfClose && !socket.destroyed) socket.end();
    })();
  });
}

// Connections that send `head` one byte every `everyMs` (a slow client), until closed.
export async function drippers(target, count, head, everyMs) {
  const sockets = [];
  for (let i = 0; i < count; i++) {
    const socket = await open(target);
    socket.on('error', () => {});
    let at = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || at >= head.length) return clearInterval(timer);
      socket.write(head[at++]);
    }, everyMs);
    sockets.push({ socket, timer });
  }
  return { close: () => sockets.forEach(({ socket, timer }) => { clearInterval(timer); socket.destroy(); }) };
}

// Connections that say nothing at all.
export async function idlers(target, count) {
  const sockets = [];
  for (let i = 0; i < count; i++) {
    const socket = await open(target).catch(() => null);
    if (socket) { socket.on('error', () => {}); sockets.push(socket); }
  }
  return { opened: sockets.length, close: () => sockets.forEach((s) => s.destroy()) };
}
