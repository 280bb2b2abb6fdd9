// Public and officers' statistics over real HTTP, against figures computed by hand.
//
// Five reports pushed today, all located in Indramayu (32.12):
//   R1 -> kab-32.12-dinkes  followed up and answered today, completed by the reporter
//   R2 -> kab-32.12-dinkes  followed up today, still in progress
//   R3 -> kab-32.12-dinkes  confidential, dispositioned, not followed up (due in 5 working days)
//   R4 -> kab-32.12-pupr    followed up, answered, completed today
//   R5 -> kab-32.12-dlh     rejected by the admin
// By hand (kpi.h's definitions; everything happened today, so every average is 0.0):
//   all     received 5, followed up 3 (60.0%), completed 2 (40.0%), resolved 3
//   dinkes  received 3, followed up 2 (66.7%), completed 1 (33.3%), resolved 1
//   dlh     received 1, followed up 0 (0.0%),  completed 0 (0.0%),  resolved 1, no averages
//   pupr    received 1, followed up 1 (100.0%), completed 1 (100.0%), resolved 1
//   by speed: pupr 1, dinkes 2 (equal averages; the higher follow-up rate first); dlh unranked
//   by completion: pupr 1, dinkes 2, dlh 3
#include <gtest/gtest.h>

#include <cstdio>

#include "core/json/json_reader.h"
#include "core/workflow/time_zone.h"
#include "tests/server/sms_gateway_fake.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

class ApiStats : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    dinkes_ = officer_session(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
    pupr_ = officer_session(server_, "petugas.pupr", "liaison_officer", "kab-32.12-pupr", "");
    for (int i = 0; i < 5; ++i) {
      reports_.push_back(report_at(401 + i, "32.12", i < 3 ? "kab-32.12-dinkes" : i == 3 ? "kab-32.12-pupr" : "kab-32.12-dlh",
                                   false, i == 2));
    }
    reports_[2].title = "Judul rahasia pelapor";
    ASSERT_TRUE(device_.push(reports_));
    for (int i = 0; i < 4; ++i) {
      const std::string holder = i < 3 ? "kab-32.12-dinkes" : "kab-32.12-pupr";
      ASSERT_EQ(act(server_, national_, reports_[i].id, {"verify"})->status, 200);
      ASSERT_EQ(act(server_, national_, reports_[i].id, {"disposition", "", "kab-32.12-satpolpp"})->status, 200);
      ASSERT_EQ(act(server_, national_, reports_[i].id, {"redisposition", "", holder})->status, 200);
    }
    ASSERT_EQ(act(server_, national_, reports_[4].id, {"reject", "bukan pelayanan publik"})->status, 200);
    for (int i : {0, 1}) ASSERT_EQ(act(server_, dinkes_, reports_[i].id, {"follow_up", "Kami tinjau."})->status, 200);
    ASSERT_EQ(act(server_, pupr_, reports_[3].id, {"follow_up", "Kami tinjau."})->status, 200);
    ASSERT_EQ(act(server_, dinkes_, reports_[0].id, {"respond", "Sudah."})->status, 200);
    ASSERT_EQ(act(server_, pupr_, reports_[3].id, {"respond", "Sudah."})->status, 200);
    for (int i : {0, 3}) ASSERT_EQ(reporter_act(server_, reports_[i], {"complete"})->status, 200);
    year_ = std::to_string(workflow::local_date(
                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count(),
                               workflow::TimeZone::wib)
                               .year);
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  TestDevice device_{server_};
  std::string national_, dinkes_, pupr_, year_;
  std::vector<domain::Report> reports_;
};

