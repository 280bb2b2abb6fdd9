// Tests of the server's side of sync (core/sync/server_apply.h) over a real ServerStore file:
// verdicts stored, duplicate (with the ORIGINAL code), conflict and rejected (not stored), a
// mixed batch judged report by report, a failing store giving an error instead of a partial
// ack, pulling by cursor page by page, registration, and the reporter's date.
#include "core/sync/server_apply.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>

#include "core/rules/report_rules.h"
#include "core/store/server_store.h"
#include "core/store/test_support.h"
#include "core/sync/test_support.h"
#include "tests/core/store/server_store_under_test.h"

namespace aduan::sync {
namespace {

using namespace aduan::sync::testing;  // NOLINT: the fakes read best unqualified
using wire::VerdictKind;

class ServerApply : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::testing::open_server_store_under_test(path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    server_.emplace(std::move(opened).value());
  }
  wire::PushBatchResponse push(std::vector<domain::Report> reports,
                               std::string_view device = "dev-a") {
    auto response =
        apply_push(*server_, context_, device, {std::string(device), std::move(reports)});
    EXPECT_TRUE(response.ok()) << response.error().code << " " << response.error().detail;
    return response.ok() ? response.value() : wire::PushBatchResponse{};
  }
  std::optional<store::StoredReport> stored(const domain::ReportId& id) {
    auto r = server_->report(id);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : std::nullopt;
  }
  std::int64_t count() { return server_->count_reports().value(); }

