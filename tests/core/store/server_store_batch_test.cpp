// Tests of store_batch and the report reads (core/store/server_store.h): every pushed report
// is stored exactly once; a retry is a duplicate that answers with the original tracking code
// and received_at; the same id with other content, or a tracking code taken by another id, is
// a conflict; a batch is one transaction, so a failure anywhere leaves none of it. Real SQLite
// in temporary files.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <optional>

#include "core/domain/tracking_code.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "tests/core/store/server_store_under_test.h"

namespace aduan::store {
namespace {

using testing::TempPath;

constexpr domain::Timestamp kNow = 1700000100000;

domain::Report pushed(int n) {
  domain::Report r = testing::sample_report(n);
  r.tracking_code = domain::tracking_code_from_bits(static_cast<std::uint64_t>(n) * 104729);
  return r;
}

domain::Report pushed_minimal(int n) {
  domain::Report r = testing::minimal_report(n);
  r.tracking_code = domain::tracking_code_from_bits(static_cast<std::uint64_t>(n) * 104729);
  return r;
}

class ServerBatch : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = testing::open_server_store_under_test(path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_.emplace(std::move(opened).value());
  }

  ServerStore& store() { return *store_; }

  std::vector<StoredReportResult> push(std::vector<domain::Report> reports,
                                       domain::Timestamp at = kNow,
                                       std::string_view device = "device-a") {
    auto results = store().store_batch(device, reports, at);
    EXPECT_TRUE(results.ok()) << (results.ok() ? "" : results.error().detail);
    return results.ok() ? results.value() : std::vector<StoredReportResult>();
  }

  // A fault injected into the writes of `table`: rows matching `when` cannot be written (a
  // constraint failure). SQLite: a trigger of this connection only; PostgreSQL: a trigger of
  // this test's own schema.
  bool inject_fault(const std::string& name, const std::string& table, const std::string& when) {
#ifndef ADUAN_TEST_POSTGRES
    return store()
        .database()
        .exec("CREATE TEMP TRIGGER " + name + " BEFORE INSERT ON main." + table + " WHEN " + when +
              " BEGIN SELECT RAISE(ABORT, 'injected'); END")
        .ok();
#else
    return store()
        .database()
        .exec("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
              "RAISE EXCEPTION 'injected' USING ERRCODE = 'check_violation'; END $$; " +
              "CREATE TRIGGER " + name + " BEFORE INSERT ON " + table + " FOR EACH ROW WHEN (" +
              when + ") EXECUTE FUNCTION " + name + "()")
        .ok();
#endif
  }
  bool remove_fault(const std::string& name, const std::string& table) {
#ifndef ADUAN_TEST_POSTGRES
    (void)table;
    return store().database().exec("DROP TRIGGER temp." + name).ok();
#else
    return store().database().exec("DROP TRIGGER " + name + " ON " + table).ok();
#endif
  }
#ifndef ADUAN_TEST_POSTGRES
  static constexpr const char* kLastReportsEvent =
      "NEW.report_id = x'0000000000000000000000000000000d'";
#else
  static constexpr const char* kLastReportsEvent =
      "NEW.report_id = '\\x0000000000000000000000000000000d'";
#endif

  std::int64_t count() {
    auto n = store().count_reports();
    EXPECT_TRUE(n.ok());
    return n.ok() ? n.value() : -1;
  }

  TempPath path_;
  std::optional<ServerStore> store_;
};

TEST_F(ServerBatch, StoresNewReportsEachWithAReceivedEvent) {
  auto results = push({pushed(1), pushed_minimal(2)});
  ASSERT_EQ(results.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(results[i].outcome, StoreOutcome::stored);
    EXPECT_EQ(results[i].received_at, kNow);
  }
  EXPECT_EQ(results[0].tracking_code, pushed(1).tracking_code);
  EXPECT_EQ(count(), 2);
  auto timeline = store().timeline(testing::fixed_id(1));
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline.value().size(), 1u);
  const ServerEvent& first = timeline.value()[0];
  EXPECT_EQ(first.status, "received");
  EXPECT_EQ(first.action, "");
  EXPECT_EQ(first.note, "");
  EXPECT_EQ(first.actor, "system");
  EXPECT_EQ(first.at, kNow);
  EXPECT_EQ(first.report_id, testing::fixed_id(1));
  auto stored = store().report(testing::fixed_id(1));
  ASSERT_TRUE(stored.ok() && stored.value());
  EXPECT_EQ(stored.value()->status, "received");
  EXPECT_EQ(stored.value()->device_id, "device-a");
  EXPECT_EQ(stored.value()->agency_id, pushed(1).agency_id);
  EXPECT_EQ(to_string(StoreOutcome::stored), "stored");
}

