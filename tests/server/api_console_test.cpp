// The console over real HTTP: an anonymous reporter never appears in an officer's answer, an
// action id applies once, the second of two officers gets 409 with the current state, every
// action leaves an audit row, the reporter's own endpoint, admins editing agencies, and the
// timeline naming the officers who acted.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "core/json/json_reader.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

class ApiConsole : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    regional_ = officer_session(server_, "jabar", "regional_admin", "", "32");
    liaison_ = officer_session(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
  }

  domain::Report pushed(std::uint64_t seed, bool anonymous = false) {
    domain::Report report = report_at(seed, "32.12", "kab-32.12-dinkes", anonymous);
    EXPECT_TRUE(device_.push({report}));
    return report;
  }

  void route_to_dinkes(const domain::Report& report) {
    ASSERT_EQ(act(server_, national_, report.id, {"verify"})->status, 200);
    ASSERT_EQ(act(server_, national_, report.id, {"disposition", "", "kab-32.12-pupr"})->status, 200);
    ASSERT_EQ(act(server_, national_, report.id, {"redisposition", "", "kab-32.12-dinkes"})->status, 200);
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  TestDevice device_{server_};
  std::string national_, regional_, liaison_;
};

TEST_F(ApiConsole, AnAnonymousReportersIdentityIsInNoOfficerAnswer) {
  const auto anonymous = pushed(71, true);
  const auto named = pushed(72, false);
  route_to_dinkes(anonymous);
  route_to_dinkes(named);
  ASSERT_EQ(act(server_, liaison_, anonymous.id, {"follow_up", "Kami tinjau."})->status, 200);
  const auto agency_admin = officer_session(server_, "admin.indramayu", "agency_admin", "kab-32.12", "");
  for (const auto& session : {national_, regional_, liaison_, agency_admin}) {
    auto detail = get_as(server_, session, "/api/v1/officer/reports/" + anonymous.id.to_string());
    ASSERT_TRUE(detail);
    ASSERT_EQ(detail->status, 200) << detail->body;
    EXPECT_TRUE(contains(detail, "\"reporter\":null"));
    auto queue = get_as(server_, session, "/api/v1/officer/queue");
    auto audit = get_as(server_, session, "/api/v1/officer/audit");
    auto list = server_.client().Post("/api/v1/officer/reports", {{"X-Aduan-Session", session}},
                                      wire_body(wire::OfficerReportsRequest{}), kWireType);
    // The detail of the anonymous report, the queue and the audit log never carry a contact.
    for (const auto* answer : {&detail, &queue, &audit}) {
      ASSERT_TRUE(*answer);
      EXPECT_FALSE(contains(*answer, "081234567890"));
      EXPECT_FALSE(contains(*answer, "Siti Rahmawati"));
      EXPECT_FALSE(contains(*answer, "siti@example.id"));
    }
    auto rows = wire_answer<wire::OfficerReportsResponse>(list);
    ASSERT_TRUE(rows);
    for (const auto& row : rows->reports) {
      if (row.report.id == anonymous.id) {
        EXPECT_FALSE(row.report.contact.has_value());
      }
    }
  }
  // The check can fail: a named reporter's contact does reach the agency.
  auto named_detail = get_as(server_, liaison_, "/api/v1/officer/reports/" + named.id.to_string());
  EXPECT_TRUE(contains(named_detail, "081234567890"));
}

TEST_F(ApiConsole, AnActionIdAppliesOnceHoweverOftenItIsRetried) {
  const auto report = pushed(81);
  route_to_dinkes(report);
  Act follow{"follow_up", "Kami tinjau besok.", "", "", "console-7f3a-0001"};
  auto first = act(server_, liaison_, report.id, follow);
  auto retry = act(server_, liaison_, report.id, follow);
  ASSERT_TRUE(first && retry);
  ASSERT_EQ(first->status, 200) << first->body;
  ASSERT_EQ(retry->status, 200) << retry->body;
  EXPECT_EQ(retry->get_header_value("X-Aduan-Replayed"), "1");
  auto a = wire_answer<wire::OfficerActionResponse>(first);
  auto b = wire_answer<wire::OfficerActionResponse>(retry);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->seq, b->seq);
  EXPECT_EQ(b->status, "in_progress");
  auto detail = get_as(server_, liaison_, "/api/v1/officer/reports/" + report.id.to_string());
  std::size_t follow_ups = 0;
  for (std::size_t at = 0; (at = detail->body.find("\"action\":\"follow_up\"", at)) != std::string::npos; ++at)
    ++follow_ups;
  EXPECT_EQ(follow_ups, 1u) << detail->body;
  // The same id for another report is a client bug, refused rather than replayed.
  const auto other = pushed(82);
  auto reused = act(server_, liaison_, other.id, follow);
  ASSERT_TRUE(reused);
  EXPECT_NE(reused->status, 200);
}