  store::testing::TempPath path_;
  std::optional<store::ServerStore> server_;
  FakeClock clock_;
  ServerContext context_{sample_catalog(), clock_};
  std::mt19937_64 rng_{77};
};

TEST_F(ServerApply, StoresAValidReportWithTheDevicesCode) {
  const domain::Report report = valid_report(rng_, 1);
  clock_.advance(1'234);
  const wire::PushBatchResponse response = push({report});
  ASSERT_EQ(response.verdicts.size(), 1u);
  EXPECT_EQ(
      response.verdicts[0],
      (wire::Verdict{report.id, VerdictKind::stored, report.tracking_code, clock_.now(), {}}));
  auto saved = stored(report.id);
  ASSERT_TRUE(saved);
  EXPECT_TRUE(saved->report.same_content(report));
  EXPECT_EQ(saved->report.received_at, clock_.now());
  EXPECT_EQ(saved->device_id, "dev-a");
}

TEST_F(ServerApply, ADuplicateIsAckedWithTheOriginalCodeAndTime) {
  const domain::Report report = valid_report(rng_, 1);
  const Timestamp first_time = clock_.now();
  push({report});
  clock_.advance(3'600'000);
  const wire::PushBatchResponse again = push({report});
  EXPECT_EQ(
      again.verdicts[0],
      (wire::Verdict{report.id, VerdictKind::duplicate, report.tracking_code, first_time, {}}));
  EXPECT_EQ(count(), 1);
  EXPECT_EQ(server_->timeline(report.id).value().size(), 1u);  // one "received", not two
}

TEST_F(ServerApply, SameIdOtherContentIsAConflictAndChangesNothing) {
  const domain::Report report = valid_report(rng_, 1);
  push({report});
  domain::Report other = report;
  other.body += " Tambahan.";
  const wire::PushBatchResponse response = push({other});
  EXPECT_EQ(response.verdicts[0], (wire::Verdict{report.id, VerdictKind::conflict, "", 0, {}}));
  EXPECT_TRUE(stored(report.id)->report.same_content(report));
  EXPECT_EQ(count(), 1);
}

TEST_F(ServerApply, AnInvalidReportIsRejectedWithEveryProblemAndNotStored) {
  const domain::Report report = invalid_report(rng_, 1);
  const auto expected = rules::validate_report(report, sample_catalog(), {2024, 3, 15});
  ASSERT_FALSE(expected.empty());
  const wire::PushBatchResponse response = push({report});
  ASSERT_EQ(response.verdicts.size(), 1u);
  EXPECT_EQ(response.verdicts[0].kind, VerdictKind::rejected);
  EXPECT_TRUE(response.verdicts[0].tracking_code.empty());
  ASSERT_EQ(response.verdicts[0].problems.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(response.verdicts[0].problems[i].field, expected[i].field);
    EXPECT_EQ(response.verdicts[0].problems[i].code, expected[i].code);
  }
  EXPECT_FALSE(stored(report.id));
  EXPECT_EQ(count(), 0);
}

TEST_F(ServerApply, AMixedBatchGetsOneVerdictPerReportInOrder) {
  const domain::Report earlier = valid_report(rng_, 1);
  const domain::Report taken = valid_report(rng_, 2);
  push({earlier, taken});
  domain::Report conflicting = taken;
  conflicting.title = "Judul yang lain sama sekali";
  const domain::Report fresh = valid_report(rng_, 3);
  const domain::Report invalid = invalid_report(rng_, 4);
  domain::Report no_code = valid_report(rng_, 5);
  no_code.tracking_code = "";
  domain::Report same_code = valid_report(rng_, 6);  // another id, a code already taken
  same_code.tracking_code = earlier.tracking_code;
  clock_.advance(60'000);

  const wire::PushBatchResponse response =
      push({fresh, invalid, earlier, conflicting, no_code, same_code});
  ASSERT_EQ(response.verdicts.size(), 6u);
  std::vector<VerdictKind> kinds;
  for (const auto& v : response.verdicts) kinds.push_back(v.kind);
  EXPECT_EQ(kinds, (std::vector<VerdictKind>{VerdictKind::stored, VerdictKind::rejected,
                                             VerdictKind::duplicate, VerdictKind::conflict,
                                             VerdictKind::rejected, VerdictKind::conflict}));
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(
        response.verdicts[i].report_id,
        (std::vector<domain::Report>{fresh, invalid, earlier, conflicting, no_code, same_code})[i]
            .id);
  }
  EXPECT_EQ(response.verdicts[0].received_at, clock_.now());
  EXPECT_EQ(response.verdicts[2].received_at, clock_.now() - 60'000);
  EXPECT_EQ(response.verdicts[4].problems,
            (std::vector<wire::Problem>{{"tracking_code", std::string(kProblemTrackingCode)}}));
  EXPECT_EQ(count(), 3);  // earlier, taken, fresh
  EXPECT_FALSE(stored(invalid.id));
  EXPECT_FALSE(stored(no_code.id));
  EXPECT_FALSE(stored(same_code.id));
}

TEST_F(ServerApply, ABatchOfAnotherDeviceIsRefused) {
  auto response = apply_push(*server_, context_, "dev-a", {"dev-b", {valid_report(rng_, 1)}});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, kErrorDeviceMismatch);
  EXPECT_EQ(count(), 0);
}

TEST_F(ServerApply, AFailingStoreGivesAnErrorNeverAPartialAck) {
  const domain::Report a = valid_report(rng_, 1), b = valid_report(rng_, 2);
  // Another connection holds the write lock; this one does not wait for it.
  auto other = store::testing::open_server_store_under_test(path_.str());
  ASSERT_TRUE(other.ok());
#ifndef ADUAN_TEST_POSTGRES
  ASSERT_TRUE(server_->database().exec("PRAGMA busy_timeout = 0").ok());
#else
  ASSERT_TRUE(server_->database().exec("SET lock_timeout = 1").ok());
#endif
  ASSERT_TRUE(other.value().database().begin_write().ok());
  auto failed = apply_push(*server_, context_, "dev-a", {"dev-a", {a, invalid_report(rng_, 3), b}});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, store::kErrorBusy);
  ASSERT_TRUE(other.value().database().exec("ROLLBACK").ok());
  EXPECT_EQ(count(), 0);
  // The device's resend then stores both, once.
  EXPECT_EQ(push({a, b}).verdicts[1].kind, VerdictKind::stored);
  EXPECT_EQ(count(), 2);
}

TEST_F(ServerApply, PullsTheDevicesEventsPageByPage) {
  const domain::Report a = valid_report(rng_, 1), b = valid_report(rng_, 2);
  const domain::Report foreign = valid_report(rng_, 3);
  push({a, b});
  push({foreign}, "dev-b");
  store::ServerEvent verified;
  verified.report_id = a.id;
  verified.status = "verified";
  verified.action = "verify";
  verified.at = clock_.now() + 5;
  verified.note = "Sudah diperiksa";
  verified.agency_id = "kab-32.12-pupr";
  verified.actor = "officer-1";
  ASSERT_TRUE(server_->append_event(verified).ok());

  std::vector<wire::StatusEvent> seen;
  std::uint64_t cursor = 0;
  int pages = 0;
  for (bool more = true; more; ++pages) {
    auto page = apply_pull_request(*server_, "dev-a", {cursor, 2});
    ASSERT_TRUE(page.ok());
    ASSERT_LE(page.value().events.size(), 2u);
    for (const auto& e : page.value().events) {
      EXPECT_GT(e.seq, cursor);
      seen.push_back(e);
    }
    cursor = page.value().next_cursor;
    more = page.value().more;
  }
  EXPECT_EQ(pages, 2);
  ASSERT_EQ(seen.size(), 3u);  // two "received", one "verified"; nothing of dev-b
  EXPECT_EQ(seen[0].status, "received");
  EXPECT_EQ(seen[2].report_id, a.id);
  EXPECT_EQ(seen[2].status, "verified");
  EXPECT_EQ(seen[2].note, "Sudah diperiksa");
  EXPECT_EQ(seen[2].agency_id, "kab-32.12-pupr");
  EXPECT_EQ(seen[2].at, clock_.now() + 5);

  // Caught up: no events, the cursor stays, no more.
  auto empty = apply_pull_request(*server_, "dev-a", {cursor, 0});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.value(), (wire::PullEventsResponse{{}, cursor, false}));
}

