// core/store/server_schema.cpp: the server store's schema, as numbered migrations.
//
// Owns the tables of ServerStore and nothing else; the device's schema is client_schema.cpp,
// with its own numbering. A released step is never edited: a change is a new step appended to
// kMigrations plus a fixture tests/core/store/fixtures/server_vN.sqlite of the new version
// (server_store_schema_test.cpp fails without it and says how to make it).
//
// Shape, and why:
// - Report ids are 16-byte BLOBs, as on the device. A report keeps its fields as columns (the
//   officers' queues filter and sort on them) plus content_sha256, the hash of its canonical
//   content, so telling a retry (duplicate) from a conflict is one indexed read, not a reload.
// - The declared attachments of a report are part of its content (report_attachments, in the
//   citizen's order); upload state is separate (attachments) and its bytes are rows of
//   attachment_chunks, one per append: appending to one growing BLOB would rewrite the whole
//   value, and so the WAL, on every chunk, quadratic in the size of the file.
// - events.seq is AUTOINCREMENT: never reused, even after a delete, because devices hold it as
//   their pull cursor. events.device_id is the pushing device of the report, copied when the
//   event is written (a report's device never changes), so a device's pull is one range of
//   the (device_id, seq) index however many reports and events the server holds; the join
//   to reports it replaces would visit every report of the device on every pull.
// - reports.device_id is not a foreign key to devices: registration and the store may live
//   behind different backends, and a report must never be refused after it was authorised.
#include "core/store/server_schema_channels.h"
#include "core/store/server_store.h"

namespace aduan::store {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  secret_sha256 TEXT NOT NULL,
  channel TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE reports (
  seq INTEGER PRIMARY KEY,
  id BLOB NOT NULL UNIQUE CHECK (typeof(id) = 'blob' AND length(id) = 16),
  tracking_code TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  content_sha256 BLOB NOT NULL CHECK (length(content_sha256) = 32),
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
  received_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  current_agency_id TEXT NOT NULL,
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  CHECK ((contact_name IS NULL) = (contact_phone IS NULL)
         AND (contact_name IS NULL) = (contact_email IS NULL))
);
CREATE INDEX reports_newest_first ON reports (received_at DESC, seq DESC);
CREATE INDEX reports_by_status ON reports (status, received_at DESC, seq DESC);
CREATE INDEX reports_by_device ON reports (device_id);

CREATE TABLE report_attachments (
  report_id BLOB NOT NULL REFERENCES reports (id),
  position INTEGER NOT NULL,
  attachment_id TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256_hex TEXT NOT NULL,
  PRIMARY KEY (report_id, position)
) WITHOUT ROWID;

CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id BLOB NOT NULL REFERENCES reports (id),
  device_id TEXT NOT NULL,
  status TEXT NOT NULL,
  action TEXT NOT NULL,
  at INTEGER NOT NULL,
  note TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX events_by_device ON events (device_id, seq);
CREATE INDEX events_by_report ON events (report_id, seq);

CREATE TABLE attachments (
  report_id BLOB NOT NULL REFERENCES reports (id),
  attachment_id TEXT NOT NULL,
  expected_size INTEGER NOT NULL CHECK (expected_size >= 0),
  expected_sha256 TEXT NOT NULL,
  bytes_held INTEGER NOT NULL DEFAULT 0 CHECK (bytes_held BETWEEN 0 AND expected_size),
  complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
  PRIMARY KEY (report_id, attachment_id)
) WITHOUT ROWID;

CREATE TABLE attachment_chunks (
  report_id BLOB NOT NULL,
  attachment_id TEXT NOT NULL,
  start INTEGER NOT NULL CHECK (start >= 0),
  bytes BLOB NOT NULL,
  UNIQUE (report_id, attachment_id, start),
  FOREIGN KEY (report_id, attachment_id) REFERENCES attachments (report_id, attachment_id)
    ON DELETE CASCADE
);
)sql";

