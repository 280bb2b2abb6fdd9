// tests/e2e/lib/officer_wire.mjs: an officer acting on the server from a browser test, over the
// same wire messages the officer console sends (core/wire/officer_messages.h).
//
// Only the few messages a test needs, in the wire format as lib/wire.mjs writes it.
import { spawnSync } from 'node:child_process';
import { serverBinary } from './harness.mjs';
import { Writer, Reader } from './wire.mjs';

const Type = { loginRequest: 10, loginResponse: 11, reportsRequest: 12, reportsResponse: 13,
  actionRequest: 14, actionResponse: 15 };

// Adds an officer to the server's database, as an operator would (`aduan-server officer-add`);
// `serverArgs` name another database (`--database-url postgres://...`).
export function addOfficer(dataDir, { username, password, role, agency = '', serverArgs = [] }) {
  const args = ['officer-add', '--data-dir', dataDir, '--username', username, '--role', role, ...serverArgs];
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

// The login request's body.
export function loginBody(username, password) {
  return new Writer().string(username).string(password).envelope(Type.loginRequest);
}

// An action request's body; `reportId` is 16 bytes or their hex.
export function actionBody({ reportId, action, note = '', targetAgency = '', rating = 0, expectedStatus = '' }) {
  const id = typeof reportId === 'string' ? Buffer.from(reportId, 'hex') : reportId;
  return new Writer().raw(id).string(action).string(note).string(targetAgency).i32(rating)
    .string(expectedStatus).envelope(Type.actionRequest);
}

// Logs in and returns the session token.
export async function login(url, username, password) {
  return new Reader(await post(url, '/api/v1/officer/login', loginBody(username, password)),
    Type.loginResponse).hex();
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
export async function act(url, session, request) {
  return new Reader(await post(url, '/api/v1/officer/actions', actionBody(request), { 'X-Aduan-Session': session }),
    Type.actionResponse).string();
}