TEST_F(ApiConsole, OfTwoOfficersTheFirstWinsAndTheSecondGetsTheCurrentState) {
  const auto report = pushed(91);
  auto first = act(server_, national_, report.id, {"verify", "", "", "received"});
  auto second = act(server_, regional_, report.id, {"hold", "menunggu data", "", "received"});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 409);
  EXPECT_TRUE(contains(second, "\"code\":\"officer.stale\""));
  EXPECT_TRUE(contains(second, "\"current\":{\"status\":\"verified\""));
  EXPECT_TRUE(contains(second, "\"last_action\":\"verify\""));
  EXPECT_TRUE(contains(second, "\"last_actor_role\":\"national_admin\""));

  // At the same moment: exactly one of the two wins, whatever the order.
  const auto raced = pushed(92);
  std::atomic<int> wins = 0, stale = 0;
  std::thread one([&] {
    auto r = act(server_, national_, raced.id, {"verify", "", "", "received"});
    if (r && r->status == 200) ++wins;
    if (r && r->status == 409) ++stale;
  });
  std::thread two([&] {
    auto r = act(server_, regional_, raced.id, {"reject", "bukan pelayanan publik", "", "received"});
    if (r && r->status == 200) ++wins;
    if (r && r->status == 409) ++stale;
  });
  one.join();
  two.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(stale.load(), 1);
}

TEST_F(ApiConsole, TheTimelineNamesTheOfficersWhoActedAndNoOneElse) {
  const auto report = pushed(93);
  route_to_dinkes(report);
  auto detail = get_as(server_, liaison_, "/api/v1/officer/reports/" + report.id.to_string());
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->status, 200);
  auto parsed = json::parse(detail->body);
  ASSERT_TRUE(parsed);
  const json::Value* timeline = parsed.value().get("timeline");
  ASSERT_NE(timeline, nullptr);
  ASSERT_EQ(timeline->items.size(), 4U);  // received, verify, disposition, redisposition
  // The report's arrival is no officer's; each action names the one who took it.
  EXPECT_EQ(timeline->items[0].string_at("actor_name"), "");
  for (std::size_t i = 1; i < timeline->items.size(); ++i) {
    EXPECT_EQ(timeline->items[i].string_at("actor_name"), "nasional") << i;
    EXPECT_NE(timeline->items[i].string_at("actor"), "nasional") << "the id stays an id";
  }
}

TEST_F(ApiConsole, EveryActionLeavesOneAuditRowReadableByAdminsInScope) {
  const auto report = pushed(101);
  route_to_dinkes(report);  // verify, disposition, redisposition
  ASSERT_EQ(act(server_, liaison_, report.id, {"follow_up", "Kami tinjau."})->status, 200);
  ASSERT_EQ(act(server_, liaison_, report.id, {"respond", "Sudah diperbaiki."})->status, 200);
  ASSERT_EQ(reporter_act(server_, report, {"complete"})->status, 200);
  ASSERT_EQ(reporter_act(server_, report, {"rate", "Cepat, terima kasih.", "", "", "", 5})->status, 200);
  ASSERT_EQ(act(server_, national_, report.id, {"archive"})->status, 200);
  auto audit = get_as(server_, national_, "/api/v1/officer/audit?report=" + report.id.to_string());
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->status, 200) << audit->body;
  const char* expected[][3] = {
      {"verify", "received", "verified"},          {"disposition", "verified", "dispositioned"},
      {"redisposition", "dispositioned", "dispositioned"}, {"follow_up", "dispositioned", "in_progress"},
      {"respond", "in_progress", "responded"},     {"complete", "responded", "completed"},
      {"rate", "completed", "completed"},          {"archive", "completed", "archived"}};
  for (const auto& row : expected) {
    EXPECT_TRUE(contains(audit, std::string("\"action\":\"") + row[0] + "\"")) << row[0];
    EXPECT_TRUE(contains(audit, std::string("\"action\":\"") + row[0] + "\",\"report_id\":\"" +
                                    report.id.to_string() + "\",\"subject\":\"\",\"status_before\":\"" + row[1] +
                                    "\",\"status_after\":\"" + row[2] + "\""))
        << row[0] << "\n" << audit->body;
  }
  std::size_t rows = 0;
  for (std::size_t at = 0; (at = audit->body.find("\"seq\":", at)) != std::string::npos; ++at) ++rows;
  EXPECT_EQ(rows, std::size(expected));
  EXPECT_TRUE(contains(audit, "\"actor_role\":\"reporter\""));
  EXPECT_TRUE(contains(audit, "\"note\":\"Cepat, terima kasih.\""));

  EXPECT_EQ(get_as(server_, regional_, "/api/v1/officer/audit?report=" + report.id.to_string())->body, audit->body)
      << "the regional admin of 32 sees the whole history of a case in 32.12";
  EXPECT_EQ(get_as(server_, liaison_, "/api/v1/officer/audit")->status, 403);
  const auto landak = officer_session(server_, "admin.landak", "agency_admin", "kab-61.08", "");
  auto elsewhere = get_as(server_, landak, "/api/v1/officer/audit?report=" + report.id.to_string());
  ASSERT_EQ(elsewhere->status, 200);
  EXPECT_FALSE(contains(elsewhere, "\"seq\":"));
}