TEST_F(ApiStats, PublicJsonMatchesTheFiguresComputedByHand) {
  auto stats = get_as(server_, "", "/api/v1/stats?year=" + year_);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->status, 200) << stats->body;
  const std::string& body = stats->body;
  EXPECT_NE(body.find("\"total\":{\"received\":5,\"followed_up\":3,\"followed_up_percent\":60.0,\"completed\":2,"
                      "\"completed_percent\":40.0,\"resolved\":3,\"avg_working_days_to_follow_up\":0.0,"
                      "\"avg_calendar_days_to_completion\":0.0,\"overdue\":0}"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("{\"agency_id\":\"kab-32.12-dinkes\",\"name\":\"Dinas Kesehatan Kabupaten Indramayu\","
                      "\"received\":3,\"followed_up\":2,\"followed_up_percent\":66.7,\"completed\":1,"
                      "\"completed_percent\":33.3,\"resolved\":1,\"avg_working_days_to_follow_up\":0.0,"
                      "\"avg_calendar_days_to_completion\":0.0,\"overdue\":0}"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("\"received\":1,\"followed_up\":0,\"followed_up_percent\":0.0,\"completed\":0,"
                      "\"completed_percent\":0.0,\"resolved\":1,\"avg_working_days_to_follow_up\":null,"
                      "\"avg_calendar_days_to_completion\":null,\"overdue\":0}"),
            std::string::npos)
      << "dlh: " << body;
  EXPECT_NE(body.find("\"ranking_by_speed\":[{\"position\":1,\"agency_id\":\"kab-32.12-pupr\",\"value\":0.0},"
                      "{\"position\":2,\"agency_id\":\"kab-32.12-dinkes\",\"value\":0.0}]"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("\"ranking_by_completion\":[{\"position\":1,\"agency_id\":\"kab-32.12-pupr\",\"value\":100.0},"
                      "{\"position\":2,\"agency_id\":\"kab-32.12-dinkes\",\"value\":33.3},"
                      "{\"position\":3,\"agency_id\":\"kab-32.12-dlh\",\"value\":0.0}]"),
            std::string::npos)
      << body;
  // Rolled up: the Indramayu government's row covers its three dinas.
  EXPECT_NE(body.find("{\"agency_id\":\"kab-32.12\",\"name\":\"Pemerintah Kabupaten Indramayu\",\"received\":5,"
                      "\"followed_up\":3,\"followed_up_percent\":60.0,\"completed\":2"),
            std::string::npos)
      << body;
  // The trend: twelve months, this one holding all five.
  std::size_t months = 0;
  for (std::size_t at = 0; (at = body.find("{\"month\":", at)) != std::string::npos; ++at) ++months;
  EXPECT_EQ(months, 12u);
  EXPECT_NE(body.find("\"received\":5,\"followed_up\":3"), body.rfind("\"received\":5,\"followed_up\":3"))
      << "the month appears in the trend besides the total";
}

TEST_F(ApiStats, PublicCsvIsTheSameFigures) {
  const std::string expected =
      "period,agency_id,agency_name,received,followed_up,followed_up_percent,completed,completed_percent,resolved,"
      "avg_working_days_to_follow_up,avg_calendar_days_to_completion,overdue,rank_by_speed,rank_by_completion\r\n" +
      year_ + ",*,Semua instansi,5,3,60.0,2,40.0,3,0.0,0.0,0,,\r\n" + year_ +
      ",kab-32.12-dinkes,Dinas Kesehatan Kabupaten Indramayu,3,2,66.7,1,33.3,1,0.0,0.0,0,2,2\r\n" + year_ +
      ",kab-32.12-dlh,Dinas Lingkungan Hidup Kabupaten Indramayu,1,0,0.0,0,0.0,1,,,0,,3\r\n" + year_ +
      ",kab-32.12-pupr,Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Indramayu,1,1,100.0,1,100.0,1,0.0,0.0,0,1,1\r\n";
  auto csv = get_as(server_, "", "/api/v1/stats.csv?year=" + year_);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body, expected);
  EXPECT_EQ(get_as(server_, "", "/api/v1/stats?format=csv&year=" + year_)->body, expected);
  EXPECT_EQ(get_as(server_, "", "/api/v1/stats?year=1999")->status, 400);
}

TEST_F(ApiStats, ConfidentialReportsAreCountedButNeverDescribedInPublic) {
  const domain::Report& secret = reports_[2];
  for (const std::string& path : {"/api/v1/stats?year=" + year_, "/api/v1/stats.csv?year=" + year_}) {
    auto answer = get_as(server_, "", path);
    ASSERT_TRUE(answer);
    EXPECT_FALSE(contains(answer, secret.tracking_code)) << path;
    EXPECT_FALSE(contains(answer, secret.title)) << path;
    EXPECT_FALSE(contains(answer, secret.id.to_string())) << path;
    for (const auto& report : reports_) {
      EXPECT_FALSE(contains(answer, report.contact->phone)) << path;
      EXPECT_FALSE(contains(answer, report.contact->name)) << path;
    }
  }
  EXPECT_EQ(get_as(server_, "", "/api/v1/track/" + secret.tracking_code)->status, 404);
  auto with_receipt = server_.client().Get("/api/v1/track/" + secret.tracking_code,
                                           {{"X-Aduan-Receipt", secret.receipt_secret}});
  EXPECT_EQ(with_receipt->status, 200);
}

TEST_F(ApiStats, ReportsAreCountedByChannelInEveryScope) {
  auto before = get_as(server_, "", "/api/v1/stats?year=" + year_);
  ASSERT_TRUE(before);
  EXPECT_TRUE(contains(before, "\"received_by_channel\":{\"assisted\":0,\"kiosk\":0,\"open311\":0,\"sms\":0,"
                               "\"web\":5}"))
      << before->body;
  // Two reports a village official entered for citizens, through the device bound to them.
  const auto official = officer_session(server_, "kades.sukamaju", "village_official", "", "32.12");
  TestDevice phone(server_);
  ASSERT_TRUE(phone.register_device());
  ASSERT_EQ(bind_official_device(server_, phone, official)->status, 201);
  std::vector<domain::Report> assisted;
  for (int i = 0; i < 2; ++i) {
    assisted.push_back(report_at(450 + i, "32.12", "kab-32.12-dinkes"));
    assisted.back().channel = domain::Channel::assisted;
    assisted.back().on_behalf = domain::OnBehalf{"", "", {false, domain::ConsentMethod::spoken, ""}};
  }
  auto pushed = phone.push(assisted);
  ASSERT_TRUE(pushed);
  for (const auto& verdict : pushed->verdicts) ASSERT_EQ(verdict.kind, wire::VerdictKind::stored);
  // Every case (a national admin), a regional scope (counted from the rows), one agency (kept
  // totals); the public figures are the national admin's, at most a few seconds later.
  const std::string regional = officer_session(server_, "admin.jabar", "regional_admin", "", "32");
  for (const auto& [session, web] : {std::pair<std::string, int>{national_, 5}, {regional, 5}, {dinkes_, 3}}) {
    auto stats = get_as(server_, session, "/api/v1/officer/stats?year=" + year_);
    ASSERT_TRUE(stats);
    EXPECT_TRUE(contains(stats, "\"received_by_channel\":{\"assisted\":2,\"kiosk\":0,\"open311\":0,\"sms\":0,"
                                "\"web\":" + std::to_string(web) + "}"))
        << stats->body;
  }
  auto pupr = get_as(server_, pupr_, "/api/v1/officer/stats?year=" + year_);
  EXPECT_TRUE(contains(pupr, "\"assisted\":0,"));
}

// One report by each other channel, through the route that channel uses: a kiosk bound by an
// agency admin, an SMS from the gateway, an Open311 request with a key; and one from the web.
// Each is counted in its own channel and nowhere else.
TEST(ApiStatsChannels, KioskSmsAndOpen311ReportsAreEachCountedInTheirChannel) {
  FakeSmsGateway gateway;
  ServerProcess server(
      server_args({"--scheduler-interval", "0", "--sms-inbound-token", kSmsToken,
                   "--sms-gateway-url", gateway.send_url(), "--sms-region", "32.12"}));
  ASSERT_TRUE(server.started()) << server.output();
  const auto national = officer_session(server, "nasional", "national_admin", "", "");
  const auto admin = add_officer(server, "admin.dinkes", "agency_admin", "kab-32.12-dinkes");

  TestDevice phone(server), kiosk(server);
  ASSERT_TRUE(phone.register_device() && kiosk.register_device());
  ASSERT_EQ(bind_kiosk(server, kiosk, admin, "MPP Indramayu")->status, 201);
  for (auto* device : {&phone, &kiosk}) {
    auto pushed =
        device->push({report_at(device == &phone ? 461 : 462, "32.12", "kab-32.12-dinkes")});
    ASSERT_TRUE(pushed);
    ASSERT_EQ(pushed->verdicts.at(0).kind, wire::VerdictKind::stored);
  }

  auto client = server.client();
  auto texted = FakeSmsGateway::deliver(client, "m1", "0812-3456-7890",
                                        "LAPOR Jalan desa rusak parah dekat balai desa #jalan");
  ASSERT_TRUE(texted);
  ASSERT_EQ(texted->status, 200) << texted->body;
  ASSERT_NE(texted->body.find("\"status\":\"report\""), std::string::npos) << texted->body;

  std::string printed;
  const std::string command = server_binary() + " open311-key --name 'Aplikasi Kota' --data-dir " +
                              server.data_dir() + " 2>/dev/null";
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) printed += buffer;
    ASSERT_EQ(pclose(pipe), 0) << printed;
  }
  auto key = json::parse(printed);
  ASSERT_TRUE(key.ok()) << printed;
  auto requested = client.Post(
      "/open311/v2/requests.json",
      httplib::detail::params_to_query_str(
          {{"api_key", key.value().string_at("api_key")},
           {"service_code", "infrastruktur"},
           {"description", "Jalan berlubang besar di depan SD Negeri 2, sudah dua minggu."},
           {"address_string", "Jl. Siliwangi 17, Sindang"},
           {"attribute[region_code]", "32.12"}}),
      "application/x-www-form-urlencoded");
  ASSERT_TRUE(requested);
  ASSERT_EQ(requested->status, 201) << requested->body;

  auto stats = get_as(server, national, "/api/v1/officer/stats");
  EXPECT_TRUE(contains(stats,
                       "\"received_by_channel\":{\"assisted\":0,\"kiosk\":1,\"open311\":1,"
                       "\"sms\":1,\"web\":1}"))
      << (stats ? stats->body : "");
}

TEST_F(ApiStats, OfficersSeeTheFiguresOfTheirScopeOnly) {
  auto mine = get_as(server_, dinkes_, "/api/v1/officer/stats?year=" + year_);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_TRUE(contains(mine, "\"total\":{\"received\":3,\"followed_up\":2"));
  EXPECT_FALSE(contains(mine, "kab-32.12-pupr"));
  auto everything = get_as(server_, national_, "/api/v1/officer/stats?year=" + year_);
  EXPECT_TRUE(contains(everything, "\"total\":{\"received\":5,"));
  EXPECT_EQ(get_as(server_, "", "/api/v1/officer/stats")->status, 401);
}

}  // namespace
}  // namespace aduan::testing
