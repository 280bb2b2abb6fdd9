// SIGTERM while a request is in flight: the server stops accepting, finishes the request it is
// reading (the push is stored and acknowledged), and then exits 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

TEST(Shutdown, SigtermFinishesTheRequestInFlightThenExitsCleanly) {
  ServerProcess server(server_args());
  ASSERT_TRUE(server.started()) << server.output();
  TestDevice device(server);
  ASSERT_TRUE(device.register_device());
  auto report = valid_report(77);
  const std::string body = wire_body(wire::PushBatchRequest{device.device_id, {report}});

  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(server.port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string head = "POST /api/v1/reports:push HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Aduan-Device: " +
                           device.device_id + "\r\nX-Aduan-Secret: " + device.secret +
                           "\r\nContent-Type: application/vnd.aduan.wire\r\nConnection: close\r\n"
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  // Half the request, then the signal, then the rest: the request is in flight when SIGTERM lands.
  ASSERT_TRUE(send_all(fd, head + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ::kill(server.pid(), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(send_all(fd, body.substr(body.size() / 2)));

  std::string answer;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) answer.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer.substr(0, 200);
  EXPECT_EQ(server.wait_for_exit(), 0) << server.output();

  ServerProcess restarted(server_args(), server.data_dir());
  ASSERT_TRUE(restarted.started());
  auto tracked = restarted.client().Get("/api/v1/track/" + report.tracking_code);
  ASSERT_TRUE(tracked);
  EXPECT_EQ(tracked->status, 200) << "the push that was in flight was stored";
  // A new connection to the stopping server would have been refused: nothing half-done remains.
}

}  // namespace
}  // namespace aduan::testing
