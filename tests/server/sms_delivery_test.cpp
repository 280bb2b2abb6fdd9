// The SMS channel's edges (shell/server/sms): gateways retry (the same webhook three times, or
// the same text with a new id, is one report and one answer); a gateway that is down gets each
// message once when it returns, and /metrics shows the queue meanwhile; a flood from one number
// is capped, and so is what one number is sent a day; a wrong token, a wrong or stale signature,
// and malformed or oversized bodies are refused and change nothing; SMS Gateway for Android's
// webhook and send API work as that gateway speaks them; an https gateway whose certificate the
// system does not trust is never sent a text.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "tests/server/sms_gateway_fake.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

constexpr const char* kReporter = "+6281234567890";

std::size_t report_count(const ServerProcess& server) {
  auto db = open_server_database(server.data_dir());
  EXPECT_TRUE(db.ok()) << db.error().detail;
  if (!db.ok()) return 0;
  auto count = db.value().count_reports();
  EXPECT_TRUE(count.ok()) << count.error().detail;
  return count.ok() ? static_cast<std::size_t>(count.value()) : 0;
}

std::string status_of(const httplib::Result& answer) {
  if (!answer || answer->status != 200)
    return answer ? "http " + std::to_string(answer->status) : "no answer";
  return json::parse(answer->body).value().string_at("status");
}

class SmsDelivery : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.started()) << server_.output(); }

  FakeSmsGateway gateway_;
  ServerProcess server_{
      server_args({"--scheduler-interval", "0", "--sms-inbound-token", kSmsToken,
                   "--sms-android-signing-key", kAndroidKey, "--sms-gateway-url",
                   gateway_.send_url(), "--sms-retry-seconds", "1", "--sms-daily-limit", "3"})};
};

TEST_F(SmsDelivery, TheSameMessageDeliveredThreeTimesIsOneReportAndOneAnswer) {
  auto client = server_.client();
  const std::string text = "LAPOR sampah menumpuk di pasar induk sejak seminggu";
  EXPECT_EQ(status_of(FakeSmsGateway::deliver(client, "gw-1", kReporter, text)), "report");
  EXPECT_EQ(status_of(FakeSmsGateway::deliver(client, "gw-1", kReporter, text)), "duplicate");
  EXPECT_EQ(status_of(FakeSmsGateway::deliver(client, "gw-1", kReporter, text)), "duplicate");
  EXPECT_EQ(status_of(FakeSmsGateway::deliver(client, "gw-2", kReporter, text)), "duplicate")
      << "a retry with a new id: same number and text within the window";
  EXPECT_EQ(report_count(server_), 1u);
  ASSERT_TRUE(FakeSmsGateway::outbox_empty(client));
  EXPECT_EQ(gateway_.sent().size(), 1u);
}

TEST_F(SmsDelivery, AGatewayDownForAWhileGetsEachMessageOnceWhenItReturns) {
  gateway_.set_down(true);
  auto client = server_.client();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(status_of(FakeSmsGateway::deliver(client, "down-" + std::to_string(i),
                                                "+62857000000" + std::to_string(i),
                                                "LAPOR jembatan retak nomor " + std::to_string(i))),
              "report");
  for (int i = 0; i < 200 && gateway_.attempts() < 6; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GE(gateway_.attempts(), 6) << "each message tried again";
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("aduan_sms_queued 3"), std::string::npos) << metrics->body;
  EXPECT_EQ(metrics->body.find("aduan_sms_send_errors_total 0\n"), std::string::npos);
  gateway_.set_down(false);
  ASSERT_TRUE(FakeSmsGateway::outbox_empty(client));
  const auto sent = gateway_.sent();
  ASSERT_EQ(sent.size(), 3u) << "once each";
  std::set<std::string> recipients;
  for (const auto& sms : sent) recipients.insert(sms.to);
  EXPECT_EQ(recipients.size(), 3u);
  metrics = client.Get("/metrics");
  EXPECT_NE(metrics->body.find("aduan_sms_queued 0"), std::string::npos) << metrics->body;
  EXPECT_EQ(server_.output().find("+628570"), std::string::npos) << "numbers never in the log";
}

TEST_F(SmsDelivery, AFloodFromOneNumberIsCappedAndSoIsWhatItIsSent) {
  auto client = server_.client();
  int limited = 0, handled = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string status =
        status_of(FakeSmsGateway::deliver(client, "flood-" + std::to_string(i), kReporter,
                                          "CEK ABCD-EFGH-JKMN-" + std::to_string(i % 10)));
    (status == "limited" ? limited : handled) += 1;
  }
  EXPECT_EQ(handled, 20) << "the burst";
  EXPECT_EQ(limited, 20);
  ASSERT_TRUE(FakeSmsGateway::outbox_empty(client));
  EXPECT_EQ(gateway_.sent().size(), 3u) << "--sms-daily-limit 3";
}

