// Tests of the PostgreSQL connection (core/store_postgres/pg_connection.h): parameter
// translation, typed round trips, the "unbound is NULL" rule, error codes, transactions, the
// writer's lock, session locks and reconnecting.
//
// They connect with an empty URL, i.e. libpq's PG* environment: CTest runs this program under
// with_postgres.sh (pg_virtualenv's throw-away cluster). Run by hand the same way:
//   tests/core/store_postgres/with_postgres.sh build/native/tests/aduan_store_postgres_tests
// Without a reachable server every test fails at once, saying so. Each test works in a schema
// of its own, so tests never see each other's tables.
#include "core/store_postgres/pg_connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <thread>
#include <vector>

namespace aduan::store {
namespace {

#define ADUAN_PG_OK(expr)                                                                \
  do {                                                                                   \
    const auto& result_ = (expr);                                                        \
    ASSERT_TRUE(result_.ok()) << result_.error().code << ": " << result_.error().detail; \
  } while (0)

using Bytes = std::vector<std::uint8_t>;

TEST(PgParameters, NumberedBareAndMixed) {
  EXPECT_EQ(to_postgres_parameters("SELECT ?1, ?2 WHERE a = ?1"),
            std::make_pair(std::string("SELECT $1, $2 WHERE a = $1"), 2));
  EXPECT_EQ(to_postgres_parameters("VALUES (?, ?, ?)"),
            std::make_pair(std::string("VALUES ($1, $2, $3)"), 3));
  // As SQLite numbers them: a bare `?` is one more than the largest number so far.
  EXPECT_EQ(to_postgres_parameters("?2, ?, ?1, ?"),
            std::make_pair(std::string("$2, $3, $1, $4"), 4));
  EXPECT_EQ(to_postgres_parameters("SELECT 1"), std::make_pair(std::string("SELECT 1"), 0));
}

TEST(PgParameters, LiteralsNamesAndCommentsAreLeftAlone) {
  const std::string sql =
      "SELECT 'a ?1 it''s ?', \"col?\"\"?2\", x -- what ?3\n"
      "/* outer ?4 /* nested ? */ still ?5 */ FROM t WHERE y = ?";
  const auto [text, highest] = to_postgres_parameters(sql);
  EXPECT_EQ(text,
            "SELECT 'a ?1 it''s ?', \"col?\"\"?2\", x -- what ?3\n"
            "/* outer ?4 /* nested ? */ still ?5 */ FROM t WHERE y = $1");
  EXPECT_EQ(highest, 1);
}

TEST(PgParameters, SqlitesIndexHintIsLeftOut) {
  const auto [text, highest] = to_postgres_parameters(
      "SELECT count(*) FROM cases INDEXED BY cases_by_region WHERE holder = ?1");
  EXPECT_EQ(text, "SELECT count(*) FROM cases WHERE holder = $1");
  EXPECT_EQ(highest, 1);
  // Not a hint: a quoted text that happens to hold the words.
  EXPECT_EQ(to_postgres_parameters("SELECT 'INDEXED BY x'").first, "SELECT 'INDEXED BY x'");
}

class PgConnectionTest : public testing::Test {
 protected:
  void SetUp() override {
    schema_ = std::string("t_") + testing::UnitTest::GetInstance()->current_test_info()->name();
    db_ = open();
    ASSERT_NE(db_, nullptr);
    ADUAN_PG_OK(db_->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " +
                          schema_ + "; SET search_path TO " + schema_));
  }

  // A connection of its own, in this test's schema.
  std::unique_ptr<PgConnection> open() {
    setenv("PGCONNECT_TIMEOUT", "5", 0);  // an unreachable host fails in seconds, never hangs
    auto connected = PgConnection::connect("");
    if (!connected) {
      ADD_FAILURE() << "no PostgreSQL reachable; run this program under `pg_virtualenv -t`: "
                    << connected.error().detail;
      return nullptr;
    }
    if (db_ != nullptr) (void)connected.value()->exec("SET search_path TO " + schema_);
    return std::move(connected).value();
  }

  std::int64_t count(const std::string& table) {
    auto n = db_->query_int("SELECT count(*) FROM " + schema_ + "." + table);
    EXPECT_TRUE(n.ok()) << n.error().detail;
    return n ? n.value() : -1;
  }

