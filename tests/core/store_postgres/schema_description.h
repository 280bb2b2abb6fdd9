// tests/core/store_postgres/schema_description.h: what the PostgreSQL schema tests share.
//
// Owns reading rows of either backend as text, describing a schema (tables, columns, keys,
// indexes, triggers) in one form for SQLite and PostgreSQL so the two compare line by line,
// and the fixture giving each test a PostgreSQL schema of its own. Header-only: test code only.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/domain/secrets.h"
#include "core/store/migrations.h"
#include "core/store/sql_connection.h"
#include "core/store_postgres/pg_connection.h"
#include "core/store_postgres/server_schema_postgres.h"

namespace aduan::store::pg_testing {

using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

// Every row of `sql` (`columns` columns, each read as text; SQL casts what is not text), with
// `params` bound as text in order.
inline Rows rows_of(SqlConnection& db, std::string_view sql, int columns,
                    const std::vector<std::string>& params = {}) {
  Rows out;
  auto query = db.prepare(sql);
  EXPECT_TRUE(query.ok()) << sql << ": " << (query.ok() ? "" : query.error().detail);
  if (!query.ok()) return out;
  for (std::size_t i = 0; i < params.size(); ++i) {
    query.value().bind_text(static_cast<int>(i) + 1, params[i]);
  }
  for (;;) {
    auto row = query.value().step();
    EXPECT_TRUE(row.ok()) << sql << ": " << (row.ok() ? "" : row.error().detail);
    if (!row.ok() || !row.value()) break;
    Row values;
    for (int c = 0; c < columns; ++c) {
      if (query.value().column_is_null(c)) {
        values.push_back(std::nullopt);
      } else {
        values.push_back(query.value().column_text(c));
      }
    }
    out.push_back(std::move(values));
  }
  return out;
}

inline std::vector<std::string> first_column(SqlConnection& db, std::string_view sql,
                                             const std::vector<std::string>& params = {}) {
  std::vector<std::string> out;
  for (const Row& row : rows_of(db, sql, 1, params)) out.push_back(row[0].value_or("NULL"));
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += item + "\n";
  return out;
}

// ---- How each database describes its schema, in one common form ---------------------------

inline std::vector<std::string> sqlite_tables(SqlConnection& db) {
  return first_column(db,
                      "SELECT name FROM sqlite_master WHERE type = 'table' "
                      "AND name NOT LIKE 'sqlite_%'");
}

inline std::vector<std::string> pg_tables(SqlConnection& db) {
  // Without the connection's own version table (pg_connection.cpp), which SQLite keeps in
  // the file's header instead.
  return first_column(db,
                      "SELECT CAST(table_name AS TEXT) FROM information_schema.tables "
                      "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                      "AND table_name <> 'aduan_schema_version'");
}

// "name type [not null] [default x]" per column, in the table's order. SQLite's declared types
// mapped by the translation rules; a SQLite key column counts as NOT NULL (PostgreSQL's keys
// always are, and the code never stores NULL there).
inline std::vector<std::string> sqlite_columns(SqlConnection& db, const std::string& table) {
  static const std::map<std::string, std::string> kTypes = {
      {"INTEGER", "bigint"}, {"REAL", "double precision"}, {"BLOB", "bytea"}, {"TEXT", "text"}};
  std::vector<std::string> out;
  for (const Row& row : rows_of(db,
                                "SELECT name, type, CAST(\"notnull\" OR pk > 0 AS TEXT), "
                                "dflt_value FROM pragma_table_info(?1) ORDER BY cid",
                                4, {table})) {
    auto type = kTypes.find(row[1].value_or(""));
    std::string text = *row[0] + " " + (type == kTypes.end() ? "?" + *row[1] : type->second);
    if (row[2] == "1") text += " not null";
    if (row[3]) text += " default " + *row[3];
    out.push_back(text);
  }
  return out;
}

inline std::vector<std::string> pg_columns(SqlConnection& db, const std::string& table) {
  std::vector<std::string> out;
  for (const Row& row : rows_of(db,
                                "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT), "
                                "CAST(is_nullable AS TEXT), CAST(column_default AS TEXT), "
                                "CAST(collation_name AS TEXT) FROM information_schema.columns "
                                "WHERE table_schema = current_schema() AND table_name = ?1 "
                                "ORDER BY ordinal_position",
                                5, {table})) {
    std::string text = *row[0] + " " + *row[1];
    // Text must compare byte-wise, as SQLite's BINARY collation does (the translation rules).
    if (*row[1] == "text" && row[4] != "C") text += " collate " + row[4].value_or("default");
    if (row[2] == "NO") text += " not null";
    if (row[3]) text += " default " + row[3]->substr(0, row[3]->find("::"));  // ''::text
    out.push_back(text);
  }
  return out;
}

// "name on table: key columns (DESC marked) [partial]" for the indexes the schema creates
// itself, not those behind PRIMARY KEY and UNIQUE (sqlite_autoindex_*, *_pkey, *_key).
inline std::vector<std::string> sqlite_indexes(SqlConnection& db) {
  std::vector<std::string> out;
  for (const Row& index : rows_of(db,
                                  "SELECT m.name, m.tbl_name, CAST(l.partial AS TEXT) "
                                  "FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l "
                                  "ON l.name = m.name WHERE m.type = 'index' AND m.sql NOT NULL",
                                  3)) {
    std::string text = *index[0] + " on " + *index[1] + ":";
    for (const Row& key : rows_of(db,
                                  "SELECT name, CAST(\"desc\" AS TEXT) FROM pragma_index_xinfo(?1) "
                                  "WHERE key = 1 ORDER BY seqno",
                                  2, {*index[0]})) {
      text += " " + *key[0] + (key[1] == "1" ? " DESC" : "");
    }
    if (index[2] == "1") text += " [partial]";
    out.push_back(text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> pg_indexes(SqlConnection& db) {
  std::vector<std::string> out;
  for (const Row& index : rows_of(db,
                                  "SELECT CAST(c.relname AS TEXT), CAST(t.relname AS TEXT), "
                                  "CAST(CAST(i.indpred IS NOT NULL AS INT) AS TEXT) "
                                  "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                  "JOIN pg_class t ON t.oid = i.indrelid "
                                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                  "WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 "
                                  "FROM pg_constraint k WHERE k.conindid = i.indexrelid "
                                  "AND k.contype IN ('p', 'u', 'x'))",
                                  3)) {
    std::string text = *index[0] + " on " + *index[1] + ":";
    for (const Row& key :
         rows_of(db,
                 "SELECT CAST(a.attname AS TEXT), CAST(i.indoption[k.n - 1] & 1 AS TEXT) "
                 "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                 "JOIN pg_namespace s ON s.oid = c.relnamespace "
                 "CROSS JOIN LATERAL unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY AS k(a, n) "
                 "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.a "
                 "WHERE c.relname = ?1 AND s.nspname = current_schema() ORDER BY k.n",
                 2, {*index[0]})) {
      text += " " + *key[0] + (key[1] == "1" ? " DESC" : "");
    }
    if (index[2] == "1") text += " [partial]";
    out.push_back(text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "name: TIMING EVENT[ OF sorted columns] ON table[ WHEN]", every trigger being FOR EACH ROW.
inline std::string describe_trigger(const std::string& name, const std::string& timing,
                                    const std::string& event, std::vector<std::string> columns,
                                    const std::string& table, bool when) {
  std::sort(columns.begin(), columns.end());
  std::string text = name + ": " + timing + " " + event;
  for (std::size_t i = 0; i < columns.size(); ++i) text += (i == 0 ? " OF " : ",") + columns[i];
  return text + " ON " + table + (when ? " WHEN" : "");
}

// SQLite keeps a trigger's definition as text only: its head, up to BEGIN, is read word by word
// ("CREATE TRIGGER name AFTER UPDATE OF a, b ON table [FOR EACH ROW] [WHEN ...]").
inline std::vector<std::string> sqlite_triggers(SqlConnection& db) {
  std::vector<std::string> out;
  for (const Row& row :
       rows_of(db, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'", 3)) {
    std::string head = row[2]->substr(0, row[2]->find("BEGIN"));
    std::replace(head.begin(), head.end(), ',', ' ');
    std::istringstream words(head);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    std::size_t at = 3;  // CREATE TRIGGER name
    std::string timing = w.at(at++);
    if (timing == "INSTEAD") timing += " " + w.at(at++);
    std::string event = w.at(at++);
    std::vector<std::string> columns;
    if (w.at(at) == "OF") {
      for (++at; w.at(at) != "ON"; ++at) columns.push_back(w[at]);
    }
    const bool when = std::find(w.begin(), w.end(), "WHEN") != w.end();
    out.push_back(describe_trigger(*row[0], timing, event, columns, *row[1], when));
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> pg_triggers(SqlConnection& db) {
  std::vector<std::string> out;
  for (const Row& row : rows_of(db,
                                "SELECT CAST(trigger_name AS TEXT), CAST(action_timing AS TEXT), "
                                "CAST(event_manipulation AS TEXT), "
                                "CAST(event_object_table AS TEXT), "
                                "CAST(action_orientation AS TEXT), "
                                "CAST(CAST(action_condition IS NOT NULL AS INT) AS TEXT) "
                                "FROM information_schema.triggers "
                                "WHERE trigger_schema = current_schema()",
                                6)) {
    EXPECT_EQ(row[4], "ROW") << *row[0] << ": SQLite's triggers are all FOR EACH ROW";
    auto columns = first_column(db,
                                "SELECT CAST(event_object_column AS TEXT) "
                                "FROM information_schema.triggered_update_columns "
                                "WHERE trigger_schema = current_schema() AND trigger_name = ?1",
                                {*row[0]});
    if (row[2] != "UPDATE") columns.clear();
    out.push_back(describe_trigger(*row[0], *row[1], *row[2], columns, *row[3], row[5] == "1"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The table's keys: "PRIMARY KEY (a, b)", "UNIQUE (c)", sorted.
inline std::vector<std::string> sqlite_keys(SqlConnection& db, const std::string& table) {
  std::vector<std::string> out;
  std::string primary;
  for (const Row& row :
       rows_of(db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", 1, {table})) {
    primary += (primary.empty() ? "" : ", ") + *row[0];
  }
  if (!primary.empty()) out.push_back("PRIMARY KEY (" + primary + ")");
  for (const Row& index :
       rows_of(db, "SELECT name FROM pragma_index_list(?1) WHERE origin = 'u'", 1, {table})) {
    std::string columns;
    for (const Row& column :
         rows_of(db, "SELECT name FROM pragma_index_info(?1) ORDER BY seqno", 1, {*index[0]})) {
      columns += (columns.empty() ? "" : ", ") + *column[0];
    }
    out.push_back("UNIQUE (" + columns + ")");
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> pg_keys(SqlConnection& db, const std::string& table) {
  std::vector<std::string> out;
  for (const Row& row :
       rows_of(db,
               "SELECT CAST(k.contype AS TEXT), string_agg(CAST(a.attname AS TEXT), ', ' "
               "ORDER BY c.n) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
               "JOIN pg_namespace s ON s.oid = t.relnamespace "
               "CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS c(a, n) "
               "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.a "
               "WHERE t.relname = ?1 AND s.nspname = current_schema() AND k.contype IN ('p', 'u') "
               "GROUP BY k.oid, k.contype",
               2, {table})) {
    out.push_back((row[0] == "p" ? "PRIMARY KEY (" : "UNIQUE (") + *row[1] + ")");
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The table's foreign keys: "(a, b) -> table (c, d) ON DELETE x ON UPDATE y", sorted.
inline std::vector<std::string> sqlite_foreign_keys(SqlConnection& db, const std::string& table) {
  std::map<std::string, std::vector<std::string>> keys;  // id: parent, from, to, actions
  for (const Row& row : rows_of(db,
                                "SELECT CAST(id AS TEXT), \"table\", \"from\", \"to\", "
                                "'ON DELETE ' || on_delete || ' ON UPDATE ' || on_update "
                                "FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                                5, {table})) {
    auto& key = keys[*row[0]];
    if (key.empty()) key = {*row[1], "", "", *row[4]};
    key[1] += (key[1].empty() ? "" : ", ") + *row[2];
    key[2] += (key[2].empty() ? "" : ", ") + row[3].value_or("?");
  }
  std::vector<std::string> out;
  for (const auto& [id, key] : keys) {
    out.push_back("(" + key[1] + ") -> " + key[0] + " (" + key[2] + ") " + key[3]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> pg_foreign_keys(SqlConnection& db, const std::string& table) {
  const std::string columns_of =
      " WITH ORDINALITY AS c(a, n) JOIN pg_attribute a ON a.attnum = c.a AND a.attrelid = ";
  const std::string action =
      "CASE %s WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' "
      "WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END";
  auto action_of = [&](const std::string& column) {
    std::string text = action;
    return text.replace(text.find("%s"), 2, column);
  };
  std::vector<std::string> out;
  for (const Row& row : rows_of(
           db,
           "SELECT '(' || (SELECT string_agg(CAST(a.attname AS TEXT), ', ' ORDER BY c.n) "
           "FROM unnest(k.conkey)" +
               columns_of +
               "k.conrelid) || ') -> ' || "
               "CAST(f.relname AS TEXT) || ' (' || (SELECT string_agg(CAST(a.attname AS TEXT), "
               "', ' ORDER BY c.n) FROM unnest(k.confkey)" +
               columns_of +
               "k.confrelid) || "
               "') ON DELETE ' || " +
               action_of("k.confdeltype") + " || ' ON UPDATE ' || " + action_of("k.confupdtype") +
               " FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
               "JOIN pg_class f ON f.oid = k.confrelid "
               "JOIN pg_namespace s ON s.oid = t.relnamespace "
               "WHERE t.relname = ?1 AND s.nspname = current_schema() AND k.contype = 'f'",
           1, {table})) {
    out.push_back(*row[0]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- The fixture: a schema of one's own on the cluster ------------------------------------

class PostgresSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    auto connected = PgConnection::connect("");
    ASSERT_TRUE(connected.ok()) << connected.error().detail;
    pg_ = std::move(connected).value();
    schema_ = "t_" + domain::random_hex(8);
    auto made = pg_->exec("CREATE SCHEMA " + schema_ + "; SET search_path TO " + schema_);
    ASSERT_TRUE(made.ok()) << made.error().detail;
  }
  void TearDown() override {
    if (pg_) (void)pg_->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }
  Status migrate_pg() { return migrate(*pg_, postgres_server_migrations()); }

  std::unique_ptr<PgConnection> pg_;
  std::string schema_;
};

#define ADUAN_ASSERT_OK(expr)                                     \
  do {                                                            \
    auto ok_ = (expr);                                            \
    ASSERT_TRUE(ok_.ok()) << #expr << ": " << ok_.error().detail; \
  } while (false)

}  // namespace aduan::store::pg_testing
