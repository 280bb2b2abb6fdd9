// core/store/server_schema_channels.h: the server schema's steps v6 to v9, the ways reports
// arrive besides a citizen's own phone: village officials (v6), counts by channel (v7), Open311
// keys (v8), the SMS channel (v9).
//
// Owns only the SQL of these steps; the list of steps, and why the schema is shaped so, are
// server_schema.cpp's, which includes this. A header of constants rather than a second list, so
// the one kMigrations array stays a compile-time constant in one place. Released steps are never
// edited.
#pragma once

#include <string_view>

namespace aduan::store::server_schema {

// v6: protocol version 3 and village officials (DESIGN.md). A report may be for a citizen,
// entered by a village official: the on-behalf columns (behalf_name NULL: no such details,
// the same columns and meaning as the device's schema v3) and entered_by, the official's
// officer id, which the server takes from the pushing device's binding, never from a report.
// sms_consent is the reporter's consent to status news by SMS. official_devices binds a device
// to an official who signed in on it, until expires_at or until revoked: a signing in again
// renews it; a revoked device is refused for good and registers anew. Self-contained: no other
// step's table changes shape, so the step can be renumbered without touching anything else.
inline constexpr std::string_view kV6 = R"sql(
ALTER TABLE reports ADD COLUMN behalf_name TEXT;
ALTER TABLE reports ADD COLUMN behalf_phone TEXT;
ALTER TABLE reports ADD COLUMN consent_given INTEGER CHECK (consent_given IN (0, 1));
ALTER TABLE reports ADD COLUMN consent_method TEXT
  CHECK (consent_method IN ('spoken', 'written'));
ALTER TABLE reports ADD COLUMN consent_witness TEXT;
ALTER TABLE reports ADD COLUMN sms_consent INTEGER NOT NULL DEFAULT 0
  CHECK (sms_consent IN (0, 1));
ALTER TABLE reports ADD COLUMN entered_by TEXT;
CREATE INDEX reports_by_official ON reports (entered_by) WHERE entered_by IS NOT NULL;

CREATE TABLE official_devices (
  device_id TEXT PRIMARY KEY,
  binding_id TEXT NOT NULL UNIQUE,
  officer_id TEXT NOT NULL,
  bound_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;
CREATE INDEX official_devices_by_officer ON official_devices (officer_id);
)sql";

// v7: reports counted by channel (web, kiosk, assisted; SMS and Open311 later) for the
// statistics. case_channel_totals is kept like case_totals by triggers on the case rows, per
// holder, region and month received, so every scope the statistics are read in (everything, an
// agency's holders, a regional admin's holders or region) is a sum of a few of its rows, never a
// read of the cases. A report's channel never changes, so each trigger reads it from the report's
// row by its key rather than copying it into every case row. Self-contained.
inline constexpr std::string_view kV7 = R"sql(
CREATE TABLE case_channel_totals (
  holder TEXT NOT NULL,
  region_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  channel TEXT NOT NULL,
  received INTEGER NOT NULL,
  PRIMARY KEY (holder, region_code, year, month, channel)
) WITHOUT ROWID;
CREATE INDEX case_channel_totals_by_region ON case_channel_totals (region_code);
CREATE INDEX case_channel_totals_by_month ON case_channel_totals (year, month, channel, received);
INSERT INTO case_channel_totals (holder, region_code, year, month, channel, received)
  SELECT c.holder, c.region_code, c.year, c.month, r.channel, count(*)
  FROM cases c JOIN reports r ON r.seq = c.seq
  GROUP BY c.holder, c.region_code, c.year, c.month, r.channel;

CREATE TRIGGER cases_channel_counted AFTER INSERT ON cases BEGIN
  INSERT INTO case_channel_totals VALUES (new.holder, new.region_code, new.year, new.month,
      (SELECT channel FROM reports WHERE seq = new.seq), 1)
    ON CONFLICT (holder, region_code, year, month, channel) DO UPDATE SET received = received + 1;
END;

CREATE TRIGGER cases_channel_uncounted AFTER DELETE ON cases BEGIN
  UPDATE case_channel_totals SET received = received - 1
    WHERE holder = old.holder AND region_code = old.region_code AND year = old.year
      AND month = old.month AND channel = (SELECT channel FROM reports WHERE seq = old.seq);
END;

CREATE TRIGGER cases_channel_recounted AFTER UPDATE OF holder, region_code, year, month ON cases
BEGIN
  UPDATE case_channel_totals SET received = received - 1
    WHERE holder = old.holder AND region_code = old.region_code AND year = old.year
      AND month = old.month AND channel = (SELECT channel FROM reports WHERE seq = old.seq);
  INSERT INTO case_channel_totals VALUES (new.holder, new.region_code, new.year, new.month,
      (SELECT channel FROM reports WHERE seq = new.seq), 1)
    ON CONFLICT (holder, region_code, year, month, channel) DO UPDATE SET received = received + 1;
END;
)sql";

// v8: Open311 GeoReport v2's POST requests. open311_keys holds the keys an operator issued to
// other systems (aduan-server open311-key): a name, the key's SHA-256, when it was issued and
// revoked; a key is never deleted, so the audit log's key ids always name one. Reports created
// through a key are ordinary reports of channel open311 (their device id names the key); one
// without a region keeps region_code '' until the verifying admins complete it. Self-contained.
inline constexpr std::string_view kV8 = R"sql(
CREATE TABLE open311_keys (
  key_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  key_sha256 TEXT NOT NULL UNIQUE CHECK (length(key_sha256) = 64),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
)sql";

// v9: the SMS channel (shell/server/sms). A sender's number is never a key here: rows name it by
// a keyed hash (HMAC-SHA256 under server_secrets' sms_number_key, made once by this migration),
// so the tables say who may act on a report, who said BERHENTI and how many messages a number
// got today without holding the number. The number itself is kept only where it must be: the
// contact of a named report (as for every channel), and an outbox row until it is sent or given
// up (then to_number is cleared). sms_inbound holds each message once (the gateway's id, and the
// hash of its text for retries with a new id); sms_outbox is written in the transaction of what
// causes it and leased by one sender at a time. Self-contained.
inline constexpr std::string_view kV9 = R"sql(
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO server_secrets (name, value) VALUES ('sms_number_key', lower(hex(randomblob(32))));

CREATE TABLE sms_inbound (
  message_key TEXT PRIMARY KEY,
  sender_hash TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  command TEXT NOT NULL,
  report_id BLOB
) WITHOUT ROWID;
CREATE INDEX sms_inbound_by_sender ON sms_inbound (sender_hash, received_at);

CREATE TABLE sms_reporters (
  report_id BLOB PRIMARY KEY,
  sender_hash TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sms_stopped (
  sender_hash TEXT PRIMARY KEY,
  stopped_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sms_outbox (
  id TEXT PRIMARY KEY,
  to_number TEXT,
  to_hash TEXT NOT NULL,
  text TEXT NOT NULL,
  reason TEXT NOT NULL,
  report_id BLOB,
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  sent_at INTEGER,
  last_error TEXT,
  CHECK ((state = 'queued') = (to_number IS NOT NULL))
);
CREATE INDEX sms_outbox_due ON sms_outbox (state, next_attempt_at);
CREATE INDEX sms_outbox_by_recipient ON sms_outbox (to_hash, created_at);
)sql";

}  // namespace aduan::store::server_schema