  std::string schema_;
  std::unique_ptr<PgConnection> db_;
};

TEST_F(PgConnectionTest, IntegersRoundTripAtTheirExtremes) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (i bigint)"));
  const std::int64_t values[] = {std::numeric_limits<std::int64_t>::min(),
                                 std::numeric_limits<std::int64_t>::max(), 0, -1};
  auto insert = db_->prepare("INSERT INTO v (i) VALUES (?1)");
  ADUAN_PG_OK(insert);
  for (std::int64_t value : values) {
    ADUAN_PG_OK(insert.value().bind_int(1, value).run());
    insert.value().reset();
  }
  auto select = db_->prepare("SELECT i, ?1 FROM v ORDER BY i");
  ADUAN_PG_OK(select);
  select.value().bind_int(1, std::numeric_limits<std::int64_t>::min());
  std::vector<std::int64_t> read;
  for (;;) {
    auto row = select.value().step();
    ADUAN_PG_OK(row);
    if (!row.value()) break;
    read.push_back(select.value().column_int(0));
    EXPECT_EQ(select.value().column_int(1), std::numeric_limits<std::int64_t>::min());
  }
  EXPECT_EQ(read, (std::vector<std::int64_t>{values[0], -1, 0, values[1]}));
}

TEST_F(PgConnectionTest, DoublesRoundTripExactly) {
  for (double value : {0.1, 1.0 / 3.0, -1e300, 5e-324, 123456789.125}) {
    auto select = db_->prepare("SELECT ?1::float8");
    ADUAN_PG_OK(select);
    auto row = select.value().bind_double(1, value).step();
    ADUAN_PG_OK(row);
    ASSERT_TRUE(row.value());
    EXPECT_EQ(select.value().column_double(0), value);
  }
}

TEST_F(PgConnectionTest, TextRoundTripsWithQuotesUnicodeAndEmpty) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (n integer, s text)"));
  const std::vector<std::string> values = {
      "it's \"quoted\" ?1 $1", "Jalan Merdeka \xe2\x80\x93 \xe6\x9d\xb1 \xf0\x9f\x9a\x80", "",
      "\\x41 is not bytea"};
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto insert = db_->prepare("INSERT INTO v (n, s) VALUES (?, ?)");
    ADUAN_PG_OK(insert);
    ADUAN_PG_OK(
        insert.value().bind_int(1, static_cast<std::int64_t>(i)).bind_text(2, values[i]).run());
  }
  auto select = db_->prepare("SELECT s FROM v ORDER BY n");
  ADUAN_PG_OK(select);
  for (const std::string& value : values) {
    auto row = select.value().step();
    ADUAN_PG_OK(row);
    ASSERT_TRUE(row.value());
    EXPECT_FALSE(select.value().column_is_null(0)) << "empty text is not NULL";
    EXPECT_EQ(select.value().column_text(0), value);
  }
}

TEST_F(PgConnectionTest, BlobsRoundTripWithZeroBytesAndEmpty) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (n integer, a bytea, b bytea)"));
  Bytes every(256);
  for (int i = 0; i < 256; ++i) every[i] = static_cast<std::uint8_t>(i);
  const std::vector<Bytes> values = {{0, 1, 0, 255}, {}, every};
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto insert = db_->prepare("INSERT INTO v (n, a, b) VALUES (?1, ?2, ?2)");
    ADUAN_PG_OK(insert);
    ADUAN_PG_OK(
        insert.value().bind_int(1, static_cast<std::int64_t>(i)).bind_blob(2, values[i]).run());
  }
  auto select = db_->prepare("SELECT a, b FROM v ORDER BY n");
  ADUAN_PG_OK(select);
  for (const Bytes& value : values) {
    auto row = select.value().step();
    ADUAN_PG_OK(row);
    ASSERT_TRUE(row.value());
    EXPECT_FALSE(select.value().column_is_null(0)) << "an empty blob is not NULL";
    // Both spans are held at once: each column keeps its own bytes until the next step.
    const auto a = select.value().column_blob(0);
    const auto b = select.value().column_blob(1);
    EXPECT_EQ(Bytes(a.begin(), a.end()), value);
    EXPECT_EQ(Bytes(b.begin(), b.end()), value);
  }
}

TEST_F(PgConnectionTest, NullsAndUnboundParametersAreNull) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (a bigint, b text)"));
  auto insert = db_->prepare("INSERT INTO v (a, b) VALUES (?1, ?2)");
  ADUAN_PG_OK(insert);
  ADUAN_PG_OK(insert.value().bind_null(1).run());  // ?2 never bound
  auto select = db_->prepare("SELECT a, b, a IS NULL AND b IS NULL FROM v");
  ADUAN_PG_OK(select);
  auto row = select.value().step();
  ADUAN_PG_OK(row);
  ASSERT_TRUE(row.value());
  EXPECT_TRUE(select.value().column_is_null(0));
  EXPECT_TRUE(select.value().column_is_null(1));
  EXPECT_EQ(select.value().column_int(2), 1);
}