TEST_F(ServerBatch, EveryFieldRoundTrips) {
  domain::Report negative = pushed(3);
  negative.location.coordinates = domain::Coordinates{-90.0, 179.999999999};
  negative.created_at = -5;  // a device clock before 1970 is wrong, but stored as sent
#ifndef ADUAN_TEST_POSTGRES
  // A named array so sizeof counts the embedded NUL (and nothing past the terminator).
  constexpr char kBody[] = "nul \0 inside, emoji \xF0\x9F\x98\x80";
#else
  // PostgreSQL's text holds no NUL byte (core/rules refuses control characters before any
  // store sees them; AReportWithANulByteIsRefusedWhole shows what the store does).
  constexpr char kBody[] = "tab \t inside, emoji \xF0\x9F\x98\x80";
#endif
  negative.body = std::string(kBody, sizeof(kBody) - 1);
  push({pushed(1), pushed_minimal(2), negative});
  for (domain::Report expected : {pushed(1), pushed_minimal(2), negative}) {
    expected.received_at = kNow;
    auto by_id = store().report(expected.id);
    ASSERT_TRUE(by_id.ok() && by_id.value()) << expected.id.to_string();
    EXPECT_EQ(by_id.value()->report, expected);
    auto by_code = store().report_by_tracking_code(expected.tracking_code);
    ASSERT_TRUE(by_code.ok() && by_code.value());
    EXPECT_EQ(by_code.value()->report, expected);
  }
  auto missing = store().report(testing::fixed_id(99));
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value());
  auto no_code = store().report_by_tracking_code("0000-0000-0000-0");
  ASSERT_TRUE(no_code.ok());
  EXPECT_FALSE(no_code.value());
}

#ifdef ADUAN_TEST_POSTGRES
TEST_F(ServerBatch, AReportWithANulByteIsRefusedWhole) {
  domain::Report with_nul = pushed(3);
  with_nul.body = std::string("nul \0 inside", 13);
  const domain::Report batch[] = {pushed(1), with_nul};
  auto results = store().store_batch("device-1", batch, kNow);
  ASSERT_FALSE(results.ok());
  EXPECT_EQ(results.error().code, kErrorInvalidArgument) << results.error().detail;
  auto count = store().count_reports();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count.value(), 0) << "nothing of the batch is kept";
}
#endif

TEST_F(ServerBatch, RetryIsADuplicateWithTheOriginalCodeAndTime) {
  push({pushed(1)}, kNow);
  auto again = push({pushed(1)}, kNow + 60000);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].outcome, StoreOutcome::duplicate);
  EXPECT_EQ(again[0].tracking_code, pushed(1).tracking_code);
  EXPECT_EQ(again[0].received_at, kNow);
  // received_at on the resent report is the device's echo of an earlier ack: not content.
  domain::Report echoed = pushed(1);
  echoed.received_at = 12345;
  auto echo = push({echoed}, kNow + 120000);
  ASSERT_EQ(echo.size(), 1u);
  EXPECT_EQ(echo[0].outcome, StoreOutcome::duplicate);
  EXPECT_EQ(count(), 1);
  auto timeline = store().timeline(testing::fixed_id(1));
  ASSERT_TRUE(timeline.ok());
  EXPECT_EQ(timeline.value().size(), 1u) << "a duplicate adds no event";
}

