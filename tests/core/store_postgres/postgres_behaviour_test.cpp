// tests/core/store_postgres/postgres_behaviour_test.cpp: the PostgreSQL schema does what the
// SQLite one does with the same statements: the triggers keep the same totals, and the
// constraints refuse the same rows.
//
// Each test works in a schema of its own (schema_description.h's PostgresSchema) and against a
// fresh SQLite ServerStore.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "tests/core/store_postgres/schema_description.h"

namespace aduan::store::pg_testing {
namespace {

// ---- The triggers' totals ------------------------------------------------------------------

Status insert_report(SqlConnection& db, int seq, std::string_view channel) {
  auto insert = db.prepare(
      "INSERT INTO reports (seq, id, tracking_code, device_id, content_sha256, receipt_secret, "
      "classification, title, body, incident_year, incident_month, incident_day, region_code, "
      "place, category_id, agency_id, anonymous, confidential, channel, created_at, received_at, "
      "status, current_agency_id) VALUES (?1, ?2, ?3, 'device-1', ?4, 'secret', 'complaint', "
      "'title', 'body', 2024, 1, 2, '32.12', 'place', 'category', 'agency', 0, 0, ?5, ?6, ?6, "
      "'received', 'agency')");
  if (!insert) return insert.error();
  const auto id = testing::fixed_id(seq);
  const std::vector<std::uint8_t> content(32, static_cast<std::uint8_t>(seq));
  return insert.value()
      .bind_int(1, seq)
      .bind_blob(2, id.bytes)
      .bind_text(3, "TRACK-" + std::to_string(seq))
      .bind_blob(4, content)
      .bind_text(5, channel)
      .bind_int(6, 1700000000000 + seq)
      .run();
}

constexpr std::string_view kCaseColumnList =
    "seq, holder, region_code, status, received_at, zone, received_day, year, month, "
    "followed_up, follow_up_day, working_days_to_follow_up, completed, completion_day, "
    "calendar_days_to_completion, resolved, clock_kind, queue_class, queue_zone, due_key, "
    "due_day, escalated, escalated_to_ombudsman, next_action_at";

// The store's way of (re)writing a case row: an upsert that sets every column
// (server_store_cases.cpp), which fires the UPDATE OF triggers in both databases.
std::string upsert_case(std::string_view values) {
  std::string sql = "INSERT INTO cases (" + std::string(kCaseColumnList) + ") VALUES (" +
                    std::string(values) + ") ON CONFLICT (seq) DO UPDATE SET ";
  std::istringstream names{std::string(kCaseColumnList)};
  std::string name;
  bool first = true;
  while (std::getline(names, name, ',')) {
    name.erase(0, name.find_first_not_of(' '));
    if (name == "seq") continue;
    sql += (first ? "" : ", ") + name + " = excluded." + name;
    first = false;
  }
  return sql;
}

// Inserts, rewrites (changing the counted columns, only the channel's, none, or listing one
// without changing it) and deletes case rows.
std::vector<std::string> case_steps() {
  return {
      upsert_case("1, 'dinas-a', '32.12', 'received', 1000, 7, 19700, 2024, 1, 0, NULL, 0, 0, "
                  "NULL, 0, 0, 1, 0, 7, 5000, 19705, 0, 0, NULL"),
      upsert_case("2, 'dinas-a', '32.12', 'responded', 2000, 7, 19701, 2024, 1, 1, 19702, 3, 1, "
                  "19713, 12, 1, 0, 2, 0, 0, NULL, 0, 0, NULL"),
      upsert_case("3, 'dinas-b', '33.01', 'verified', 3000, 8, 19730, 2024, 2, 1, 19731, 2, 0, "
                  "NULL, 0, 0, 1, 1, 8, 4, NULL, 1, 0, 5000"),
      upsert_case("1, 'dinas-b', '32.12', 'verified', 1000, 7, 19700, 2024, 1, 1, 19703, 4, 0, "
                  "NULL, 0, 0, 1, 0, 7, 5003, 19709, 1, 1, 4000"),
      "UPDATE cases SET status = 'closed', queue_class = 2, queue_zone = 0, completed = 1, "
      "calendar_days_to_completion = 30, resolved = 1 WHERE seq = 3",
      "UPDATE cases SET status = 'closed' WHERE seq = 2",
      "UPDATE cases SET next_action_at = 99 WHERE seq = 2",
      "UPDATE cases SET region_code = '32.13' WHERE seq = 2",
      "UPDATE cases SET holder = holder WHERE seq = 1",
      "DELETE FROM cases WHERE seq = 3",
      upsert_case("4, 'dinas-a', '32.12', 'received', 4000, 7, 19702, 2024, 1, 0, NULL, 0, 0, "
                  "NULL, 0, 0, 1, 0, 7, 5007, 19712, 0, 0, NULL"),
  };
}

// Every row of `table` (all its columns as text), sorted.
Rows contents(SqlConnection& db, const std::string& table,
              const std::vector<std::string>& columns) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (i == 0 ? "CAST(" : ", CAST(") + columns[i] + " AS TEXT)";
  }
  Rows rows = rows_of(db, sql + " FROM " + table, static_cast<int>(columns.size()));
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST_F(PostgresSchema, TriggersKeepTheSameTotalsAsSqlite) {
  ADUAN_ASSERT_OK(migrate_pg());
  testing::TempPath path;
  auto lite = ServerStore::open(path.str());
  ASSERT_TRUE(lite.ok()) << lite.error().detail;
  SqlConnection& sqlite = lite.value().database();

  for (SqlConnection* db : {&sqlite, static_cast<SqlConnection*>(pg_.get())}) {
    const char* channels[] = {"web", "kiosk", "web", "sms"};
    for (int seq = 1; seq <= 4; ++seq) ADUAN_ASSERT_OK(insert_report(*db, seq, channels[seq - 1]));
    for (const std::string& step : case_steps()) {
      auto ran = db->exec(step);
      ASSERT_TRUE(ran.ok()) << step << ": " << ran.error().detail;
    }
  }
  const std::map<std::string, std::vector<std::string>> kept = {
      {"case_totals",
       {"holder", "year", "month", "received", "followed_up", "working_days_to_follow_up",
        "completed", "calendar_days_to_completion", "resolved"}},
      {"case_counts", {"holder", "status", "queue_class", "queue_zone", "cases"}},
      {"case_channel_totals", {"holder", "region_code", "year", "month", "channel", "received"}},
      {"cases", {"seq", "holder", "region_code", "status", "queue_class", "queue_zone"}},
  };
  for (const auto& [table, columns] : kept) {
    const Rows expected = contents(sqlite, table, columns);
    EXPECT_FALSE(expected.empty()) << table;
    EXPECT_EQ(contents(*pg_, table, columns), expected) << table;
  }
}

// ---- The constraints -----------------------------------------------------------------------

// Rows both schemas take (so the refusals below are each for the one reason they name), run in
// this order after reports 1 and 2.
const char* const kAllowed[] = {
    "INSERT INTO attachments (report_id, attachment_id, expected_size, expected_sha256, "
    "bytes_held, complete) SELECT id, 'photo', 10, 'h', 10, 1 FROM reports WHERE seq = 1",
    "INSERT INTO attachment_chunks (report_id, attachment_id, start, bytes) "
    "SELECT id, 'photo', 0, substr(content_sha256, 1, 10) FROM reports WHERE seq = 1",
    "INSERT INTO officers (id, username, password_hash, role, created_at) "
    "VALUES ('o1', 'user1', 'hash', 'admin', 1)",
    "INSERT INTO officer_sessions VALUES ('token', 'o1', 1, 2)",
    "INSERT INTO kiosks VALUES ('device-k', 'k1', 'agency', 'office', 'o1', 1, NULL)",
    "INSERT INTO official_devices VALUES ('device-o', 'b1', 'o1', 1, 2, NULL)",
    "UPDATE reports SET consent_given = 1, consent_method = 'written', latitude = 1.5, "
    "longitude = 2.5, contact_name = 'n', contact_phone = 'p', contact_email = 'e' WHERE seq = 2",
    "UPDATE reports SET consent_given = NULL, consent_method = NULL WHERE seq = 2",
    "INSERT INTO open311_keys VALUES ('key1', 'name', "
    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 1, NULL)",
    "INSERT INTO sms_outbox (id, to_number, to_hash, text, reason, created_at, state, "
    "next_attempt_at) VALUES ('m1', '+62', 'hash', 'text', 'news', 1, 'queued', 1)",
    "INSERT INTO sms_outbox (id, to_number, to_hash, text, reason, created_at, state, "
    "next_attempt_at) VALUES ('m2', NULL, 'hash', 'text', 'news', 1, 'sent', 1)",
};

