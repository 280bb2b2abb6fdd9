// tests/server/api_client.h: a test device that speaks the wire format to a real server, one
// request at a time, so tests can check each verdict and status code exactly.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/domain/catalog.h"
#include "core/domain/report.h"
#include "core/wire/messages.h"
#include "core/wire/officer_messages.h"
#include "shell/cli/report_generator.h"
#include "tests/server/server_process.h"

namespace aduan::testing {

inline std::string catalog_dir() { return std::string(ADUAN_SOURCE_DIR) + "/assets/catalog"; }

inline std::vector<std::string> server_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--catalog-dir", catalog_dir()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

inline const domain::Catalog& test_catalog() {
  static const domain::Catalog catalog = cli::load_catalog_dir(catalog_dir()).value();
  return catalog;
}

inline domain::Report valid_report(std::uint64_t seed = 1) {
  std::mt19937_64 random(seed);
  return cli::generate_report(test_catalog(), random,
                              std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch()).count());
}

template <class T>
std::string wire_body(const T& message, std::uint16_t version = wire::kProtocolVersion) {
  auto bytes = wire::encode(message, version);
  EXPECT_TRUE(bytes.ok());
  return std::string(bytes.value().begin(), bytes.value().end());
}

template <class T>
std::optional<T> wire_answer(const httplib::Result& result) {
  if (!result || result->status != 200) return std::nullopt;
  const auto* data = reinterpret_cast<const std::uint8_t*>(result->body.data());
  auto decoded = wire::decode<T>({data, result->body.size()});
  if (!decoded) return std::nullopt;
  return decoded.value();
}

class TestDevice {
 public:
  explicit TestDevice(const ServerProcess& server) : client_(server.client()) {}

  bool register_device() {
    auto answer = wire_answer<wire::RegisterDeviceResponse>(
        client_.Post("/api/v1/devices:register", wire_body(wire::RegisterDeviceRequest{}), "application/vnd.aduan.wire"));
    if (!answer) return false;
    device_id = answer->device_id;
    secret = answer->device_secret;
    return true;
  }
  httplib::Headers headers() const { return {{"X-Aduan-Device", device_id}, {"X-Aduan-Secret", secret}}; }

  httplib::Result post(const std::string& path, const std::string& body) {
    return client_.Post(path, headers(), body, "application/vnd.aduan.wire");
  }
  std::optional<wire::PushBatchResponse> push(const std::vector<domain::Report>& reports,
                                              std::uint16_t version = wire::kProtocolVersion) {
    return wire_answer<wire::PushBatchResponse>(
        post("/api/v1/reports:push", wire_body(wire::PushBatchRequest{device_id, reports}, version)));
  }
  std::optional<wire::PullEventsResponse> pull(std::uint64_t cursor) {
    return wire_answer<wire::PullEventsResponse>(
        post("/api/v1/events:pull", wire_body(wire::PullEventsRequest{cursor, 100})));
  }
  httplib::Client& client() { return client_; }

  std::string device_id;
  std::string secret;

 private:
  httplib::Client client_;
};

// An officer account made with `aduan-server officer-add`, logged in.
inline std::string add_officer(const ServerProcess& server, const std::string& username,
                               const std::string& role, const std::string& agency = "") {
  std::string command = std::string("ADUAN_OFFICER_PASSWORD='kata-sandi-panjang' ") + server_binary() +
                        " officer-add --username " + username + " --role " + role +
                        (agency.empty() ? "" : " --agency " + agency) + " --data-dir " + server.data_dir() +
                        " > /dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  auto client = server.client();
  auto answer = wire_answer<wire::OfficerLoginResponse>(client.Post(
      "/api/v1/officer/login", wire_body(wire::OfficerLoginRequest{username, "kata-sandi-panjang"}),
      "application/vnd.aduan.wire"));
  EXPECT_TRUE(answer.has_value());
  return answer ? answer->session_token : "";
}

inline httplib::Result officer_act(const ServerProcess& server, const std::string& session,
                                   const domain::ReportId& id, const std::string& action,
                                   const std::string& note = "", const std::string& target = "",
                                   const std::string& expected_status = "") {
  auto client = server.client();
  return client.Post("/api/v1/officer/actions", {{"X-Aduan-Session", session}},
                     wire_body(wire::OfficerActionRequest{id, action, note, target, 0, expected_status}),
                     "application/vnd.aduan.wire");
}

}  // namespace aduan::testing
