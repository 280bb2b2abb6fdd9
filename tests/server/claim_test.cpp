// "Klaim laporan" over real HTTP (POST /api/v1/reporter/claim): the receipt's holder gets the
// report with its id, text and every status event (seq and note) and can answer it; an unknown
// code and a wrong secret get byte-for-byte the same refusal; wrong secrets are limited per
// address (429 before any secret is compared, so a correct one is refused too), another
// address is not affected; the secret appears in no log line.
#include <gtest/gtest.h>

#include "core/domain/tracking_code.h"
#include "core/json/json_reader.h"
#include "tests/server/api_client.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

class Claim : public DeviceAndTwoOfficers {
 protected:
  httplib::Result claim(const std::string& code, const std::string& secret,
                        const std::string& address = "198.51.100.7") {
    log_ += server_.output();  // kept: the test reads what the server logged
    auto client = server_.client();
    return client.Post("/api/v1/reporter/claim", {{"X-Forwarded-For", address}},
                       wire_body(wire::TrackRequest{code, secret}), kWireType);
  }

  std::string log_;
};

TEST_F(Claim, TheReceiptsHolderGetsTheReportAndEveryEventAndCanAnswerIt) {
  const domain::Report report = report_at(3, "32.12", "kab-32.12-dinkes", false);
  ASSERT_TRUE(device_.push({report}));
  ASSERT_EQ(act(server_, national_, report.id, {"verify"})->status, 200);
  ASSERT_EQ(act(server_, national_, report.id, {"disposition", "", "kab-32.12-dinkes"})->status, 200);
  ASSERT_EQ(act(server_, liaison_, report.id, {"follow_up", "Dicek petugas."})->status, 200);
  ASSERT_EQ(act(server_, liaison_, report.id, {"respond", "Jalan sudah ditambal."})->status, 200);

  auto answer = claim(report.tracking_code, report.receipt_secret);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  EXPECT_EQ(answer->get_header_value("Cache-Control"), "no-store");
  auto parsed = json::parse(answer->body);
  ASSERT_TRUE(parsed.ok()) << answer->body;
  const json::Value& v = parsed.value();
  EXPECT_EQ(v.string_at("report_id"), report.id.to_string());
  EXPECT_EQ(v.string_at("tracking_code"), report.tracking_code);
  EXPECT_EQ(v.string_at("title"), report.title);
  EXPECT_EQ(v.string_at("body"), report.body);
  EXPECT_EQ(v.string_at("status"), "responded");
  EXPECT_EQ(v.string_at("receipt_secret"), "") << "the secret is never echoed";
  const json::Value* events = v.get("events");
  ASSERT_TRUE(events && events->is_array());
  ASSERT_EQ(events->items.size(), 5u);  // received, verified, dispositioned, in_progress, responded
  EXPECT_GT(events->items[0].number_at("seq"), 0);
  EXPECT_LT(events->items[0].number_at("seq"), events->items[4].number_at("seq"));
  EXPECT_EQ(events->items[4].string_at("status"), "responded");
  EXPECT_EQ(events->items[4].string_at("note"), "Jalan sudah ditambal.");
  EXPECT_EQ(answer->body.find(report.contact->name), std::string::npos) << "never the contact";

  // Typed with look-alike characters and lower case, as people do.
  std::string typed = report.tracking_code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(claim(typed, report.receipt_secret)->status, 200);

  // The claimant closes the case with the same secret.
  auto accepted = reporter_act(server_, report, {"complete"});
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_NE(claim(report.tracking_code, report.receipt_secret)->body.find("\"completed\""),
            std::string::npos);
  log_ += server_.output();
  EXPECT_NE(log_.find("/api/v1/reporter/claim"), std::string::npos) << "requests are logged";
  EXPECT_EQ(log_.find(report.receipt_secret), std::string::npos);
}

TEST_F(Claim, AnUnknownCodeAndAWrongSecretGetTheSameRefusal) {
  const domain::Report report = report_at(4, "32.12", "kab-32.12-dinkes", false);
  ASSERT_TRUE(device_.push({report}));
  domain::Report confidential = report_at(5, "32.12", "kab-32.12-dinkes", false);
  confidential.confidential = true;
  ASSERT_TRUE(device_.push({confidential}));
  const std::string unknown_code = report_at(99, "32.12", "", false).tracking_code;
  const std::string wrong(32, 'a');

  auto by_unknown = claim(unknown_code, report.receipt_secret);
  auto by_wrong = claim(report.tracking_code, wrong);
  auto by_wrong_confidential = claim(confidential.tracking_code, wrong);
  auto by_empty = claim(report.tracking_code, "");
  auto by_other_reports_secret = claim(report.tracking_code, confidential.receipt_secret);
  for (const auto* refused : {&by_unknown, &by_wrong, &by_wrong_confidential, &by_empty,
                              &by_other_reports_secret}) {
    ASSERT_TRUE(*refused);
    EXPECT_EQ((*refused)->status, 404);
    EXPECT_EQ((*refused)->body, by_unknown->body);
    EXPECT_EQ((*refused)->get_header_value("Content-Type"), by_unknown->get_header_value("Content-Type"));
  }
  EXPECT_EQ(json::read_error_body(by_wrong->body).code, "claim.refused");
  EXPECT_EQ(by_wrong->body.find(report.title), std::string::npos);
}

TEST_F(Claim, WrongSecretsAreLimitedPerAddressEvenForTheRightOneAfterwards) {
  const domain::Report report = report_at(6, "32.12", "kab-32.12-dinkes", false);
  ASSERT_TRUE(device_.push({report}));
  const std::string wrong(32, 'b');
  int refused = 0;
  int limited = 0;
  for (int i = 0; i < 14; ++i) {
    const int status = claim(report.tracking_code, wrong)->status;
    refused += status == 404;
    limited += status == 429;
  }
  EXPECT_EQ(refused, 10);  // the burst
  EXPECT_EQ(limited, 4);
  auto right_but_limited = claim(report.tracking_code, report.receipt_secret);
  EXPECT_EQ(right_but_limited->status, 429);
  EXPECT_EQ(json::read_error_body(right_but_limited->body).code, "rate.limited");
  EXPECT_FALSE(right_but_limited->get_header_value("Retry-After").empty());
  EXPECT_EQ(right_but_limited->body.find(report.title), std::string::npos);
  // Another address (another office's network) is not held up by this one.
  EXPECT_EQ(claim(report.tracking_code, report.receipt_secret, "203.0.113.9")->status, 200);
  // Right answers cost nothing: a busy office's claims never run out.
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(claim(report.tracking_code, report.receipt_secret, "203.0.113.10")->status, 200);
}

}  // namespace
}  // namespace aduan::testing