TEST_F(ServerBatch, SameIdWithAnyFieldChangedIsAConflict) {
  push({pushed(1)});
  using Edit = std::function<void(domain::Report&)>;
  const std::vector<std::pair<const char*, Edit>> edits = {
      {"tracking_code", [](auto& r) { r.tracking_code = domain::tracking_code_from_bits(42); }},
      {"receipt_secret", [](auto& r) { r.receipt_secret[0] = 'f'; }},
      {"classification", [](auto& r) { r.classification = domain::Classification::aspiration; }},
      {"title", [](auto& r) { r.title += "!"; }},
      {"body", [](auto& r) { r.body.pop_back(); }},
      {"incident year", [](auto& r) { r.incident_date.year = 2023; }},
      {"incident month", [](auto& r) { r.incident_date.month = 3; }},
      {"incident day", [](auto& r) { r.incident_date.day = 28; }},
      {"region_code", [](auto& r) { r.location.region_code = "32.13"; }},
      {"place", [](auto& r) { r.location.place = ""; }},
      {"latitude", [](auto& r) { r.location.coordinates->latitude += 1e-9; }},
      {"longitude", [](auto& r) { r.location.coordinates->longitude = 0; }},
      {"no coordinates", [](auto& r) { r.location.coordinates.reset(); }},
      {"category_id", [](auto& r) { r.category_id = "infrastruktur"; }},
      {"agency_id", [](auto& r) { r.agency_id = ""; }},
      {"attachment id", [](auto& r) { r.attachments[0].id[0] = 'a'; }},
      {"attachment type", [](auto& r) { r.attachments[0].media_type = "image/png"; }},
      {"attachment size", [](auto& r) { r.attachments[1].size_bytes += 1; }},
      {"attachment sha", [](auto& r) { r.attachments[1].sha256_hex[63] = '0'; }},
      {"attachment order", [](auto& r) { std::swap(r.attachments[0], r.attachments[1]); }},
      {"attachment dropped", [](auto& r) { r.attachments.pop_back(); }},
      {"anonymous", [](auto& r) { r.anonymous = true; }},
      {"confidential", [](auto& r) { r.confidential = false; }},
      {"contact name", [](auto& r) { r.contact->name = "Siti"; }},
      {"contact phone", [](auto& r) { r.contact->phone = ""; }},
      {"contact email", [](auto& r) { r.contact->email += "."; }},
      {"no contact", [](auto& r) { r.contact.reset(); }},
      {"channel", [](auto& r) { r.channel = domain::Channel::assisted; }},
      {"created_at", [](auto& r) { r.created_at += 1; }},
  };
  for (const auto& [field, edit] : edits) {
    domain::Report changed = pushed(1);
    edit(changed);
    ASSERT_FALSE(changed.same_content(pushed(1))) << field;
    EXPECT_NE(content_sha256_hex(changed), content_sha256_hex(pushed(1))) << field;
    auto results = push({changed}, kNow + 1000);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].outcome, StoreOutcome::conflict) << field;
    EXPECT_EQ(results[0].tracking_code, "") << "a conflict reveals nothing of the stored report";
  }
  EXPECT_EQ(count(), 1);
  auto stored = store().report(testing::fixed_id(1));
  ASSERT_TRUE(stored.ok() && stored.value());
  domain::Report original = pushed(1);
  original.received_at = kNow;
  EXPECT_EQ(stored.value()->report, original) << "the first content stays";
}

TEST_F(ServerBatch, ContentHashFollowsSameContent) {
  domain::Report a = pushed(1), b = pushed(1);
  b.received_at = kNow;
  EXPECT_EQ(content_sha256_hex(a), content_sha256_hex(b));
  a.location.coordinates->latitude = 0.0;
  b.location.coordinates->latitude = -0.0;  // equal as doubles, so equal as content
  ASSERT_TRUE(a.same_content(b));
  EXPECT_EQ(content_sha256_hex(a), content_sha256_hex(b));
  // Length prefixes keep field boundaries: moving a character between fields is a change.
  domain::Report c = pushed_minimal(2), d = pushed_minimal(2);
  c.title = "ab";
  c.body = "c";
  d.title = "a";
  d.body = "bc";
  EXPECT_NE(content_sha256_hex(c), content_sha256_hex(d));
  EXPECT_EQ(content_sha256_hex(c).size(), 64u);
}

