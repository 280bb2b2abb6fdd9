// tests/e2e/lib/officer_wire.mjs: an officer acting on the server from a browser test, over the
// same wire messages the officer console sends (core/wire/officer_messages.h).
//
// Only the few messages a test needs, written by hand from core/wire/envelope.h and
// core/wire/codec.cpp: the 8-byte envelope ("ADUW", u16 version, u16 type, little-endian),
// strings as a LEB128 length and their bytes, hex text with the packed prefix (len << 1 | 1),
// integers little-endian at their own width, a ReportId as its 16 raw bytes. A change to those
// files that this helper does not follow makes the server answer 400, which fails the test.
import { spawnSync } from 'node:child_process';
import { serverBinary } from './harness.mjs';

const kVersion = 2;
const Type = { loginRequest: 10, loginResponse: 11, reportsRequest: 12, reportsResponse: 13,
  actionRequest: 14, actionResponse: 15 };

class Writer {
  constructor() { this.bytes = []; }
  varint(value) {
    let v = BigInt(value);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.bytes.push(byte);
    } while (v > 0n);
    return this;
  }
  string(text) {
    const data = Buffer.from(text, 'utf8');
    this.varint(data.length);
    this.bytes.push(...data);
    return this;
  }
  raw(data) { this.bytes.push(...data); return this; }
  u32(value) { const b = Buffer.alloc(4); b.writeUInt32LE(value); return this.raw(b); }
  i32(value) { const b = Buffer.alloc(4); b.writeInt32LE(value); return this.raw(b); }
  envelope(type) {
    const head = Buffer.alloc(8);
    head.write('ADUW', 0, 'latin1');
    head.writeUInt16LE(kVersion, 4);
    head.writeUInt16LE(type, 6);
    return Buffer.concat([head, Buffer.from(this.bytes)]);
  }
}

class Reader {
  constructor(buffer, type) {
    if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== 'ADUW') throw new Error('not a wire message');
    if (buffer.readUInt16LE(6) !== type) throw new Error(`expected message ${type}, got ${buffer.readUInt16LE(6)}`);
    this.buffer = buffer;
    this.at = 8;
  }
  varint() {
    let value = 0n, shift = 0n;
    for (;;) {
      const byte = this.buffer[this.at++];
      value |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return Number(value);
      shift += 7n;
    }
  }
  bytes(count) { const out = this.buffer.subarray(this.at, this.at + count); this.at += count; return out; }
  string() { return this.bytes(this.varint()).toString('utf8'); }
  hex() {
    const prefix = this.varint();
    const count = Math.floor(prefix / 2);
    return prefix & 1 ? this.bytes(count).toString('hex') : this.bytes(count).toString('utf8');
  }
}

// Adds an officer to the server's database, as an operator would (`aduan-server officer-add`).
export function addOfficer(dataDir, { username, password, role, agency = '' }) {
  const args = ['officer-add', '--data-dir', dataDir, '--username', username, '--role', role];
  if (agency) args.push('--agency', agency);
  const run = spawnSync(serverBinary, args, { env: { ...process.env, ADUAN_OFFICER_PASSWORD: password },
    encoding: 'utf8', timeout: 30000 });
  if (run.status !== 0) throw new Error(`officer-add failed: ${run.stderr}${run.stdout}`);
}

async function post(url, path, body, headers = {}) {
  const response = await fetch(url + path, { method: 'POST', body,
    headers: { 'content-type': 'application/vnd.aduan.wire', ...headers } });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${bytes.toString('utf8')}`);
  return bytes;
}

// Logs in and returns the session token.
export async function login(url, username, password) {
  const body = new Writer().string(username).string(password).envelope(Type.loginRequest);
  return new Reader(await post(url, '/api/v1/officer/login', body), Type.loginResponse).hex();
}

// The ids and tracking codes of the reports the officer sees with `status` ('' for all). Reads
// only the front of each row, so it reads exactly one row: ask with a filter that leaves one.
export async function firstReport(url, session, status) {
  const body = new Writer().string(status).u32(1).u32(0).envelope(Type.reportsRequest);
  const reader = new Reader(await post(url, '/api/v1/officer/reports', body,
    { 'X-Aduan-Session': session }), Type.reportsResponse);
  if (reader.varint() === 0) return null;
  const id = reader.bytes(16);
  reader.bytes(1);  // flags
  return { id: Buffer.from(id), trackingCode: reader.string() };
}

// Takes one action; returns the status the case is in afterwards.
export async function act(url, session, { reportId, action, note = '', targetAgency = '', rating = 0,
  expectedStatus = '' }) {
  const body = new Writer().raw(reportId).string(action).string(note).string(targetAgency)
    .i32(rating).string(expectedStatus).envelope(Type.actionRequest);
  return new Reader(await post(url, '/api/v1/officer/actions', body, { 'X-Aduan-Session': session }),
    Type.actionResponse).string();
}