// Each refused by SQLite, for the reason in its comment, and so by PostgreSQL.
const char* const kRefused[] = {
    // 16 bytes (report 2: no row refers to it, so no foreign key refuses it first)
    "UPDATE reports SET id = substr(id, 1, 15) WHERE seq = 2",
    "UPDATE reports SET content_sha256 = substr(content_sha256, 1, 31) WHERE seq = 1",  // 32
    "UPDATE reports SET anonymous = 2 WHERE seq = 1",                                   // 0/1
    "UPDATE reports SET confidential = -1 WHERE seq = 1",
    "UPDATE reports SET sms_consent = 2 WHERE seq = 1",
    "UPDATE reports SET consent_given = 2 WHERE seq = 1",
    "UPDATE reports SET consent_method = 'oral' WHERE seq = 1",
    "UPDATE reports SET latitude = 1.5 WHERE seq = 1",             // without longitude
    "UPDATE reports SET contact_name = 'n' WHERE seq = 1",         // without phone and e-mail
    "UPDATE reports SET tracking_code = 'TRACK-2' WHERE seq = 1",  // unique
    "UPDATE reports SET title = NULL WHERE seq = 1",
    // A report id that is no report's (a content hash): foreign keys to reports (id).
    "INSERT INTO report_attachments SELECT content_sha256, 0, 'a', 'image/jpeg', 1, 'h' "
    "FROM reports WHERE seq = 1",
    "INSERT INTO events (report_id, device_id, status, action, at, note, agency_id, actor) "
    "SELECT content_sha256, 'd', 's', 'a', 1, '', 'agency', 'x' FROM reports WHERE seq = 1",
    "INSERT INTO attachments (report_id, attachment_id, expected_size, expected_sha256) "
    "SELECT content_sha256, 'a', 1, 'h' FROM reports WHERE seq = 1",
    "INSERT INTO applied_actions SELECT 'act', 'o1', content_sha256, 1, 's', 'agency', 1 "
    "FROM reports WHERE seq = 1",
    "INSERT INTO report_attachments SELECT id, 0, 'a', 'image/jpeg', -1, 'h' FROM reports "
    "WHERE seq = 1",  // size_bytes >= 0
    "INSERT INTO attachments (report_id, attachment_id, expected_size, expected_sha256, "
    "bytes_held) SELECT id, 'a', 10, 'h', 11 FROM reports WHERE seq = 1",  // held <= expected
    "INSERT INTO attachments (report_id, attachment_id, expected_size, expected_sha256, "
    "complete) SELECT id, 'a', 10, 'h', 2 FROM reports WHERE seq = 1",
    "INSERT INTO attachments (report_id, attachment_id, expected_size, expected_sha256) "
    "SELECT id, 'a', -1, 'h' FROM reports WHERE seq = 1",
    "INSERT INTO attachment_chunks SELECT id, 'photo', -1, content_sha256 FROM reports "
    "WHERE seq = 1",  // start >= 0
    "INSERT INTO attachment_chunks SELECT id, 'photo', 0, content_sha256 FROM reports "
    "WHERE seq = 1",  // unique start
    "INSERT INTO attachment_chunks SELECT id, 'other', 0, content_sha256 FROM reports "
    "WHERE seq = 1",  // no such attachment
    "INSERT INTO officers (id, username, password_hash, role, created_at) "
    "VALUES ('o2', 'user1', 'hash', 'admin', 1)",
    "INSERT INTO officer_sessions VALUES ('token2', 'nobody', 1, 2)",
    "INSERT INTO agencies (id, name, kind, updated_at) VALUES ('a', 'n', 'city', 1)",
    "INSERT INTO kiosks VALUES ('device-k2', 'k1', 'agency', 'office', 'o1', 1, NULL)",
    "INSERT INTO official_devices VALUES ('device-o2', 'b1', 'o1', 1, 2, NULL)",
    "UPDATE cases SET queue_class = 3 WHERE seq = 1",
    "UPDATE cases SET followed_up = 2 WHERE seq = 1",
    "UPDATE cases SET completed = 2 WHERE seq = 1",
    "UPDATE cases SET resolved = 2 WHERE seq = 1",
    "UPDATE cases SET escalated = 2 WHERE seq = 1",
    "UPDATE cases SET escalated_to_ombudsman = 2 WHERE seq = 1",
    "INSERT INTO case_index_state VALUES (2, '')",
    "INSERT INTO cases_stale VALUES (7), (7)",
    "INSERT INTO open311_keys VALUES ('key2', 'name', 'abc', 1, NULL)",  // 64 characters
    "UPDATE sms_outbox SET state = 'lost' WHERE id = 'm1'",
    "UPDATE sms_outbox SET to_number = NULL WHERE id = 'm1'",  // queued keeps its number
    "UPDATE sms_outbox SET to_number = '+62' WHERE id = 'm2'",
    "INSERT INTO server_secrets VALUES ('sms_number_key', 'x')",
};

