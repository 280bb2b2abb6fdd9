// core/store/client_schema.cpp: the device store's schema, as numbered migrations.
//
// Owns the tables of LocalStore and nothing else. A released step is never edited: a change
// is a new step appended to kMigrations, plus a fixture database of the new version in
// tests/core/store/fixtures (the tests fail without it; see the README there).
//
// Shape, and why:
// - Report ids are 16-byte BLOBs (the domain's 128 random bits): half the size of hex in every
//   row and index. Enums are kept by their stable names, so a database stays readable in the
//   sqlite3 shell and immune to reordering of an enum.
// - Reports keep their fields as columns, attachments one row each: the store does not depend
//   on core/wire's encoding, and upload progress is a column of the attachment row.
// - The outbox is a table of its own, one row per report: its state changes often while the
//   report never does. A partial index over queued rows in queue order keeps choosing a batch
//   flat however long the history grows (budget: 5,000 reports, p95 <= 100 ms).
// - Timeline events are keyed by (report, server seq) and not tied to reports by a foreign
//   key: a citizen may track a report sent from another device.
// - Single-row tables (CHECK (id = 1)) for the catalog cache, credentials and sync state.
#include "core/store/local_store.h"

namespace aduan::store {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE drafts (
  id TEXT PRIMARY KEY,
  fields BLOB NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX drafts_by_update ON drafts (updated_at DESC);

CREATE TABLE reports (
  seq INTEGER PRIMARY KEY,
  id BLOB NOT NULL UNIQUE CHECK (typeof(id) = 'blob' AND length(id) = 16),
  tracking_code TEXT NOT NULL,
  receipt_secret TEXT NOT NULL,
  classification TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  incident_year INTEGER NOT NULL,
  incident_month INTEGER NOT NULL,
  incident_day INTEGER NOT NULL,
  region_code TEXT NOT NULL,
  place TEXT NOT NULL,
  latitude REAL,
  longitude REAL,
  category_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
  confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
  contact_name TEXT,
  contact_phone TEXT,
  contact_email TEXT,
  channel TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  received_at INTEGER,
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  CHECK ((contact_name IS NULL) = (contact_phone IS NULL)
         AND (contact_name IS NULL) = (contact_email IS NULL))
);
CREATE INDEX reports_newest_first ON reports (created_at DESC, seq DESC);
CREATE INDEX reports_by_tracking_code ON reports (tracking_code) WHERE tracking_code <> '';

CREATE TABLE attachments (
  report_id BLOB NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256_hex TEXT NOT NULL,
  bytes_sent INTEGER NOT NULL DEFAULT 0 CHECK (bytes_sent BETWEEN 0 AND size_bytes),
  PRIMARY KEY (report_id, position),
  UNIQUE (report_id, id)
) WITHOUT ROWID;

CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  report_id BLOB NOT NULL UNIQUE REFERENCES reports (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  queued_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  payload_bytes INTEGER NOT NULL CHECK (payload_bytes >= 0)
);
CREATE INDEX outbox_queued ON outbox (seq) WHERE state = 'queued';
CREATE INDEX outbox_by_state ON outbox (state);

CREATE TABLE rejection_problems (
  report_id BLOB NOT NULL REFERENCES outbox (report_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  field TEXT NOT NULL,
  code TEXT NOT NULL,
  PRIMARY KEY (report_id, position)
) WITHOUT ROWID;

CREATE TABLE timeline_events (
  report_id BLOB NOT NULL CHECK (length(report_id) = 16),
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pull_cursor INTEGER NOT NULL
);

CREATE TABLE catalog_cache (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  etag TEXT NOT NULL,
  content BLOB NOT NULL,
  fetched_at INTEGER NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE device_credentials (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  device_id TEXT NOT NULL,
  secret TEXT NOT NULL
);
)sql";

// v2: the photos themselves, kept with their report until the server has verified them.
// - Content rows of at most kContentRowBytes (64 KiB), keyed by (report, attachment, start):
//   an upload chunk reads one or two rows, never a whole photo, and a content row is never
//   rewritten. Rowid rows, not WITHOUT ROWID: SQLite advises against the latter for rows this
//   large. Forgetting a report deletes its bytes with it, in the same transaction (the foreign
//   key's cascade does not run in the browser, whose SQLite has no triggers).
// - Upload state on the attachment row, next to bytes_sent: one row per attachment already,
//   and the partial index keeps "what is due" flat however many photos were ever sent.
//   Attachments of v1 had no bytes on the device ('absent'), except those the server had
//   wholly acknowledged ('done').
constexpr std::string_view kV2 = R"sql(
ALTER TABLE attachments ADD COLUMN upload_state TEXT NOT NULL DEFAULT 'absent'
  CHECK (upload_state IN ('absent', 'pending', 'done', 'refused'));
ALTER TABLE attachments ADD COLUMN upload_attempts INTEGER NOT NULL DEFAULT 0
  CHECK (upload_attempts >= 0);
ALTER TABLE attachments ADD COLUMN next_upload_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN upload_error TEXT NOT NULL DEFAULT '';
UPDATE attachments SET upload_state = 'done' WHERE size_bytes > 0 AND bytes_sent = size_bytes;
CREATE INDEX attachments_to_upload ON attachments (next_upload_at)
  WHERE upload_state = 'pending';

CREATE TABLE attachment_content (
  seq INTEGER PRIMARY KEY,
  report_id BLOB NOT NULL,
  attachment_id TEXT NOT NULL,
  start INTEGER NOT NULL CHECK (start >= 0),
  bytes BLOB NOT NULL CHECK (typeof(bytes) = 'blob' AND length(bytes) BETWEEN 1 AND 65536),
  UNIQUE (report_id, attachment_id, start),
  FOREIGN KEY (report_id, attachment_id) REFERENCES attachments (report_id, id)
    ON DELETE CASCADE
);
)sql";

// v3: protocol version 3. A report a village official entered for a citizen keeps, on the
// official's device for as long as it waits to be sent (days, offline), whom it is for and how
// the citizen consented (behalf_name NULL: no such details); sms_consent is the reporter's
// consent to status news by SMS. The same columns as the server's schema v6 (core/store/codec.h).
constexpr std::string_view kV3 = R"sql(
ALTER TABLE reports ADD COLUMN behalf_name TEXT;
ALTER TABLE reports ADD COLUMN behalf_phone TEXT;
ALTER TABLE reports ADD COLUMN consent_given INTEGER CHECK (consent_given IN (0, 1));
ALTER TABLE reports ADD COLUMN consent_method TEXT
  CHECK (consent_method IN ('spoken', 'written'));
ALTER TABLE reports ADD COLUMN consent_witness TEXT;
ALTER TABLE reports ADD COLUMN sms_consent INTEGER NOT NULL DEFAULT 0
  CHECK (sms_consent IN (0, 1));
)sql";

constexpr Migration kMigrations[] = {
    {1, kV1},
    {2, kV2},
    {3, kV3},
};

}  // namespace

std::span<const Migration> LocalStore::migrations() {
  return kMigrations;
}

}  // namespace aduan::store