// v2: agency officers and their login sessions (officer_store.h).
constexpr std::string_view kV2 = R"sql(
CREATE TABLE officers (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  agency_id TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE officer_sessions (
  token_sha256 TEXT PRIMARY KEY,
  officer_id TEXT NOT NULL REFERENCES officers(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX officer_sessions_by_expiry ON officer_sessions(expires_at);
)sql";

// v3: agencies at work. The agency hierarchy (seeded from the catalog at start-up, then edited
// by admins: the catalog stays the seed, the database the truth); the audit log of every
// officer and system action, written in the action's own transaction; the client-generated
// action ids that make a retried action apply once; and on each event the reporter's rating
// the actor's role and the routing target (the case clock folds whole transitions; an
// escalation names the parent agency while the holder keeps the case).
// The audit log keeps report_id nullable (an agency edit has no report) and copies the
// report's region, so a regional admin's audit view is one filter, not a join per row.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE agencies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_id TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('national', 'province', 'regency', 'unit')),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX agencies_by_parent ON agencies (parent_id);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  action TEXT NOT NULL,
  report_id BLOB,
  subject TEXT NOT NULL DEFAULT '',
  status_before TEXT NOT NULL DEFAULT '',
  status_after TEXT NOT NULL DEFAULT '',
  agency_before TEXT NOT NULL DEFAULT '',
  agency_after TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_report ON audit_log (report_id, seq);

CREATE TABLE applied_actions (
  action_id TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  report_id BLOB NOT NULL REFERENCES reports (id),
  event_seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  at INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE events ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN actor_role TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN target_agency_id TEXT NOT NULL DEFAULT '';
)sql";

// v4: kiosks. A device an agency admin bound to an office at set-up; the office of every
// report the device sends is this row (reports.device_id), never a field of the report. A
// binding is never edited: revoking marks it, and a kiosk set up again is a new device, so the
// office of a report received in the past stays what it was. Admins name a kiosk by kiosk_id, a
// random id of its own: a device id is half a credential and is in no answer to an officer.
// Self-contained: no other table
// changes, so the step can be renumbered without touching anything else.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE kiosks (
  device_id TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL UNIQUE,
  agency_id TEXT NOT NULL,
  office TEXT NOT NULL,
  bound_by TEXT NOT NULL,
  bound_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;
)sql";

// v5: the case index. One narrow row per report (`cases`) holding what the officers' queue,
// the statistics and the deadline scheduler need, computed by core/cases from the report's
// events whenever they change, in the same transaction (ServerStore calls its CaseIndexer);
// SQL only filters, sorts, pages and sums these columns and never counts working days itself.
// - Days are local dates in the case's zone, as day numbers; `due_key` is the due day's working-
//   day number (queue_class 0), or, while the case is on hold (1), the working days left, which
//   stay constant while it waits (core/workflow/case_clock.h): "overdue" is a comparison of
//   due_key with today's working-day number in the zone, which the caller computes, so no row
//   is ever rewritten because a day passed.
// - queue_zone is the zone for running clocks and 0 otherwise, so the cases of one status
//   without a clock (most of them) are one range of cases_queue in received order.
// - case_totals (per holder and month received) and case_counts (per holder, status, clock
//   class and zone: the groups the queue merges, so it opens only those that hold cases) are
//   kept by triggers on `cases`: the statistics and the queue's totals read a few hundred or
//   thousand rows, whatever the number of reports. cases_by_region covers a regional admin's
//   statistics.
// - cases_stale lists the reports whose row must be (re)computed: all of them right after this
//   migration, and any whose events a connection without a CaseIndexer wrote. The server fills
//   them when it starts (the part of this migration SQL cannot do: it needs the calendar) and
//   before it reads the index. case_index_state keeps the fingerprint of the indexer (its rules
//   and the holiday calendar) the rows were made with; another one makes every row stale.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE cases (
  seq INTEGER PRIMARY KEY,
  holder TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  zone INTEGER NOT NULL,
  received_day INTEGER NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  followed_up INTEGER NOT NULL CHECK (followed_up IN (0, 1)),
  follow_up_day INTEGER,
  working_days_to_follow_up INTEGER NOT NULL,
  completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
  completion_day INTEGER,
  calendar_days_to_completion INTEGER NOT NULL,
  resolved INTEGER NOT NULL CHECK (resolved IN (0, 1)),
  clock_kind INTEGER NOT NULL,
  queue_class INTEGER NOT NULL CHECK (queue_class IN (0, 1, 2)),
  queue_zone INTEGER NOT NULL,
  due_key INTEGER NOT NULL,
  due_day INTEGER,
  escalated INTEGER NOT NULL CHECK (escalated IN (0, 1)),
  escalated_to_ombudsman INTEGER NOT NULL CHECK (escalated_to_ombudsman IN (0, 1)),
  next_action_at INTEGER
);
CREATE INDEX cases_queue ON cases (status, queue_class, queue_zone, due_key, received_at, seq DESC,
                                   holder, region_code);
CREATE INDEX cases_queue_by_holder ON cases (holder, status, queue_class, queue_zone, due_key,
                                             received_at, seq DESC, region_code);
CREATE INDEX cases_newest_by_holder ON cases (holder, received_at DESC, seq DESC, status, region_code);
CREATE INDEX cases_running ON cases (queue_class, queue_zone, holder, year, month, due_key)
  WHERE queue_class < 2;
CREATE INDEX cases_by_region ON cases (region_code, holder, year, month, status, queue_class, zone,
                                       due_key, followed_up, working_days_to_follow_up, completed,
                                       calendar_days_to_completion, resolved);
CREATE INDEX cases_due ON cases (next_action_at, seq) WHERE next_action_at IS NOT NULL;