TEST_F(ServerBatch, TrackingCodeTakenByAnotherIdIsAConflict) {
  push({pushed(1)});
  domain::Report clash = pushed(2);
  clash.tracking_code = pushed(1).tracking_code;
  auto results = push({clash, pushed(3)});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].outcome, StoreOutcome::conflict);
  EXPECT_EQ(results[1].outcome, StoreOutcome::stored) << "one conflict does not fail the batch";
  EXPECT_EQ(count(), 2);
  auto clashed = store().report(testing::fixed_id(2));
  ASSERT_TRUE(clashed.ok());
  EXPECT_FALSE(clashed.value());
}

TEST_F(ServerBatch, RepeatInsideOneBatchIsJudgedLikeARetry) {
  domain::Report other = pushed(1);
  other.title = "something else";
  domain::Report same_code = pushed(3);
  same_code.tracking_code = pushed(2).tracking_code;
  auto results = push({pushed(1), pushed(1), other, pushed(2), same_code});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].outcome, StoreOutcome::stored);
  EXPECT_EQ(results[1].outcome, StoreOutcome::duplicate);
  EXPECT_EQ(results[1].tracking_code, pushed(1).tracking_code);
  EXPECT_EQ(results[1].received_at, kNow);
  EXPECT_EQ(results[2].outcome, StoreOutcome::conflict);
  EXPECT_EQ(results[3].outcome, StoreOutcome::stored);
  EXPECT_EQ(results[4].outcome, StoreOutcome::conflict);
  EXPECT_EQ(count(), 2);
}

TEST_F(ServerBatch, FailureInTheMiddleLeavesNothingOfTheBatch) {
  push({pushed(1)});
  // A fault injected on this connection only: the third report's row cannot be written.
  ASSERT_TRUE(inject_fault("fail_third", "reports", "NEW.title LIKE '%#12'"));
  auto failed = store().store_batch(
      "device-a", std::vector{pushed(10), pushed(11), pushed(12), pushed(13)}, kNow + 1000);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, kErrorConstraint);
  EXPECT_EQ(count(), 1);
  for (int n : {10, 11}) {
    auto report = store().report(testing::fixed_id(n));
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(report.value()) << n;
    auto timeline = store().timeline(testing::fixed_id(n));
    ASSERT_TRUE(timeline.ok());
    EXPECT_TRUE(timeline.value().empty()) << n;
  }
  auto attachments = store().database().query_int("SELECT count(*) FROM report_attachments");
  ASSERT_TRUE(attachments.ok());
  EXPECT_EQ(attachments.value(), 2) << "only the first report's";
  EXPECT_FALSE(store().database().in_transaction());

  // The same fault in the event of the last report: still all or nothing.
  ASSERT_TRUE(remove_fault("fail_third", "reports"));
  ASSERT_TRUE(inject_fault("fail_event", "events", kLastReportsEvent));
  ASSERT_FALSE(
      store().store_batch("device-a", std::vector{pushed(11), pushed(13)}, kNow + 2000).ok());
  EXPECT_EQ(count(), 1);

  // And once the fault is gone the same batch goes through whole.
  ASSERT_TRUE(remove_fault("fail_event", "events"));
  auto results = push({pushed(10), pushed(11), pushed(12), pushed(13)}, kNow + 3000);
  ASSERT_EQ(results.size(), 4u);
  for (const auto& r : results) EXPECT_EQ(r.outcome, StoreOutcome::stored);
  EXPECT_EQ(count(), 5);
}

TEST_F(ServerBatch, RefusesWhatCannotBeStoredBeforeWritingAnything) {
  domain::Report nil = pushed(2);
  nil.id = domain::ReportId{};
  auto refused = store().store_batch("device-a", std::vector{pushed(1), nil}, kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kErrorInvalidArgument);
  auto anonymous = store().store_batch("", std::vector{pushed(1)}, kNow);
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().code, kErrorInvalidArgument);
  EXPECT_EQ(count(), 0);
  auto empty = store().store_batch("device-a", {}, kNow);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty.value().empty());
}

