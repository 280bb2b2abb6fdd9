// tests/server/workflow_client.h: officers, reporters and the JSON console of a real server,
// for the tests of agencies at work (authorization, visibility, audit, scheduler, statistics).
//
// Builds on api_client.h: officer accounts are made with `aduan-server officer-add` (with a
// region for regional admins), reports are placed where a test needs them (region, agency,
// privacy), and every call returns the raw httplib result so a test asserts exact statuses.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/json/json_reader.h"
#include "tests/server/api_client.h"

namespace aduan::testing {

inline constexpr const char* kWireType = "application/vnd.aduan.wire";

inline std::string officer_session(const ServerProcess& server, const std::string& username,
                                   const std::string& role, const std::string& agency,
                                   const std::string& region) {
  std::string command = std::string("ADUAN_OFFICER_PASSWORD='kata-sandi-panjang' ") + server_binary() +
                        " officer-add --username " + username + " --role " + role +
                        (agency.empty() ? "" : " --agency " + agency) +
                        (region.empty() ? "" : " --region " + region) + " --data-dir " + server.data_dir() +
                        " > /dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  auto client = server.client();
  auto answer = wire_answer<wire::OfficerLoginResponse>(client.Post(
      "/api/v1/officer/login", wire_body(wire::OfficerLoginRequest{username, "kata-sandi-panjang"}), kWireType));
  EXPECT_TRUE(answer.has_value()) << username;
  return answer ? answer->session_token : "";
}

struct Act {
  std::string action;
  std::string note{};
  std::string target{};
  std::string expected_status{};
  std::string action_id{};
  int rating = 0;
};

// The server logs a line per request to a pipe the test must keep draining, or the server
// blocks on a full pipe after a few hundred requests.
inline void drain(const ServerProcess& server) { (void)server.output(); }

inline httplib::Result act(const ServerProcess& server, const std::string& session, const domain::ReportId& id,
                           const Act& a) {
  drain(server);
  httplib::Headers headers = {{"X-Aduan-Session", session}};
  if (!a.action_id.empty()) headers.emplace("X-Aduan-Action-Id", a.action_id);
  auto client = server.client();
  return client.Post("/api/v1/officer/actions", headers,
                     wire_body(wire::OfficerActionRequest{id, a.action, a.note, a.target, a.rating, a.expected_status}),
                     kWireType);
}

// The citizen's action, proven by the receipt secret.
inline httplib::Result reporter_act(const ServerProcess& server, const domain::Report& report, const Act& a) {
  drain(server);
  httplib::Headers headers = {{"X-Aduan-Receipt", report.receipt_secret}};
  if (!a.action_id.empty()) headers.emplace("X-Aduan-Action-Id", a.action_id);
  auto client = server.client();
  return client.Post("/api/v1/reporter/actions", headers,
                     wire_body(wire::OfficerActionRequest{report.id, a.action, a.note, "", a.rating, a.expected_status}),
                     kWireType);
}

inline httplib::Result get_as(const ServerProcess& server, const std::string& session, const std::string& path) {
  drain(server);
  auto client = server.client();
  if (session.empty()) return client.Get(path);
  return client.Get(path, {{"X-Aduan-Session", session}});
}

// Binds `device` to the signed-in village official (their session and the device's credentials
// at once), as the official's page does.
inline httplib::Result bind_official_device(const ServerProcess& server, const TestDevice& device,
                                            const std::string& official_session) {
  httplib::Headers headers = device.headers();
  headers.emplace("X-Aduan-Session", official_session);
  return server.client().Post("/api/v1/officer/official-devices", headers, "",
                              "application/x-www-form-urlencoded");
}

// Makes `device` a kiosk of the signed-in agency admin's agency, in `office`.
inline httplib::Result bind_kiosk(const ServerProcess& server, const TestDevice& device,
                                  const std::string& admin_session, const std::string& office) {
  httplib::Headers headers = device.headers();
  headers.emplace("X-Aduan-Session", admin_session);
  return server.client().Post("/api/v1/officer/kiosks", headers,
                              "office=" + httplib::detail::encode_query_param(office),
                              "application/x-www-form-urlencoded");
}

// A valid report located in `region`, addressed by the citizen to `agency`.
inline domain::Report report_at(std::uint64_t seed, const std::string& region, const std::string& agency,
                                bool anonymous = false, bool confidential = false) {
  domain::Report report = valid_report(seed);
  report.location.region_code = region;
  report.agency_id = agency;
  report.anonymous = anonymous;
  report.confidential = confidential;
  report.contact = domain::ReporterContact{"Siti Rahmawati", "081234567890", "siti@example.id"};
  return report;
}

// The officer detail (JSON) of the report a tracking code names, found through the queue;
// `report_id` (may be null) gets its id. An empty Value, with a failure, when it is not there.
inline json::Value officer_detail_of(const ServerProcess& server, const std::string& session,
                                     const std::string& code, std::string* report_id = nullptr) {
  auto queue = get_as(server, session, "/api/v1/officer/queue?limit=100");
  auto parsed = json::parse(queue ? queue->body : "");
  EXPECT_TRUE(parsed.ok()) << (queue ? queue->body : "no answer");
  if (!parsed || !parsed.value().get("items")) return {};
  for (const auto& item : parsed.value().get("items")->items) {
    if (item.string_at("tracking_code") != code) continue;
    if (report_id) *report_id = item.string_at("report_id");
    auto detail = get_as(server, session, "/api/v1/officer/reports/" + item.string_at("report_id"));
    auto read = json::parse(detail ? detail->body : "");
    return read ? read.value() : json::Value{};
  }
  ADD_FAILURE() << code << " is not in the queue";
  return {};
}

// Runs `aduan-server run-scheduler --at <at>` on the server's database, as an operator would
// beside it; returns what it printed (its JSON summary line), and fails the test on an error.
inline std::string run_scheduler_at(const ServerProcess& server, const std::string& at) {
  drain(server);
  const std::string command = server_binary() + " run-scheduler --at " + at + " --catalog-dir " +
                              catalog_dir() + " --data-dir " + server.data_dir() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  char buffer[512];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  EXPECT_EQ(pipe ? pclose(pipe) : -1, 0) << out;
  return out;
}

inline bool contains(const httplib::Result& result, const std::string& text) {
  return result && result->body.find(text) != std::string::npos;
}

// A server (no background scheduler) with a registered device, a national admin and a liaison
// officer of Dinas Kesehatan Indramayu, both logged in: the cast of the security tests.
class DeviceAndTwoOfficers : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    ASSERT_TRUE(device_.register_device());
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    liaison_ = officer_session(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  TestDevice device_{server_};
  std::string national_, liaison_;
};

}  // namespace aduan::testing
