// The SMS channel end to end (shell/server/sms): a real aduan-server and a fake gateway that
// delivers citizens' texts to its webhooks and receives what it sends. LAPOR brings the code
// back; CEK answers; an officer's answer is news to the reporter; BALAS, SELESAI and NILAI work
// from the reporter's number only; an anonymous report keeps no number and gets no news; a
// pending region and category are completed by the verifying admin; BERHENTI is honoured.
#include <gtest/gtest.h>

#include <regex>

#include "core/domain/tracking_code.h"
#include "tests/server/sms_gateway_fake.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

constexpr const char* kReporter = "0812-3456-7890";
constexpr const char* kReporterE164 = "+6281234567890";
constexpr const char* kStranger = "+6285700001111";

class SmsChannel : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    liaison_ = officer_session(server_, "dinkes", "liaison_officer", "kab-32.12-dinkes", "");
  }

  // Delivers a text and returns the server's JSON answer.
  json::Value text(const std::string& from, const std::string& body) {
    drain(server_);
    auto client = server_.client();
    auto answer = FakeSmsGateway::deliver(client, "m" + std::to_string(++sequence_), from, body);
    EXPECT_TRUE(answer);
    if (!answer) return {};
    EXPECT_EQ(answer->status, 200) << answer->body;
    auto parsed = json::parse(answer->body);
    EXPECT_TRUE(parsed.ok()) << answer->body;
    return parsed ? parsed.value() : json::Value{};
  }

  // The next message the gateway receives (after the `seen` before it).
  SentSms next_sent() {
    auto all = gateway_.wait_for(++seen_);
    EXPECT_GE(all.size(), seen_) << "no SMS arrived";
    return all.size() >= seen_ ? all[seen_ - 1] : SentSms{};
  }

  json::Value detail_of(const std::string& code) {
    return officer_detail_of(server_, national_, code, &report_id_);
  }

  httplib::Result complete_details(const std::string& fields) {
    return server_.client().Post("/api/v1/officer/reports/" + report_id_ + "/details",
                                 {{"X-Aduan-Session", national_}}, fields,
                                 "application/x-www-form-urlencoded");
  }

  domain::ReportId id() const { return domain::ReportId::parse(report_id_).value(); }

  FakeSmsGateway gateway_;
  ServerProcess server_{
      server_args({"--scheduler-interval", "0", "--sms-inbound-token", kSmsToken,
                   "--sms-gateway-url", gateway_.send_url(), "--sms-retry-seconds", "1"})};
  std::string national_, liaison_, report_id_;
  int sequence_ = 0;
  std::size_t seen_ = 0;
};

