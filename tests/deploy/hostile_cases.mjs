// tests/deploy/hostile_cases.mjs: the hostile requests, by class, and what each must get.
//
// A case is { cls, name, targets, send(target) -> answer, ok(answer, target) -> bool, wanted }.
// `targets` says where it applies: 'proxy' (nginx from deploy/ in front of aduan-server) and
// 'bare' (aduan-server alone). Slow clients, idle floods, header floods and endless lines are the
// proxy's job by design (README, "What the server enforces and what the proxy must"), so those
// run only through it; everything the server refuses itself runs against both.
// What every case must also leave behind (memory, /healthz, the database) is checked by the
// runner, hostile.test.mjs, after each one.
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { exchange, drippers, idlers } from './lib/raw_http.mjs';

const both = ['proxy', 'bare'];
const proxyOnly = ['proxy'];

const refused = (a) => (a.status >= 400 && a.status < 500) || (a.status === 0 && a.closed);
const refusedWith = (...codes) => (a) => codes.includes(a.status) || (a.status === 0 && a.closed);
const REFUSED = 'a 4xx answer or a closed connection';

function request(method, path, headers = [], body = '') {
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => h + '\r\n').join('')}\r\n${body}`;
}
const simple = (cls, name, targets, pieces, ok = refused, wanted = REFUSED, options = {}) =>
  ({ cls, name, targets, send: (t) => exchange(t, typeof pieces === 'function' ? pieces(t) : pieces, options), ok, wanted });

// The officer login route decodes a wire message before anything else; none of these decode.
function wire(version, type, payload) {
  const head = Buffer.alloc(8);
  head.write('ADUW', 0, 'latin1');
  head.writeUInt16LE(version, 4);
  head.writeUInt16LE(type, 6);
  return Buffer.concat([head, Buffer.from(payload)]);
}
const loginBody = (body) => [request('POST', '/api/v1/officer/login',
  ['Content-Type: application/vnd.aduan.wire', `Content-Length: ${body.length}`, 'Connection: close']), body];

const zeros = Buffer.alloc(32 * 1024 * 1024);
const bombs = { gzip: gzipSync(zeros), deflate: deflateSync(zeros), br: brotliCompressSync(zeros) };

export function hostileCases() {
  const cases = [];
  const add = (c) => cases.push(c);
  const big = (n) => 'a'.repeat(n);

  // --- request lines ---------------------------------------------------------------------
  for (const kib of [16, 64, 1024]) {
    add(simple('request line', `a ${kib} KiB request line`, both,
      [`GET /${big(kib * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`]));
  }
  add(simple('request line', 'an endless request line (4 MiB, no end)', proxyOnly,
    ['GET /', ...Array.from({ length: 64 }, () => big(64 * 1024))]));
  add(simple('request line', 'a request line of spaces', both, [' '.repeat(9000) + '\r\n\r\n']));

  // --- header lines ----------------------------------------------------------------------
  for (const kib of [16, 64]) {
    add(simple('header line', `a ${kib} KiB header line`, both,
      [request('GET', '/healthz', [`X-Filler: ${big(kib * 1024)}`, 'Connection: close'])]));
  }
  add(simple('header line', 'an endless header line (4 MiB, no end)', proxyOnly,
    ['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ', ...Array.from({ length: 64 }, () => big(64 * 1024))]));
  add(simple('header line', 'a cookie of 32 KiB', both,
    [request('GET', '/healthz', [`Cookie: a=${big(32 * 1024)}`, 'Connection: close'])]));

  // --- header floods (the proxy's job: httplib keeps every header) ------------------------
  for (const count of [1000, 10000]) {
    add(simple('header flood', `${count} headers`, proxyOnly,
      [request('GET', '/healthz', [...Array.from({ length: count }, (_, i) => `X-H${i}: v`), 'Connection: close'])]));
  }
  add(simple('header flood', '200 headers of 1 KiB', proxyOnly,
    [request('GET', '/healthz', [...Array.from({ length: 200 }, (_, i) => `X-H${i}: ${big(1024)}`), 'Connection: close'])]));

  // --- bodies ------------------------------------------------------------------------------
  const push = (headers, body = '') => [request('POST', '/api/v1/reports:push',
    ['Content-Type: application/vnd.aduan.wire', 'Connection: close', ...headers], body)];
  add(simple('body', 'a chunked body of 8 MiB', both,
    [...push(['Transfer-Encoding: chunked']), ...Array.from({ length: 128 }, () => `10000\r\n${big(65536)}\r\n`), '0\r\n\r\n']));
  add(simple('body', 'a POST with neither length nor chunks, closed after 8 MiB', both,
    [...push([]), ...Array.from({ length: 128 }, () => big(65536))], refused, REFUSED, { halfClose: true }));
  add(simple('body', 'a Content-Length of 64 MiB, nothing sent', both, push(['Content-Length: 67108864'])));
  add(simple('body', 'a body longer than its Content-Length', both,
    push(['Content-Length: 4'], 'ADUW' + big(5000))));
  // Through nginx this is a slow body (client_body_timeout, 20 s), covered by the slow clients.
  add(simple('body', 'a body shorter than its Content-Length, then silence', ['bare'],
    push(['Content-Length: 1000'], 'ADUW'), refused, REFUSED, { timeoutMs: 10000 }));
  for (const [encoding, bomb] of Object.entries(bombs)) {
    add(simple('decompression bomb', `${encoding}: ${bomb.length} bytes inflating to 32 MiB`, both,
      [...push([`Content-Encoding: ${encoding}`, `Content-Length: ${bomb.length}`]), bomb], refusedWith(415, 413)));
  }
  add(simple('decompression bomb', 'a chunked gzip bomb', both,
    [...push(['Content-Encoding: gzip', 'Transfer-Encoding: chunked']),
      `${bombs.gzip.length.toString(16)}\r\n`, bombs.gzip, '\r\n0\r\n\r\n'], refusedWith(415, 411, 413, 400)));

  // --- framing -----------------------------------------------------------------------------
  const framing = (name, headers, body = '', targets = both) =>
    add(simple('framing', name, targets, push(headers, body)));
  framing('Content-Length and Transfer-Encoding both', ['Content-Length: 4', 'Transfer-Encoding: chunked'], '0\r\n\r\n');
  framing('two different Content-Lengths', ['Content-Length: 4', 'Content-Length: 40'], 'ADUW');
  framing('a negative Content-Length', ['Content-Length: -1']);
  framing('a Content-Length of 40 digits', ['Content-Length: 9999999999999999999999999999999999999999']);
  framing('a Content-Length with letters', ['Content-Length: 12abc'], 'ADUW');
  framing('a Content-Length in hexadecimal', ['Content-Length: 0x10'], 'ADUW');
  // nginx answers 501 (Not Implemented) to a transfer coding it does not know: clear, and final.
  add(simple('framing', 'Transfer-Encoding: gzip, chunked', both, push(['Transfer-Encoding: gzip, chunked'], '0\r\n\r\n'),
    (a) => refused(a) || a.status === 501, 'a 4xx or 501 answer or a closed connection'));
  framing('a chunk size that overflows', ['Transfer-Encoding: chunked'], 'fffffffffffffffffffff\r\nabc\r\n');
  add(simple('framing', 'HTTP/0.9: a request line without a version', both, ['GET /\r\n\r\n'],
    (a) => refused(a) || (a.status === 0 && !a.text.includes('<html')), 'no page: 4xx, closed, or nothing'));
  add(simple('framing', 'HTTP/2 preface on an HTTP/1.1 connection', both, ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n']));
  add(simple('framing', 'a version of HTTP/7.3', both, ['GET /healthz HTTP/7.3\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'],
    (a) => refused(a) || a.status === 505, 'a 4xx or 505 answer or a closed connection'));
  add(simple('framing', 'NUL bytes in the request line', both, ['GET /health\0z HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n']));
  add(simple('framing', 'a header without a colon', both, ['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nnocolon\r\nConnection: close\r\n\r\n'],
    (a) => refused(a) || a.status === 200, 'ignored (200) or refused'));
  add(simple('framing', 'a TLS ClientHello on the plain port', both,
    (t) => [Buffer.from('16030100a5010000a103035f', 'hex'), Buffer.alloc(160, 1)],
    (a) => refused(a) || a.status === 0, 'no HTTP answer but an error, or a closed connection'));
  add({ cls: 'framing', name: 'plain HTTP on the TLS port', targets: proxyOnly,
    send: (t) => exchange({ port: t.port, tls: false }, [request('GET', '/healthz', ['Connection: close'])]),
    ok: refused, wanted: REFUSED });
  add(simple('framing', 'no Host header in HTTP/1.1', proxyOnly, ['GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n']));

  // --- ranges --------------------------------------------------------------------------------
  const ranges = Array.from({ length: 200 }, (_, i) => `${i}-${i}`).join(',');
  add(simple('ranges', '200 ranges of the page', both,
    [request('GET', '/', [`Range: bytes=${ranges}`, 'Connection: close'])],
    (a) => refused(a) || (a.status === 200 && !/multipart\/byteranges/i.test(a.text)), 'refused, or the whole page once'));
  add(simple('ranges', 'overlapping ranges of the page', both,
    [request('GET', '/', ['Range: bytes=0-,0-,0-,0-,0-,0-,0-,0-', 'Connection: close'])],
    (a) => refused(a) || (a.status === 200 && !/multipart\/byteranges/i.test(a.text)), 'refused, or the whole page once'));

  // --- paths -------------------------------------------------------------------------------
  const leak = (a) => /root:x:0:0|SQLite format 3|\[core\]|BEGIN (RSA |EC )?PRIVATE KEY/.test(a.text);
  for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc/passwd',
    '//etc/passwd', '/..%5c..%5c..%5cetc%5cpasswd', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/.git/config',
    '/aduan.db', '/../data/aduan.db', '/assets/%00.js', `/${'a/'.repeat(2000)}`, '/api/v1/track/..%2f..%2f..%2fetc%2fpasswd']) {
    add(simple('path', `GET ${path.length > 40 ? path.slice(0, 40) + '…' : path}`, both,
      [request('GET', path, ['Connection: close'])],
      (a) => !leak(a) && (refused(a) || (a.status === 200 && /<!doctype html>/i.test(a.text))),
      'no file outside the portal: a 4xx, or the portal page itself'));
  }

  // --- spoofed client addresses (the suite's server lets only 10.0.0.0/8 read /metrics) ------
  for (const header of ['X-Forwarded-For: 10.1.2.3', 'X-Forwarded-For: 10.1.2.3, 10.9.9.9',
    'X-Forwarded-For: 10.1.2.3\r\nX-Forwarded-For: 10.4.5.6', 'X-Real-IP: 10.1.2.3', 'Forwarded: for=10.1.2.3']) {
    add(simple('spoofed address', `/metrics with ${header.split('\r\n')[0]}${header.includes('\r\n') ? ' (twice)' : ''}`, proxyOnly,
      [request('GET', '/metrics', [header, 'Connection: close'])], refusedWith(403), '403: nginx sets the address'));
  }

  // --- wire errors (decoded before any credential is looked at) ------------------------------
  const wireBodies = {
    'an empty body': Buffer.alloc(0),
    'a body shorter than the envelope': Buffer.from('ADUW'),
    'a wrong magic': wire(2, 10, [1, 0x61, 1, 0x62]).fill(0x5a, 0, 4),
    'protocol version 0': wire(0, 10, [1, 0x61, 1, 0x62]),
    'protocol version 999': wire(999, 10, [1, 0x61, 1, 0x62]),
    'a message type the route does not take': wire(2, 12, [1, 0x61, 1, 0x62]),
    'an unknown message type': wire(2, 65000, [1, 0x61, 1, 0x62]),
    'a string length past the end': wire(2, 10, [0xff, 0xff, 0x03, 0x61]),
    'a varint that never ends': wire(2, 10, Array(32).fill(0xff)),
    'a length of 2^63': wire(2, 10, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    'bytes after the message': wire(2, 10, [1, 0x61, 1, 0x62, 0, 0, 0]),
    'the second string cut short': wire(2, 10, [1, 0x61, 9, 0x62]),
  };
  for (const [name, body] of Object.entries(wireBodies)) {
    add(simple('wire error', name, both, loginBody(body), refusedWith(400, 415, 426), '400 with a wire error'));
  }

  // --- slow clients and idle floods (the proxy's job) -----------------------------------------
  add({ cls: 'slow clients', name: '40 clients dripping a request line, a byte each 200 ms', targets: proxyOnly,
    slow: true, send: async (t) => ({ crowd: await drippers(t, 40, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 200) }) });
  add({ cls: 'slow clients', name: '40 clients dripping a body, a byte each 200 ms', targets: proxyOnly,
    slow: true, send: async (t) => ({ crowd: await drippers(t, 40,
      request('POST', '/api/v1/officer/login', ['Content-Type: application/vnd.aduan.wire', 'Content-Length: 400']) + big(400), 200) }) });
  add({ cls: 'idle flood', name: '300 connections that say nothing', targets: proxyOnly,
    slow: true, send: async (t) => ({ crowd: await idlers(t, 300) }) });
  return cases;
}
