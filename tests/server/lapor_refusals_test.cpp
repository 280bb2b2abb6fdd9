// Tests of what the plain form (/lapor) and the Open311 routes answer when a request is refused
// before any route runs (shell/server/http_app.cpp): a form too large for the server or over
// the per-address limit gets a page in the form's language with a link back, not the API's
// JSON; Open311's clients get the specification's errors (JSON, or XML for a .xml path). And
// the form's one documented conflict: a token whose first half is another report's id is 409,
// with nothing stored.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "core/store/server_store.h"
#include "shell/server/lapor_page.h"
#include "tests/server/api_client.h"
#include "tests/server/lapor_client.h"

namespace aduan::testing {
namespace {

// Sends a request's head alone (a body announced, none sent: the server answers on the head)
// and returns everything the server wrote until it closed the connection, or after 10 s.
std::string answer_to_head(int port, const std::string& head) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size())) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    char buffer[4096];
    pollfd poll_fd{fd, POLLIN, 0};
    while (std::chrono::steady_clock::now() < deadline && ::poll(&poll_fd, 1, 200) >= 0) {
      if (!(poll_fd.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(got));
    }
  }
  ::close(fd);
  return answer;
}

std::string post_head(const std::string& path, std::size_t length, const std::string& type) {
  return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}

constexpr const char* kMultipart = "multipart/form-data; boundary=x";

TEST(LaporRefusals, AFormTooLargeGetsAPageInItsLanguageAndTheFormTakesTheProxysFiveMiB) {
  ServerProcess server(server_args());
  ASSERT_TRUE(server.started());
  // Over the form's cap: the page, in the language of the form's action, with a link back.
  const std::string english = answer_to_head(
      server.port(), post_head("/lapor?lang=en", server::kFormMinBodyCap + 1, kMultipart));
  EXPECT_EQ(english.rfind("HTTP/1.1 413", 0), 0u) << english;
  EXPECT_NE(english.find("Content-Type: text/html"), std::string::npos) << english;
  EXPECT_NE(english.find("The photos are too large to send together (at most 5 MB)"),
            std::string::npos);
  EXPECT_NE(english.find("<a href=\"/lapor?lang=en\">"), std::string::npos);
  EXPECT_EQ(english.find("\"error\""), std::string::npos) << "not the API's JSON";
  const std::string indonesian =
      answer_to_head(server.port(), post_head("/lapor", server::kFormMinBodyCap + 1, kMultipart));
  EXPECT_NE(indonesian.find("Foto terlalu besar untuk dikirim bersama"), std::string::npos)
      << indonesian;
  // Between --max-body-bytes (4 MiB) and 5 MiB: the form reads it (and finds it no form), any
  // other path refuses it on its head.
  const std::size_t between = 4 * 1024 * 1024 + 1;
  httplib::Client client = server.client();
  auto fields = lapor::valid_fields(lapor::fresh_token(client));
  fields.push_back({"photo", std::string(between, 'a'), "big.jpg", "image/jpeg"});
  auto read = client.Post("/lapor?lang=en", fields);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 422) << "read and checked, not refused for its size";
  EXPECT_NE(read->body.find("<div class=e id=e-photo>This file is not a photo"), std::string::npos);
  const std::string api =
      answer_to_head(server.port(), post_head("/api/v1/reports:push", between, "text/plain"));
  EXPECT_EQ(api.rfind("HTTP/1.1 413", 0), 0u) << api;
  EXPECT_NE(api.find("\"request.too_large\""), std::string::npos);
}

TEST(LaporRefusals, Open311ClientsGetTheSpecificationsErrorsWhenRefusedBeforeTheRoute) {
  ServerProcess server(server_args({"--address-rate", "0.5"}));  // burst: 3 requests
  ASSERT_TRUE(server.started());
  const std::string json = answer_to_head(
      server.port(), post_head("/open311/v2/requests.json", 8 * 1024 * 1024, "text/plain"));
  EXPECT_EQ(json.rfind("HTTP/1.1 413", 0), 0u) << json;
  EXPECT_NE(json.find("[{\"code\":413,\"description\":\""), std::string::npos) << json;
  const std::string xml = answer_to_head(
      server.port(), post_head("/open311/v2/requests.xml", 8 * 1024 * 1024, "text/plain"));
  EXPECT_NE(xml.find("<errors><error><code>413</code><description>"), std::string::npos) << xml;
  // The per-address limit (every request above counted): JSON for .json, XML for .xml.
  httplib::Client client = server.client();
  int status = 0;
  std::string body, retry_after;
  for (int i = 0; i < 6 && status != 429; ++i) {
    auto answer = client.Get("/open311/v2/services.xml");
    ASSERT_TRUE(answer);
    status = answer->status;
    body = answer->body;
    retry_after = answer->get_header_value("Retry-After");
  }
  ASSERT_EQ(status, 429);
  EXPECT_NE(body.find("<errors><error><code>429</code>"), std::string::npos) << body;
  EXPECT_FALSE(retry_after.empty());
  auto as_json = client.Get("/open311/v2/services.json");
  ASSERT_TRUE(as_json);
  EXPECT_EQ(as_json->status, 429);
  EXPECT_EQ(as_json->body.rfind("[{\"code\":429,\"description\":", 0), 0u) << as_json->body;
  // And the form, over the same limit: its page, not JSON.
  auto form = client.Get("/lapor?lang=en");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 429);
  EXPECT_NE(form->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(form->body.find("Too many reports from your network"), std::string::npos) << form->body;
  EXPECT_FALSE(form->get_header_value("Retry-After").empty());
}

TEST(LaporRefusals, ATokenWhoseFirstHalfIsAnotherReportsIdIs409AndStoresNothing) {
  ServerProcess server(server_args());
  ASSERT_TRUE(server.started());
  TestDevice device(server);
  ASSERT_TRUE(device.register_device());
  const domain::Report pushed = valid_report(19);
  auto pushed_answer = device.push({pushed});
  ASSERT_TRUE(pushed_answer);
  httplib::Client client = server.client();
  const std::string token = lapor::fresh_token(client);
  ASSERT_EQ(token.size(), 64u);
  // The form's id is its token's first half: here the device's report's id.
  const std::string forged = pushed.id.to_string() + token.substr(32);
  auto answer = client.Post("/lapor", lapor::valid_fields(forged));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 409) << answer->body;
  EXPECT_NE(answer->body.find("This form was incomplete"), std::string::npos);
  EXPECT_TRUE(lapor::code_on(answer->body).empty()) << "no receipt, above all not the other's";
  EXPECT_EQ(answer->body.find(pushed.tracking_code), std::string::npos);
  auto db = open_server_database(server.data_dir());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db.value().count_reports().value(), 1) << "the device's report, and no other";
  auto kept = db.value().report(pushed.id);
  ASSERT_TRUE(kept.ok() && kept.value());
  EXPECT_EQ(kept.value()->device_id, device.device_id);
  EXPECT_EQ(kept.value()->report.title, pushed.title) << "the device's report unchanged";
}

}  // namespace
}  // namespace aduan::testing