TEST_F(PostgresSchema, ConstraintsRefuseWhatSqliteRefuses) {
  ADUAN_ASSERT_OK(migrate_pg());
  testing::TempPath path;
  auto lite = ServerStore::open(path.str());
  ASSERT_TRUE(lite.ok()) << lite.error().detail;
  SqlConnection& sqlite = lite.value().database();

  for (SqlConnection* db : {&sqlite, static_cast<SqlConnection*>(pg_.get())}) {
    const bool pg = db != &sqlite;
    for (int seq = 1; seq <= 2; ++seq) ADUAN_ASSERT_OK(insert_report(*db, seq, "web"));
    ADUAN_ASSERT_OK(db->exec(case_steps()[0]));
    for (const char* sql : kAllowed) {
      auto ran = db->exec(sql);
      EXPECT_TRUE(ran.ok()) << (pg ? "PostgreSQL: " : "SQLite: ") << sql << ": "
                            << ran.error().detail;
    }
    for (const char* sql : kRefused) {
      EXPECT_FALSE(db->exec(sql).ok()) << (pg ? "PostgreSQL" : "SQLite") << " takes " << sql;
    }
    // A deleted upload takes its chunks along (ON DELETE CASCADE).
    ADUAN_ASSERT_OK(db->exec("DELETE FROM attachments"));
    auto chunks = db->query_int("SELECT count(*) FROM attachment_chunks");
    ASSERT_TRUE(chunks.ok()) << chunks.error().detail;
    EXPECT_EQ(chunks.value(), 0) << (pg ? "PostgreSQL" : "SQLite");
  }
}

}  // namespace
}  // namespace aduan::store::pg_testing