TEST_F(SmsChannel, AReportBySmsIsAnsweredWithItsCodeAndFollowsTheFlowWithNews) {
  const auto made =
      text(kReporter, "lapor:  Jalan desa rusak parah dekat balai desa #jalan @Sukamaju");
  EXPECT_EQ(made.string_at("status"), "report");
  const std::string code = made.string_at("tracking_code");
  ASSERT_TRUE(std::regex_match(code, std::regex("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]")))
      << code;
  const SentSms receipt = next_sent();
  EXPECT_EQ(receipt.to, kReporterE164);
  EXPECT_TRUE(receipt.text.starts_with(code)) << receipt.text;

  json::Value detail = detail_of(code);
  EXPECT_EQ(detail.string_at("channel"), "sms");
  EXPECT_EQ(detail.string_at("category_id"), "infrastruktur") << "#jalan names one category";
  EXPECT_EQ(detail.string_at("place"), "Sukamaju");
  EXPECT_EQ(detail.string_at("body"), "Jalan desa rusak parah dekat balai desa");
  ASSERT_EQ(detail.get("details_pending")->items.size(), 1u);
  EXPECT_EQ(detail.get("details_pending")->items[0].text, "region");
  EXPECT_EQ(detail.get("reporter")->string_at("phone"), kReporterE164);

  text(kReporter, "CEK " + code);
  EXPECT_NE(next_sent().text.find("diterima"), std::string::npos);

  // The verifying admin completes the region; verify and route: the reporter hears of it.
  EXPECT_EQ(act(server_, national_, id(), {"verify"})->status, 409) << "the region is pending";
  ASSERT_EQ(complete_details("region_code=32.12")->status, 200);
  ASSERT_EQ(act(server_, national_, id(), {"verify"})->status, 200);
  ASSERT_EQ(act(server_, national_, id(), {"disposition", "", "kab-32.12-dinkes"})->status, 200);
  const SentSms routed = next_sent();
  EXPECT_TRUE(routed.text.starts_with(code + ": laporan Anda diverifikasi")) << routed.text;
  ASSERT_EQ(act(server_, liaison_, id(), {"follow_up", "Kami tinjau."})->status, 200);
  ASSERT_EQ(act(server_, liaison_, id(), {"respond", "Jalan ditambal minggu ini."})->status, 200);
  const SentSms answered = next_sent();
  EXPECT_NE(answered.text.find("Jalan ditambal minggu ini."), std::string::npos) << answered.text;
  EXPECT_NE(answered.text.find("BALAS " + code), std::string::npos) << answered.text;

  // Another number cannot reply, accept or rate; the reporter's can.
  text(kStranger, "BALAS " + code + " belum diperbaiki");
  const SentSms refused = next_sent();
  EXPECT_EQ(refused.to, kStranger);
  EXPECT_NE(refused.text.find("tidak dikenal"), std::string::npos) << refused.text;
  text(kStranger, "SELESAI " + code);
  next_sent();
  EXPECT_EQ(detail_of(code).string_at("status"), "responded");

  text(kReporter, "balas " + code + " lubang di sisi utara belum ditambal");
  EXPECT_NE(next_sent().text.find("balasan Anda diterima"), std::string::npos);
  EXPECT_EQ(detail_of(code).string_at("status"), "in_progress");
  ASSERT_EQ(act(server_, liaison_, id(), {"respond", "Sisi utara sudah ditambal."})->status, 200);
  next_sent();
  text(kReporter, "SELESAI " + code);
  EXPECT_NE(next_sent().text.find("laporan selesai"), std::string::npos);
  text(kReporter, "NILAI " + code + " 5");
  EXPECT_NE(next_sent().text.find("terima kasih atas nilai"), std::string::npos);
  detail = detail_of(code);
  EXPECT_EQ(detail.string_at("status"), "completed");
  for (const auto& sms : gateway_.sent()) EXPECT_LE(sms.text.size(), 160u * 3) << sms.text;
}

TEST_F(SmsChannel, AnAnonymousReportKeepsNoNumberAndGetsNoNews) {
  const std::string code = text(kReporter, "LAPOR ANONIM pungutan liar di loket KTP kecamatan")
                               .string_at("tracking_code");
  ASSERT_FALSE(code.empty());
  EXPECT_NE(next_sent().text.find(code), std::string::npos)
      << "the code is the answer to the message";
  json::Value detail = detail_of(code);
  EXPECT_TRUE(detail.get("anonymous") && detail.get("anonymous")->boolean);
  ASSERT_NE(detail.get("reporter"), nullptr);
  EXPECT_EQ(detail.get("reporter")->kind, json::Value::Kind::null)
      << "no number for an anonymous report";
  auto db = open_server_database(server_.data_dir());
  ASSERT_TRUE(db.ok()) << db.error().detail;
  auto kept = db.value().database().query_int(
      "SELECT count(*) FROM reports WHERE contact_phone IS NOT NULL");
  ASSERT_TRUE(kept.ok()) << kept.error().detail;
  EXPECT_EQ(kept.value(), 0) << "the number is not kept with the report";
  EXPECT_EQ(server_.output().find("+62812"), std::string::npos) << "numbers never in the log";
  // Both details pending: no hint named a category.
  EXPECT_EQ(detail.get("details_pending")->items.size(), 2u);
  EXPECT_EQ(complete_details("category_id=nope")->status, 400);
  ASSERT_EQ(complete_details("region_code=32.12&category_id=kependudukan")->status, 200);
  EXPECT_EQ(complete_details("category_id=kesehatan")->status, 409);
  ASSERT_EQ(act(server_, national_, id(), {"verify"})->status, 200);
  ASSERT_EQ(act(server_, national_, id(), {"disposition", "", "kab-32.12-dinkes"})->status, 200);
  // CEK from the same phone still works (the number's hash is kept); no news was queued.
  text(kReporter, "cek " + code);
  const SentSms status = next_sent();
  EXPECT_NE(status.text.find("diteruskan"), std::string::npos) << status.text;
  auto client = server_.client();
  ASSERT_TRUE(FakeSmsGateway::outbox_empty(client));
  EXPECT_EQ(gateway_.sent().size(), 2u) << "the receipt and the CEK answer: no news";
}

