// The sync API over real HTTP: register, push, duplicates, conflicts, the previous protocol
// version, pulling status events, and following a report by its tracking code.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/domain/tracking_code.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

class ApiSync : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
  }
  ServerProcess server_{server_args()};
  TestDevice device_{server_};
};

TEST_F(ApiSync, PushStoresEachReportOnceAndAnswersDuplicatesWithTheOriginalCode) {
  auto first = valid_report(1), second = valid_report(2);
  auto pushed = device_.push({first, second});
  ASSERT_TRUE(pushed);
  ASSERT_EQ(pushed->verdicts.size(), 2u);
  EXPECT_EQ(pushed->verdicts[0].kind, wire::VerdictKind::stored);
  EXPECT_EQ(pushed->verdicts[0].tracking_code, first.tracking_code);
  EXPECT_GT(pushed->verdicts[0].received_at, 0);

  auto again = device_.push({first});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->verdicts[0].kind, wire::VerdictKind::duplicate);
  EXPECT_EQ(again->verdicts[0].tracking_code, first.tracking_code);
  EXPECT_EQ(again->verdicts[0].received_at, pushed->verdicts[0].received_at);

  auto changed = first;
  changed.body += " Tambahan.";
  auto conflict = device_.push({changed});
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->verdicts[0].kind, wire::VerdictKind::conflict);

  auto metrics = server_.client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("aduan_reports_stored 2"), std::string::npos) << metrics->body;
}

TEST_F(ApiSync, InvalidReportsAreRejectedWithTheirProblemsAndNotStored) {
  auto bad = valid_report(3);
  bad.title = "";
  bad.location.region_code = "99.99";
  auto good = valid_report(4);
  auto pushed = device_.push({bad, good});
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->verdicts[0].kind, wire::VerdictKind::rejected);
  EXPECT_GE(pushed->verdicts[0].problems.size(), 2u);
  EXPECT_EQ(pushed->verdicts[1].kind, wire::VerdictKind::stored);
  auto track = server_.client().Get("/api/v1/track/" + bad.tracking_code);
  ASSERT_TRUE(track);
  EXPECT_EQ(track->status, 404);
}

TEST_F(ApiSync, ThePreviousProtocolVersionIsAcceptedAndAnsweredInKind) {
  static_assert(wire::kOldestSupportedVersion + 1 == wire::kProtocolVersion);
  auto report = valid_report(5);
  auto result = device_.post("/api/v1/reports:push", wire_body(wire::PushBatchRequest{device_.device_id, {report}},
                                                               wire::kOldestSupportedVersion));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const auto* data = reinterpret_cast<const std::uint8_t*>(result->body.data());
  auto header = wire::peek_envelope({data, result->body.size()});
  ASSERT_TRUE(header);
  EXPECT_EQ(header.value().version, wire::kOldestSupportedVersion) << "an old phone gets an answer it can read";
  auto answer = wire::decode<wire::PushBatchResponse>({data, result->body.size()});
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer.value().verdicts[0].kind, wire::VerdictKind::stored);

  // Version 2's `assisted` said for no one (aduan-cli sent its reports so): still delivered, as
  // the device's own report, never rejected for lacking version 3's details.
  auto old_assisted = valid_report(56);
  old_assisted.channel = domain::Channel::assisted;
  auto kept = device_.push({old_assisted}, wire::kOldestSupportedVersion);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->verdicts.at(0).kind, wire::VerdictKind::stored);
  const auto national = officer_session(server_, "nasional", "national_admin", "", "");
  auto stored = get_as(server_, national, "/api/v1/officer/reports/" + old_assisted.id.to_string());
  EXPECT_TRUE(contains(stored, "\"channel\":\"web\"")) << (stored ? stored->body : "");
  EXPECT_TRUE(contains(stored, "\"assisted\":null")) << "entered by no one";

  // A phone on a version before that is told so, plainly, and nothing is stored.
  std::string older = wire_body(wire::PushBatchRequest{device_.device_id, {valid_report(55)}},
                                wire::kOldestSupportedVersion);
  older[4] = static_cast<char>(wire::kOldestSupportedVersion - 1);  // the version field, little-endian
  auto refused = device_.post("/api/v1/reports:push", older);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("wire.unsupported_version"), std::string::npos) << refused->body;
}