TEST_F(ServerApply, RegisteredDevicesAuthenticateWithTheirSecretOnly) {
  auto registered = apply_register(*server_, clock_, {domain::Channel::kiosk, "kiosk-linux", "1"});
  ASSERT_TRUE(registered.ok());
  const auto& device = registered.value();
  EXPECT_EQ(device.device_id.size(), 32u);
  EXPECT_EQ(device.device_secret.size(), 64u);
  EXPECT_TRUE(authenticate_device(*server_, device.device_id, device.device_secret).value());
  EXPECT_FALSE(authenticate_device(*server_, device.device_id, "00").value());
  EXPECT_FALSE(authenticate_device(*server_, "unknown", device.device_secret).value());
  EXPECT_FALSE(authenticate_device(*server_, device.device_id, "").value());
}

TEST(CivilDateAt, FollowsTheCalendarAndTheOffset) {
  EXPECT_EQ(civil_date_at(0, 0), (domain::CivilDate{1970, 1, 1}));
  EXPECT_EQ(civil_date_at(kStartTime, 0), (domain::CivilDate{2024, 3, 15}));
  EXPECT_EQ(civil_date_at(kStartTime - 1, 0), (domain::CivilDate{2024, 3, 14}));
  // 15:30 UTC is already the next day in Jayapura (UTC+9).
  EXPECT_EQ(civil_date_at(kStartTime + 15 * 3'600'000 + 1'800'000, 9 * 3'600'000),
            (domain::CivilDate{2024, 3, 16}));
  EXPECT_EQ(civil_date_at(951'782'400'000, 0), (domain::CivilDate{2000, 2, 29}));
  EXPECT_EQ(civil_date_at(-1, 0), (domain::CivilDate{1969, 12, 31}));
  EXPECT_EQ(civil_date_at(-86'400'000, 0), (domain::CivilDate{1969, 12, 31}));
}

}  // namespace
}  // namespace aduan::sync