TEST_F(PgConnectionTest, ResetClearsTheBindings) {
  auto select = db_->prepare("SELECT ?1::bigint");
  ADUAN_PG_OK(select);
  auto row = select.value().bind_int(1, 5).step();
  ADUAN_PG_OK(row);
  EXPECT_EQ(select.value().column_int(0), 5);
  select.value().reset();
  row = select.value().step();
  ADUAN_PG_OK(row);
  ASSERT_TRUE(row.value());
  EXPECT_TRUE(select.value().column_is_null(0));
}

TEST_F(PgConnectionTest, ParameterNumbersMayLeaveGaps) {
  auto select = db_->prepare("SELECT ?1::bigint + ?3::bigint");
  ADUAN_PG_OK(select);
  auto row = select.value().bind_int(1, 2).bind_int(3, 40).step();
  ADUAN_PG_OK(row);
  EXPECT_EQ(select.value().column_int(0), 42);
}

TEST_F(PgConnectionTest, BindFailuresAreReturnedByStep) {
  auto select = db_->prepare("SELECT ?1");
  ADUAN_PG_OK(select);
  auto row = select.value().bind_int(2, 1).bind_text(1, "x").step();
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().code, kErrorSql);
  select.value().reset();
  row = select.value().bind_text(1, std::string_view("a\0b", 3)).step();
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().code, kErrorInvalidArgument);
}

TEST_F(PgConnectionTest, ChangesCountsTheRowsOfTheLastCommand) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (n integer)"));
  ADUAN_PG_OK(db_->exec("INSERT INTO v VALUES (1), (2), (3)"));
  EXPECT_EQ(db_->changes(), 3);
  auto update = db_->prepare("UPDATE v SET n = n + 10 WHERE n > ?1");
  ADUAN_PG_OK(update);
  ADUAN_PG_OK(update.value().bind_int(1, 1).run());
  EXPECT_EQ(db_->changes(), 2);
  ADUAN_PG_OK(db_->exec("DELETE FROM v WHERE n = 1"));
  EXPECT_EQ(db_->changes(), 1);
}

TEST_F(PgConnectionTest, BooleansAndSessionSettingsRead) {
  auto select = db_->prepare("SELECT 1 = 1, 1 = 2, current_setting('TimeZone')");
  ADUAN_PG_OK(select);
  auto row = select.value().step();
  ADUAN_PG_OK(row);
  EXPECT_EQ(select.value().column_int(0), 1);
  EXPECT_EQ(select.value().column_int(1), 0);
  EXPECT_EQ(select.value().column_text(2), "UTC");
  // Past the last row, and out of range: defaults, not a crash.
  row = select.value().step();
  ADUAN_PG_OK(row);
  EXPECT_FALSE(row.value());
  EXPECT_EQ(select.value().column_int(0), 0);
  EXPECT_EQ(select.value().column_text(2), "");
  EXPECT_TRUE(select.value().column_blob(9).empty());
  EXPECT_TRUE(select.value().column_is_null(0));
}

TEST_F(PgConnectionTest, UniqueViolationIsConstraintAndRollsTheTransactionBack) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (id integer PRIMARY KEY, s text)"));
  ADUAN_PG_OK(db_->exec("INSERT INTO v VALUES (1, 'first')"));
  {
    auto tx = SqlTransaction::begin(*db_);
    ADUAN_PG_OK(tx);
    ADUAN_PG_OK(db_->exec("INSERT INTO v VALUES (2, 'second')"));
    auto duplicate = db_->prepare("INSERT INTO v (id, s) VALUES (?1, ?2)");
    ADUAN_PG_OK(duplicate);
    auto s = duplicate.value().bind_int(1, 1).bind_text(2, "secret-value-42").run();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, kErrorConstraint);
    EXPECT_NE(s.error().detail.find("INSERT INTO v"), std::string::npos) << s.error().detail;
    EXPECT_EQ(s.error().detail.find("secret-value-42"), std::string::npos) << s.error().detail;
  }  // not committed: rolled back
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_EQ(count("v"), 1);
}