TEST_F(ServerBatch, ListsNewestFirstFilteredByStatus) {
  push({pushed(1), pushed(2)}, kNow);
  push({pushed(3)}, kNow + 1000);
  ServerEvent verified{0, testing::fixed_id(2), "verified", "verify", kNow + 2000, "", "", "off-1",
                       0, "", ""};
  ASSERT_TRUE(store().append_event(verified).ok());
  auto all = store().list_reports("", 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 3u);
  EXPECT_EQ(all.value()[0].report.id, testing::fixed_id(3));
  EXPECT_EQ(all.value()[1].report.id, testing::fixed_id(2)) << "same time: later stored first";
  EXPECT_EQ(all.value()[2].report.attachments, pushed(1).attachments);
  auto received = store().list_reports("received", 10);
  ASSERT_TRUE(received.ok());
  ASSERT_EQ(received.value().size(), 2u);
  EXPECT_EQ(received.value()[1].report.id, testing::fixed_id(1));
  auto page = store().list_reports("", 1, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page.value().size(), 1u);
  EXPECT_EQ(page.value()[0].report.id, testing::fixed_id(2));
  EXPECT_EQ(page.value()[0].status, "verified");
}

// Not a benchmark (budgets are measured by the benchmarks, never asserted in unit tests): it
// checks that a realistic ingest stores every report, and prints how long it took.
TEST_F(ServerBatch, FiveThousandReportsInBatchesOfFifty) {
  const auto start = std::chrono::steady_clock::now();
  for (int batch = 0; batch < 100; ++batch) {
    std::vector<domain::Report> reports;
    for (int i = 0; i < 50; ++i) reports.push_back(pushed(1 + batch * 50 + i));
    auto results = store().store_batch("device-a", reports, kNow + batch);
    ASSERT_TRUE(results.ok()) << results.error().detail;
    for (const auto& r : results.value()) ASSERT_EQ(r.outcome, StoreOutcome::stored);
  }
  const auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(count(), 5000);
  std::cout << "[ info ] stored 5000 reports in 100 durable batches in " << elapsed << " ms ("
            << 5000.0 / (elapsed / 1000.0) << " reports/s)\n";
}

// Open311's list reads public reports only: never a confidential one; the period's bounds (from
// inclusive, before exclusive); one category; open or closed by the current status; newest
// first; at most the limit.
TEST_F(ServerBatch, PublicReportSeqsLeaveOutConfidentialReportsAndFilter) {
  std::vector<std::string> codes;
  for (int n = 1; n <= 5; ++n) {
    domain::Report r = pushed_minimal(n);
    r.confidential = n == 2;
    r.category_id = n == 3 ? "infrastruktur" : "kesehatan";
    push({r}, kNow + n * 1000);
    codes.push_back(r.tracking_code);
  }
  ServerEvent completed{0, testing::fixed_id(4), "completed", "complete", kNow + 9000, "", "", "system",
                        0, "system", ""};
  ASSERT_TRUE(store().append_event(completed).ok());
  auto codes_of = [&](const PublicReportFilter& filter) {
    std::vector<std::string> found;
    auto seqs = store().public_report_seqs(filter);
    EXPECT_TRUE(seqs.ok());
    for (std::int64_t seq : seqs.ok() ? seqs.value() : std::vector<std::int64_t>{}) {
      auto report = store().report_at(seq);
      EXPECT_TRUE(report.ok() && report.value());
      if (report.ok() && report.value()) found.push_back(report.value()->report.tracking_code);
    }
    return found;
  };
  PublicReportFilter all{kNow, kNow + 10'000, "", std::nullopt, 100};
  EXPECT_EQ(codes_of(all), (std::vector<std::string>{codes[4], codes[3], codes[2], codes[0]}));
  PublicReportFilter period{kNow + 3000, kNow + 5000, "", std::nullopt, 100};
  EXPECT_EQ(codes_of(period), (std::vector<std::string>{codes[3], codes[2]}));
  PublicReportFilter roads{kNow, kNow + 10'000, "infrastruktur", std::nullopt, 100};
  EXPECT_EQ(codes_of(roads), (std::vector<std::string>{codes[2]}));
  PublicReportFilter closed{kNow, kNow + 10'000, "", true, 100};
  EXPECT_EQ(codes_of(closed), (std::vector<std::string>{codes[3]}));
  PublicReportFilter open{kNow, kNow + 10'000, "", false, 2};
  EXPECT_EQ(codes_of(open), (std::vector<std::string>{codes[4], codes[2]}));
}

}  // namespace
}  // namespace aduan::store