TEST_F(SmsChannel, BerhentiStopsEveryTextButItsConfirmation) {
  const std::string code = text(kReporter, "LAPOR lampu jalan mati sepanjang jalan pasar #lainnya")
                               .string_at("tracking_code");
  next_sent();
  text(kReporter, "berhenti");
  EXPECT_NE(next_sent().text.find("tidak akan menerima"), std::string::npos);
  detail_of(code);
  ASSERT_EQ(complete_details("region_code=32.12")->status, 200);
  ASSERT_EQ(act(server_, national_, id(), {"verify"})->status, 200);
  ASSERT_EQ(act(server_, national_, id(), {"disposition", "", "kab-32.12-dinkes"})->status, 200);
  EXPECT_FALSE(text(kReporter, "CEK " + code).get("reply_queued")->boolean);
  auto client = server_.client();
  ASSERT_TRUE(FakeSmsGateway::outbox_empty(client));
  EXPECT_EQ(gateway_.sent().size(), 2u) << "no news and no answer after BERHENTI";
}

// A report from the portal whose reporter left a mobile number and ticked "Kirim kabar lewat
// SMS": news reaches that number, and BALAS works from it; one who did not tick hears nothing.
TEST_F(SmsChannel, AWebReportGetsNewsOnlyWhenItsReporterAgreed) {
  TestDevice device(server_);
  ASSERT_TRUE(device.register_device());
  domain::Report agreed = report_at(71, "32.12", "kab-32.12-dinkes");
  agreed.sms_consent = true;
  domain::Report silent = report_at(72, "32.12", "kab-32.12-dinkes");
  silent.contact->phone = "085700002222";
  ASSERT_TRUE(device.push({agreed, silent}));
  for (const auto& report : {agreed, silent}) {
    ASSERT_EQ(act(server_, national_, report.id, {"verify"})->status, 200);
    ASSERT_EQ(act(server_, national_, report.id, {"disposition", "", "kab-32.12-dinkes"})->status,
              200);
    ASSERT_EQ(act(server_, liaison_, report.id, {"follow_up", "Kami tinjau."})->status, 200);
    ASSERT_EQ(act(server_, liaison_, report.id, {"respond", "Sudah ditangani."})->status, 200);
  }
  auto client = server_.client();
  ASSERT_TRUE(FakeSmsGateway::outbox_empty(client));
  const auto sent = gateway_.sent();
  ASSERT_EQ(sent.size(), 2u) << "routed and answered, to the one who agreed";
  for (const auto& sms : sent) {
    EXPECT_EQ(sms.to, kReporterE164);
    EXPECT_TRUE(sms.text.starts_with(agreed.tracking_code)) << sms.text;
  }
  seen_ = 2;
  text(kReporter, "BALAS " + agreed.tracking_code + " terima kasih, tapi masih bocor");
  EXPECT_NE(next_sent().text.find("balasan Anda diterima"), std::string::npos);
}