TEST_F(ApiSync, PullReturnsThisDevicesEventsByCursor) {
  auto report = valid_report(6);
  ASSERT_TRUE(device_.push({report}));
  TestDevice other(server_);
  ASSERT_TRUE(other.register_device());
  ASSERT_TRUE(other.push({valid_report(7)}));

  auto pulled = device_.pull(0);
  ASSERT_TRUE(pulled);
  ASSERT_EQ(pulled->events.size(), 1u) << "another device's reports are not this device's business";
  EXPECT_EQ(pulled->events[0].report_id, report.id);
  EXPECT_EQ(pulled->events[0].status, "received");
  auto later = device_.pull(pulled->next_cursor);
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->events.empty());
}

TEST_F(ApiSync, TrackingByCodeShowsNoPersonalDataAndHidesConfidentialReports) {
  auto report = valid_report(8);
  report.contact = domain::ReporterContact{"Siti Aminah", "081234567890", ""};
  report.anonymous = false;
  report.confidential = false;
  auto secret_one = valid_report(9);
  secret_one.confidential = true;
  ASSERT_TRUE(device_.push({report, secret_one}));

  auto client = server_.client();
  auto json = client.Get("/api/v1/track/" + report.tracking_code);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 200);
  EXPECT_NE(json->body.find("\"status\":\"received\""), std::string::npos);
  EXPECT_EQ(json->body.find("Siti"), std::string::npos);
  EXPECT_EQ(json->body.find("0812"), std::string::npos);
  EXPECT_EQ(json->body.find(report.title), std::string::npos) << "the public view has no text";

  // Typed the way people type it: lower case, O for 0, no dashes.
  std::string sloppy = report.tracking_code;
  std::erase(sloppy, '-');
  for (auto& c : sloppy) c = static_cast<char>(std::tolower(c == '0' ? 'O' : c));
  auto html = client.Get("/t/" + sloppy);
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 200);
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(html->body.find(report.tracking_code), std::string::npos);
  EXPECT_NE(html->body.find("Diterima"), std::string::npos);
  EXPECT_EQ(html->body.find("<script"), std::string::npos);
  auto form = client.Get("/t?code=" + report.tracking_code);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);

  auto hidden = client.Get("/api/v1/track/" + secret_one.tracking_code);
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 404) << "a confidential report is not even said to exist";
  auto hidden_page = client.Get("/t/" + secret_one.tracking_code);
  ASSERT_TRUE(hidden_page);
  EXPECT_EQ(hidden_page->status, 404);
  auto senders = client.Get("/api/v1/track/" + secret_one.tracking_code,
                            {{"X-Aduan-Receipt", secret_one.receipt_secret}});
  ASSERT_TRUE(senders);
  EXPECT_EQ(senders->status, 200);
  EXPECT_NE(senders->body.find(secret_one.title), std::string::npos);

  auto typo = client.Get("/api/v1/track/ABCD-EFGH-JKMN-P");
  ASSERT_TRUE(typo);
  EXPECT_EQ(typo->status, 400);
  EXPECT_NE(typo->body.find("tracking_code."), std::string::npos);
}

TEST_F(ApiSync, CatalogHasAnEtagSoAnUnchangedCatalogCostsOneSmallRoundTrip) {
  auto client = server_.client();
  auto first = client.Get("/api/v1/catalog");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  for (const char* file : {"regions.tsv", "agencies.tsv", "categories.tsv", "holidays.tsv"})
    EXPECT_NE(first->body.find(file), std::string::npos) << file;
  auto again = client.Get("/api/v1/catalog", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
}

TEST_F(ApiSync, ReadyzAndMetrics) {
  auto client = server_.client();
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  ASSERT_TRUE(device_.push({valid_report(10)}));
  // The server counts a request in its logger, which runs after the answer is written, so the
  // push may be counted a moment after the client has its answer: ask again, a bounded number
  // of times, until it is (the count is what is checked, never how long it took).
  const std::string pushed = "aduan_http_requests_total{route=\"/api/v1/reports:push\",status=\"200\"} 1";
  auto metrics = client.Get("/metrics");
  for (int attempt = 0; attempt < 100 && metrics && metrics->body.find(pushed) == std::string::npos; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    metrics = client.Get("/metrics");
  }
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("aduan_http_requests_total{route=\"/api/v1/reports:push\",status=\"200\"} 1"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("aduan_http_request_duration_seconds_count{route=\"/api/v1/reports:push\"} 1"),
            std::string::npos);
}

}  // namespace
}  // namespace aduan::testing