TEST_F(SmsDelivery, WrongCredentialsAndBadBodiesAreRefusedAndChangeNothing) {
  auto client = server_.client();
  const std::string text = "LAPOR jalan rusak di depan kantor desa";
  EXPECT_EQ(
      FakeSmsGateway::deliver(client, "x1", kReporter, text, "token-yang-salah-sekali")->status,
      401);
  EXPECT_EQ(
      FakeSmsGateway::deliver_android(client, "x2", kReporter, text, "kunci-yang-salah-sekali")
          ->status,
      401);
  EXPECT_EQ(
      FakeSmsGateway::deliver_android(client, "x3", kReporter, text, kAndroidKey, -3600)->status,
      401)
      << "a signature an hour old is a replay";
  const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kSmsToken}};
  for (
      const std::string& body :
      {std::string("bukan json"), std::string(R"({"id":"a","from":"+6281234567890"})"),
       std::string(R"({"id":"a","from":"+6281234567890","text":"x","received_at":"kemarin"})"),
       std::string(
           R"({"id":"","from":"+6281234567890","text":"x","received_at":"2026-12-01T09:00:00+07:00"})"),
       std::string("[1,2,3]")}) {
    auto answer = client.Post("/api/v1/sms/inbound", auth, body, "application/json");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400) << body;
    EXPECT_NE(answer->body.find("sms.bad_body"), std::string::npos) << answer->body;
  }
  auto huge = client.Post("/api/v1/sms/inbound", auth, std::string(20000, 'x'), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(report_count(server_), 0u);
  ASSERT_TRUE(FakeSmsGateway::outbox_empty(client));
  EXPECT_TRUE(gateway_.sent().empty());
}

TEST_F(SmsDelivery, SmsGatewayForAndroidsWebhookIsSignedAndItsRetriesAreOneReport) {
  auto client = server_.client();
  const std::string text = "LAPOR puskesmas tutup pada jam layanan";
  EXPECT_EQ(status_of(FakeSmsGateway::deliver_android(client, "evt-1", "081234567890", text)),
            "report");
  EXPECT_EQ(status_of(FakeSmsGateway::deliver_android(client, "evt-1", "081234567890", text)),
            "duplicate");
  EXPECT_EQ(report_count(server_), 1u);
  EXPECT_EQ(gateway_.wait_for(1).size(), 1u);
}

// The route is off unless its secret is set, and the Android sender speaks that gateway's API.
TEST(SmsRoutesOff, WithoutATokenTheWebhookIsAbsentAndTheAndroidApiIsUsedToSend) {
  FakeSmsGateway gateway;
  ServerProcess server{server_args({"--scheduler-interval", "0", "--sms-android-signing-key",
                                    kAndroidKey, "--sms-android-url", gateway.android_url(),
                                    "--sms-android-login", "sms:sandi"})};
  ASSERT_TRUE(server.started()) << server.output();
  auto client = server.client();
  EXPECT_EQ(FakeSmsGateway::deliver(client, "a", kReporter, "LAPOR x")->status, 404);
  EXPECT_EQ(status_of(FakeSmsGateway::deliver_android(client, "evt-9", kReporter,
                                                      "LAPOR banjir di jalan raya")),
            "report");
  const auto sent = gateway.wait_for(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, kReporter);
  EXPECT_TRUE(gateway.authorized()) << "basic auth with --sms-android-login";
}

// The sender checks an https gateway's certificate against the system's authorities and the
// host name: a gateway with a self-signed certificate (a stand-in for someone in the middle) gets
// no request at all, its texts stay queued, and the failures are counted.
TEST(SmsGatewayTls, AGatewayWhoseCertificateIsNotTrustedIsNeverSentTheText) {
  const auto folder =
      std::filesystem::temp_directory_path() / ("aduan-sms-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::string key = (folder / "key.pem").string(), cert = (folder / "cert.pem").string();
  const std::string make_cert =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(make_cert.c_str()), 0);
  httplib::SSLServer gateway(cert.c_str(), key.c_str());
  ASSERT_TRUE(gateway.is_valid());
  std::atomic<int> requests{0};
  gateway.Post("/send", [&](const httplib::Request&, httplib::Response& response) {
    ++requests;
    response.set_content("{}", "application/json");
  });
  const int port = gateway.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { gateway.listen_after_bind(); });
  ServerProcess server{server_args(
      {"--scheduler-interval", "0", "--sms-inbound-token", kSmsToken, "--sms-gateway-url",
       "https://127.0.0.1:" + std::to_string(port) + "/send", "--sms-retry-seconds", "1"})};
  EXPECT_TRUE(server.started()) << server.output();
  auto client = server.client();
  EXPECT_EQ(status_of(FakeSmsGateway::deliver(client, "tls-1", kReporter,
                                              "LAPOR lampu jalan mati di depan sekolah")),
            "report");
  std::string metrics;  // until the sender has tried and failed at least once
  for (int i = 0; i < 200; ++i) {
    if (auto answer = client.Get("/metrics")) metrics = answer->body;
    if (!metrics.empty() && metrics.find("aduan_sms_send_errors_total 0\n") == std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(metrics.find("aduan_sms_send_errors_total 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("aduan_sms_queued 1"), std::string::npos) << metrics;
  EXPECT_EQ(requests.load(), 0) << "the untrusted gateway was sent a text";
  gateway.stop();
  serving.join();
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace aduan::testing