// The deadline's auto-completion, run by the operator's `run-scheduler` beside the server, is
// news too: queued in the action's transaction, sent by the running server's sender.
TEST_F(SmsChannel, AnAutoCompletionByTheSchedulerCommandIsNews) {
  TestDevice device(server_);
  ASSERT_TRUE(device.register_device());
  domain::Report report = report_at(73, "32.12", "kab-32.12-dinkes");
  report.sms_consent = true;
  ASSERT_TRUE(device.push({report}));
  ASSERT_EQ(act(server_, national_, report.id, {"verify"})->status, 200);
  ASSERT_EQ(act(server_, national_, report.id, {"disposition", "", "kab-32.12-dinkes"})->status,
            200);
  ASSERT_EQ(act(server_, liaison_, report.id, {"follow_up", "Kami tinjau."})->status, 200);
  ASSERT_EQ(act(server_, liaison_, report.id, {"respond", "Sudah ditangani."})->status, 200);
  seen_ = 2;  // routed, answered
  // Ten working days after the answer, with no reply: completed by the system.
  const std::time_t later = std::time(nullptr) + 30 * 86400;
  std::tm parts{};
  gmtime_r(&later, &parts);
  char at[32];
  std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &parts);
  const std::string out = run_scheduler_at(server_, at);
  EXPECT_NE(out.find("\"completed\":1"), std::string::npos) << out;
  const SentSms completed = next_sent();
  EXPECT_EQ(completed.to, kReporterE164);
  EXPECT_TRUE(completed.text.starts_with(report.tracking_code + ": laporan Anda selesai"))
      << completed.text;
}

// A regency's deployment places SMS reports in its own area (--sms-region): its regional admin
// sees them and completes only the category.
TEST(SmsRegion, AReportByTextLandsInTheDeploymentsAreaForItsRegionalAdmin) {
  FakeSmsGateway gateway;
  ServerProcess server{
      server_args({"--scheduler-interval", "0", "--sms-inbound-token", kSmsToken,
                   "--sms-gateway-url", gateway.send_url(), "--sms-region", "32.12"})};
  ASSERT_TRUE(server.started()) << server.output();
  const std::string regional = officer_session(server, "indramayu", "regional_admin", "", "32.12");
  auto client = server.client();
  auto made =
      FakeSmsGateway::deliver(client, "r1", kReporter, "LAPOR jembatan gantung putus di desa");
  ASSERT_TRUE(made && made->status == 200);
  const std::string code = json::parse(made->body).value().string_at("tracking_code");
  std::string report_id;
  const json::Value detail = officer_detail_of(server, regional, code, &report_id);
  EXPECT_EQ(detail.string_at("region_code"), "32.12");
  ASSERT_EQ(detail.get("details_pending")->items.size(), 1u);
  EXPECT_EQ(detail.get("details_pending")->items[0].text, "category");
  auto completed = client.Post("/api/v1/officer/reports/" + report_id + "/details",
                               {{"X-Aduan-Session", regional}}, "category_id=infrastruktur",
                               "application/x-www-form-urlencoded");
  ASSERT_TRUE(completed);
  EXPECT_EQ(completed->status, 200) << completed->body;
  EXPECT_EQ(act(server, regional, domain::ReportId::parse(report_id).value(), {"verify"})->status,
            200);
}

TEST_F(SmsChannel, HelpForAnythingElseAndNoTextToNumbersThatAreNotMobiles) {
  EXPECT_EQ(text(kReporter, "halo, ini apa?").string_at("status"), "help");
  EXPECT_NE(next_sent().text.find("LAPOR"), std::string::npos);
  EXPECT_EQ(
      text(kReporter, "NILAI " + domain::tracking_code_from_bits(42) + " 9").string_at("status"),
      "help");
  EXPECT_NE(next_sent().text.find("1 sampai 5"), std::string::npos);
  // Two words are a report too: the server fills in a title, and no minimum length applies.
  const auto landline = text("021-5551234", "LAPOR banjir");
  EXPECT_EQ(landline.string_at("status"), "report");
  EXPECT_FALSE(landline.get("reply_queued")->boolean) << "a landline cannot receive SMS";
  const json::Value detail = detail_of(landline.string_at("tracking_code"));
  EXPECT_EQ(detail.string_at("title"), "Laporan SMS: banjir");
  EXPECT_EQ(detail.string_at("body"), "banjir");
  EXPECT_EQ(text("TELKOMSEL", "Promo paket data").string_at("status"), "ignored");
}

}  // namespace
}  // namespace aduan::testing