TEST_F(PgConnectionTest, NestedTransactionRollsBackToItsSavepoint) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (id integer PRIMARY KEY)"));
  auto outer = SqlTransaction::begin(*db_);
  ADUAN_PG_OK(outer);
  ADUAN_PG_OK(db_->exec("INSERT INTO v VALUES (1)"));
  {
    auto inner = SqlTransaction::begin(*db_);
    ADUAN_PG_OK(inner);
    ADUAN_PG_OK(db_->exec("INSERT INTO v VALUES (2)"));
    EXPECT_EQ(db_->exec("INSERT INTO v VALUES (1)").error().code, kErrorConstraint);
  }  // the inner failure is undone with its savepoint; the outer transaction goes on
  ADUAN_PG_OK(db_->exec("INSERT INTO v VALUES (3)"));
  ADUAN_PG_OK(outer.value().commit());
  EXPECT_EQ(count("v"), 2);
  EXPECT_EQ(db_->query_int("SELECT sum(id) FROM v").value(), 4);
}

TEST_F(PgConnectionTest, SchemaVersionIsZeroUntilSet) {
  auto version = db_->schema_version();
  ADUAN_PG_OK(version);
  EXPECT_EQ(version.value(), 0);
  for (int v : {3, 4}) {
    auto tx = SqlTransaction::begin(*db_);
    ADUAN_PG_OK(tx);
    ADUAN_PG_OK(db_->set_schema_version(v));
    ADUAN_PG_OK(tx.value().commit());
  }
  version = db_->schema_version();
  ADUAN_PG_OK(version);
  EXPECT_EQ(version.value(), 4);
  EXPECT_EQ(count("aduan_schema_version"), 1);
}

TEST_F(PgConnectionTest, ReadSnapshotSeesOneStateAndWritesNothing) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (n integer)"));
  auto other = open();
  ASSERT_NE(other, nullptr);
  ADUAN_PG_OK(db_->begin_read_snapshot());
  EXPECT_EQ(count("v"), 0);
  ADUAN_PG_OK(other->exec("INSERT INTO v VALUES (1)"));
  EXPECT_EQ(count("v"), 0);
  EXPECT_FALSE(db_->exec("INSERT INTO v VALUES (2)").ok());
  ADUAN_PG_OK(db_->exec("ROLLBACK"));
  EXPECT_EQ(count("v"), 1);
}

TEST_F(PgConnectionTest, SecondWriterWaitsUntilTheFirstCommits) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (n integer)"));
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  auto second_pid = second->query_int("SELECT pg_backend_pid()");
  ADUAN_PG_OK(second_pid);
  ADUAN_PG_OK(first->begin_write());
  ADUAN_PG_OK(first->exec("INSERT INTO v VALUES (1)"));
  std::atomic<bool> second_has_lock{false};
  std::int64_t second_saw = -1;
  std::thread writer([&] {
    if (!second->begin_write()) return;
    second_has_lock = true;
    auto n = second->query_int("SELECT count(*) FROM v");
    second_saw = n ? n.value() : -2;
    (void)second->exec("COMMIT");
  });
  // The state to reach: the second writer queued on the writer's lock (bounded, 10 s).
  const std::string waiting_sql =
      "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = " +
      std::to_string(second_pid.value());
  bool waiting = false;
  for (int i = 0; i < 1000 && !waiting; ++i) {
    auto n = db_->query_int(waiting_sql);
    waiting = n && n.value() == 1;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waiting) << "the second writer never waited for the first";
  EXPECT_FALSE(second_has_lock);
  const bool committed = first->exec("COMMIT").ok();
  if (!committed) first.reset();  // closing releases the lock: the join never hangs
  writer.join();
  EXPECT_TRUE(committed);
  EXPECT_TRUE(second_has_lock);
  EXPECT_EQ(second_saw, 1) << "the second writer must see what the first committed";
}

TEST_F(PgConnectionTest, SessionLockIsHeldByOneConnection) {
  constexpr std::int64_t kKey = 0x7465737401;  // not one of the deployment's keys
  auto other = open();
  ASSERT_NE(other, nullptr);
  ADUAN_PG_OK(db_->lock_session(kKey));
  auto taken = other->try_lock_session(kKey);
  ADUAN_PG_OK(taken);
  EXPECT_FALSE(taken.value());
  ADUAN_PG_OK(db_->unlock_session(kKey));
  EXPECT_EQ(db_->unlock_session(kKey).error().code, kErrorInvalidState);
  taken = other->try_lock_session(kKey);
  ADUAN_PG_OK(taken);
  EXPECT_TRUE(taken.value());
  ADUAN_PG_OK(other->unlock_session(kKey));
}