TEST_F(ApiConsole, TheReporterActsWithTheSendingDeviceOrTheReceiptOnly) {
  const auto report = pushed(111);
  route_to_dinkes(report);
  ASSERT_EQ(act(server_, liaison_, report.id, {"follow_up", "Kami tinjau."})->status, 200);
  ASSERT_EQ(act(server_, liaison_, report.id, {"respond", "Sudah diperbaiki."})->status, 200);
  domain::Report stranger = report;
  stranger.receipt_secret = std::string(report.receipt_secret.size(), '0');
  auto wrong = reporter_act(server_, stranger, {"reporter_reply", "Belum beres."});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 404);
  TestDevice other(server_);
  ASSERT_TRUE(other.register_device());
  auto body = wire_body(wire::OfficerActionRequest{report.id, "reporter_reply", "Belum beres.", "", 0, ""});
  EXPECT_EQ(other.post("/api/v1/reporter/actions", body)->status, 404);
  auto mine = device_.post("/api/v1/reporter/actions", body);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(wire_answer<wire::OfficerActionResponse>(mine)->status, "in_progress");
  EXPECT_EQ(reporter_act(server_, report, {"rate", "", "", "", "", 4})->status, 409) << "not completed yet";
}

TEST_F(ApiConsole, AdminsCreateRenameAndMoveAgenciesWithinTheirScope) {
  auto client = server_.client();
  auto post = [&](const std::string& session, const std::string& path, const httplib::Params& form) {
    drain(server_);
    return client.Post(path, {{"X-Aduan-Session", session}}, form);
  };
  auto created = post(national_, "/api/v1/officer/agencies",
                      {{"id", "kab-32.12-bappeda"}, {"name", "Bappeda Kabupaten Indramayu"},
                       {"parent_id", "kab-32.12"}, {"kind", "unit"}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_TRUE(contains(created, "\"region_code\":\"32.12\""));
  EXPECT_EQ(post(national_, "/api/v1/officer/agencies",
                 {{"id", "kab-32.12-bappeda"}, {"name", "Lagi"}, {"parent_id", "kab-32.12"}, {"kind", "unit"}})
                ->status,
            409);
  EXPECT_EQ(post(national_, "/api/v1/officer/agencies", {{"id", "x"}, {"name", "X"}, {"kind", "province"}})->status,
            400);
  auto renamed = post(regional_, "/api/v1/officer/agencies/kab-32.12-bappeda",
                      {{"name", "Badan Perencanaan Pembangunan Daerah Kabupaten Indramayu"}});
  ASSERT_EQ(renamed->status, 200) << renamed->body;
  const auto kalbar = officer_session(server_, "kalbar", "regional_admin", "", "61");
  EXPECT_EQ(post(kalbar, "/api/v1/officer/agencies/kab-32.12-bappeda", {{"name", "Bukan wilayahnya"}})->status, 403);
  EXPECT_EQ(post(regional_, "/api/v1/officer/agencies/kab-32.12-bappeda", {{"parent_id", "kemenkes"}})->status, 403);
  EXPECT_EQ(post(regional_, "/api/v1/officer/agencies/kab-32.12-bappeda", {{"parent_id", "prov-32"}})->status, 200);
  EXPECT_EQ(post(liaison_, "/api/v1/officer/agencies/kab-32.12-bappeda", {{"name", "Petugas"}})->status, 403);
  EXPECT_EQ(post(national_, "/api/v1/officer/agencies/kab-32.12", {{"parent_id", "kab-32.12-dinkes"}})->status, 409);
  auto list = get_as(server_, liaison_, "/api/v1/officer/agencies");
  EXPECT_TRUE(contains(list, "\"id\":\"kab-32.12-bappeda\",\"name\":\"Badan Perencanaan Pembangunan Daerah "
                             "Kabupaten Indramayu\",\"parent_id\":\"prov-32\""));
  // A new agency is a routing target at once, and its edits are in the audit log.
  const auto report = pushed(121);
  ASSERT_EQ(act(server_, national_, report.id, {"verify"})->status, 200);
  auto routed = act(server_, national_, report.id, {"disposition", "", "kab-32.12-bappeda"});
  EXPECT_EQ(routed->status, 200) << routed->body;
  auto audit = get_as(server_, national_, "/api/v1/officer/audit");
  EXPECT_TRUE(contains(audit, "\"action\":\"agency.create\""));
  EXPECT_TRUE(contains(audit, "\"action\":\"agency.rename\""));
  EXPECT_TRUE(contains(audit, "\"action\":\"agency.move\""));
}

// No row cap anywhere: every case of a scope is reachable page by page, in one stable order,
// with a total, for the JSON queue and the wire list alike, and for staff of an agency (whose
// scope the case index filters) as for a national admin.
TEST_F(ApiConsole, EveryCaseOfAScopeIsReachablePageByPage) {
  std::vector<domain::Report> reports;
  for (int i = 0; i < 130; ++i) reports.push_back(report_at(2000 + i, "32.12", i % 3 ? "kab-32.12-dinkes" : "kab-32.12-pupr"));
  ASSERT_TRUE(device_.push(reports));
  // A few running clocks of their own kinds among them, so the order is not only by receipt.
  for (int i : {4, 7}) route_to_dinkes(reports[static_cast<std::size_t>(i)]);
  ASSERT_EQ(act(server_, liaison_, reports[7].id, {"follow_up", "Kami tinjau."})->status, 200);
  std::size_t dinkes = 0;
  for (int i = 0; i < 130; ++i) dinkes += (i % 3 != 0 || i == 7 || i == 4) ? 1 : 0;
  for (const std::string& session : {liaison_, national_}) {
    const bool national = session == national_;
    std::vector<std::string> seen;
    std::string previous_total;
    for (int offset = 0; offset < 200; offset += 40) {
      auto page = get_as(server_, session, "/api/v1/officer/queue?limit=40&offset=" + std::to_string(offset));
      ASSERT_TRUE(page);
      ASSERT_EQ(page->status, 200) << page->body;
      const std::string total = page->body.substr(page->body.find("\"total\":") + 8, 3);
      EXPECT_EQ(std::stoul(total), national ? 130u : dinkes);
      for (std::size_t at = 0; (at = page->body.find("\"report_id\":\"", at)) != std::string::npos; at += 14)
        seen.push_back(page->body.substr(at + 13, 32));
    }
    std::vector<std::string> sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "no case on two pages";
    EXPECT_EQ(seen.size(), national ? 130u : dinkes);
    // The two routed cases have running clocks (verify is done, follow-up or none), the rest are
    // received and wait to be verified: running first, all due the same day, oldest first.
    auto whole = get_as(server_, session, "/api/v1/officer/queue?limit=500");
    std::vector<std::string> in_one;
    for (std::size_t at = 0; (at = whole->body.find("\"report_id\":\"", at)) != std::string::npos; at += 14)
      in_one.push_back(whole->body.substr(at + 13, 32));
    EXPECT_EQ(in_one, seen) << "pages follow the one order";

    std::vector<std::string> listed;
    for (std::uint32_t offset = 0; offset < 200; offset += 40) {
      auto rows = wire_answer<wire::OfficerReportsResponse>(
          server_.client().Post("/api/v1/officer/reports", {{"X-Aduan-Session", session}},
                                wire_body(wire::OfficerReportsRequest{"", 40, offset}), kWireType));
      ASSERT_TRUE(rows);
      for (const auto& row : rows->reports) listed.push_back(row.report.id.to_string());
    }
    EXPECT_EQ(listed.size(), national ? 130u : dinkes) << "newest first, every one";
    sorted = listed;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
  }
}

}  // namespace
}  // namespace aduan::testing