CREATE TABLE case_totals (
  holder TEXT NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  received INTEGER NOT NULL,
  followed_up INTEGER NOT NULL,
  working_days_to_follow_up INTEGER NOT NULL,
  completed INTEGER NOT NULL,
  calendar_days_to_completion INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  PRIMARY KEY (holder, year, month)
) WITHOUT ROWID;

CREATE TABLE case_counts (
  holder TEXT NOT NULL,
  status TEXT NOT NULL,
  queue_class INTEGER NOT NULL,
  queue_zone INTEGER NOT NULL,
  cases INTEGER NOT NULL,
  PRIMARY KEY (holder, status, queue_class, queue_zone)
) WITHOUT ROWID;

CREATE TRIGGER cases_counted AFTER INSERT ON cases BEGIN
  INSERT INTO case_totals VALUES (new.holder, new.year, new.month, 1, new.followed_up,
      new.working_days_to_follow_up, new.completed, new.calendar_days_to_completion, new.resolved)
    ON CONFLICT (holder, year, month) DO UPDATE SET
      received = received + 1,
      followed_up = followed_up + excluded.followed_up,
      working_days_to_follow_up = working_days_to_follow_up + excluded.working_days_to_follow_up,
      completed = completed + excluded.completed,
      calendar_days_to_completion = calendar_days_to_completion + excluded.calendar_days_to_completion,
      resolved = resolved + excluded.resolved;
  INSERT INTO case_counts VALUES (new.holder, new.status, new.queue_class, new.queue_zone, 1)
    ON CONFLICT (holder, status, queue_class, queue_zone) DO UPDATE SET cases = cases + 1;
END;

CREATE TRIGGER cases_uncounted AFTER DELETE ON cases BEGIN
  UPDATE case_totals SET
      received = received - 1,
      followed_up = followed_up - old.followed_up,
      working_days_to_follow_up = working_days_to_follow_up - old.working_days_to_follow_up,
      completed = completed - old.completed,
      calendar_days_to_completion = calendar_days_to_completion - old.calendar_days_to_completion,
      resolved = resolved - old.resolved
    WHERE holder = old.holder AND year = old.year AND month = old.month;
  UPDATE case_counts SET cases = cases - 1 WHERE holder = old.holder AND status = old.status
    AND queue_class = old.queue_class AND queue_zone = old.queue_zone;
END;

CREATE TRIGGER cases_recounted AFTER UPDATE OF holder, status, queue_class, queue_zone, year, month,
    followed_up, working_days_to_follow_up, completed, calendar_days_to_completion, resolved ON cases
BEGIN
  UPDATE case_totals SET
      received = received - 1,
      followed_up = followed_up - old.followed_up,
      working_days_to_follow_up = working_days_to_follow_up - old.working_days_to_follow_up,
      completed = completed - old.completed,
      calendar_days_to_completion = calendar_days_to_completion - old.calendar_days_to_completion,
      resolved = resolved - old.resolved
    WHERE holder = old.holder AND year = old.year AND month = old.month;
  UPDATE case_counts SET cases = cases - 1 WHERE holder = old.holder AND status = old.status
    AND queue_class = old.queue_class AND queue_zone = old.queue_zone;
  INSERT INTO case_totals VALUES (new.holder, new.year, new.month, 1, new.followed_up,
      new.working_days_to_follow_up, new.completed, new.calendar_days_to_completion, new.resolved)
    ON CONFLICT (holder, year, month) DO UPDATE SET
      received = received + 1,
      followed_up = followed_up + excluded.followed_up,
      working_days_to_follow_up = working_days_to_follow_up + excluded.working_days_to_follow_up,
      completed = completed + excluded.completed,
      calendar_days_to_completion = calendar_days_to_completion + excluded.calendar_days_to_completion,
      resolved = resolved + excluded.resolved;
  INSERT INTO case_counts VALUES (new.holder, new.status, new.queue_class, new.queue_zone, 1)
    ON CONFLICT (holder, status, queue_class, queue_zone) DO UPDATE SET cases = cases + 1;
END;

CREATE TABLE cases_stale (
  seq INTEGER PRIMARY KEY
);
INSERT INTO cases_stale (seq) SELECT seq FROM reports;

CREATE TABLE case_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL
);
INSERT INTO case_index_state (id, fingerprint) VALUES (1, '');
)sql";

using server_schema::kV6;
using server_schema::kV7;
using server_schema::kV8;
using server_schema::kV9;

// v6 to v9 (village officials, channel counts, Open311 keys, SMS): server_schema_channels.h.
constexpr Migration kMigrations[] = {
    {1, kV1}, {2, kV2}, {3, kV3}, {4, kV4}, {5, kV5}, {6, kV6}, {7, kV7}, {8, kV8}, {9, kV9},
};

}  // namespace

std::span<const Migration> ServerStore::migrations() {
  return kMigrations;
}

}  // namespace aduan::store