TEST_F(PgConnectionTest, BadUrlIsIoWithoutThePassword) {
  for (const char* url : {"postgresql://aduan:pw-s3cret@127.0.0.1:1/aduan?connect_timeout=5",
                          "postgres://aduan:pw-s3cret@[::1/aduan",
                          "host=127.0.0.1 port=1 password=pw-s3cret connect_timeout=5"}) {
    auto connected = PgConnection::connect(url);
    ASSERT_FALSE(connected.ok()) << url;
    EXPECT_EQ(connected.error().code, kErrorIo);
    EXPECT_NE(connected.error().detail.find("connecting to PostgreSQL"), std::string::npos);
    EXPECT_EQ(connected.error().detail.find("pw-s3cret"), std::string::npos)
        << connected.error().detail;
  }
}

// Ends `victim`'s session from another one and waits until it is gone, as a restart would.
void end_session(PgConnection& admin, PgConnection& victim) {
  auto victim_pid = victim.query_int("SELECT pg_backend_pid()");
  ADUAN_PG_OK(victim_pid);
  auto ended = admin.query_int("SELECT pg_terminate_backend(" + std::to_string(victim_pid.value()) +
                               ", 10000)");
  ADUAN_PG_OK(ended);
  EXPECT_EQ(ended.value(), 1);
}

TEST_F(PgConnectionTest, ReconnectsOnceWhenTheSessionEndedOutsideATransaction) {
  auto victim = open();
  ASSERT_NE(victim, nullptr);
  auto before = victim->query_int("SELECT pg_backend_pid()");
  ADUAN_PG_OK(before);
  end_session(*db_, *victim);
  auto after = victim->query_int("SELECT pg_backend_pid()");
  ADUAN_PG_OK(after);
  EXPECT_NE(after.value(), before.value());
  auto zone = victim->prepare("SELECT current_setting('TimeZone')");
  ADUAN_PG_OK(zone);
  ADUAN_PG_OK(zone.value().step());
  EXPECT_EQ(zone.value().column_text(0), "UTC") << "the new session has the settings again";
}

TEST_F(PgConnectionTest, SessionLocksLostWithTheSessionAreReported) {
  constexpr std::int64_t kKey = 0x7465737402;
  auto victim = open();
  ASSERT_NE(victim, nullptr);
  ADUAN_PG_OK(victim->lock_session(kKey));
  end_session(*db_, *victim);
  auto lost = victim->query_int("SELECT 1");
  ASSERT_FALSE(lost.ok()) << "a reconnect must not hide that the lock is gone";
  EXPECT_EQ(lost.error().code, kErrorIo);
  const std::uint64_t session = victim->session_number();
  ADUAN_PG_OK(victim->query_int("SELECT 1"));  // the next call reconnects
  EXPECT_EQ(victim->session_number(), session + 1) << "a holder of a lock can tell it is gone";
  EXPECT_EQ(victim->unlock_session(kKey).error().code, kErrorInvalidState);
  auto taken = db_->try_lock_session(kKey);
  ADUAN_PG_OK(taken);
  EXPECT_TRUE(taken.value());
  ADUAN_PG_OK(db_->unlock_session(kKey));
}

TEST_F(PgConnectionTest, ATransactionWhoseSessionEndedFailsUntilRolledBack) {
  ADUAN_PG_OK(db_->exec("CREATE TABLE v (n integer)"));
  const std::string insert = "INSERT INTO " + schema_ + ".v VALUES (1)";
  auto victim = open();
  ASSERT_NE(victim, nullptr);
  {
    auto tx = SqlTransaction::begin(*victim);
    ADUAN_PG_OK(tx);
    ADUAN_PG_OK(victim->exec(insert));
    end_session(*db_, *victim);
    EXPECT_EQ(victim->exec(insert).error().code, kErrorIo);
    // Never sent again outside the transaction the caller believes it is in.
    EXPECT_EQ(victim->exec(insert).error().code, kErrorIo);
    EXPECT_TRUE(victim->in_transaction());
    EXPECT_EQ(tx.value().commit().error().code, kErrorIo);
  }
  EXPECT_FALSE(victim->in_transaction());
  ADUAN_PG_OK(victim->exec(insert));
  EXPECT_EQ(count("v"), 1);
}

}  // namespace
}  // namespace aduan::store
