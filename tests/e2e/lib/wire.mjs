// tests/e2e/lib/wire.mjs: the core's wire format written and read by hand, for tests that talk
// to the server without the portal (officer_wire.mjs, openapi.test.mjs).
//
// From core/wire/envelope.h and core/wire/codec.cpp: the 8-byte envelope ("ADUW", u16 version,
// u16 type, little-endian), strings as a LEB128 length and their bytes, hex text with the packed
// prefix (len << 1 | 1), integers little-endian at their own width, a ReportId as its 16 raw
// bytes. A change to those files that this does not follow makes the server answer 400, which
// fails the test.

export class Writer {
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
  hex(text) {
    const data = Buffer.from(text, 'hex');
    this.varint((data.length << 1) | 1);
    this.bytes.push(...data);
    return this;
  }
  raw(data) { this.bytes.push(...data); return this; }
  u8(value) { return this.raw([value]); }
  u32(value) { const b = Buffer.alloc(4); b.writeUInt32LE(value); return this.raw(b); }
  i32(value) { const b = Buffer.alloc(4); b.writeInt32LE(value); return this.raw(b); }
  u64(value) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(value)); return this.raw(b); }
  // The officers' messages are of protocol version 2; a device's of the current one, 3.
  envelope(type, version = 2) {
    const head = Buffer.alloc(8);
    head.write('ADUW', 0, 'latin1');
    head.writeUInt16LE(version, 4);
    head.writeUInt16LE(type, 6);
    return Buffer.concat([head, Buffer.from(this.bytes)]);
  }
}

// Reads a message of `type` (any type when null) field by field.
export class Reader {
  constructor(buffer, type = null) {
    if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== 'ADUW') throw new Error('not a wire message');
    if (type !== null && buffer.readUInt16LE(6) !== type) {
      throw new Error(`expected message ${type}, got ${buffer.readUInt16LE(6)}`);
    }
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
