// Bodies refused before they are read (shell/server/request_guard.h), against the real server
// over a raw socket, since httplib's client would not send most of these requests.
//
// The server's peak resident memory (VmHWM in /proc/<pid>/status) is read before and after
// each attack: the peak, not the current size, because a body read into memory and freed again
// afterwards leaves the current size flat while the damage was done. Before these checks, a
// 64 MiB chunked body, 64 MiB without a length and a gzip body inflating to 64 MiB each raised
// the peak by 64 MiB or more.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <string>

#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;
// Far below the 64 MiB of each attack, far above what one refused request may cost.
constexpr long kAllowedPeakGrowthKiB = 8 * 1024;

long peak_resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

struct Answer {
  int status = 0;  // 0: no answer before the connection ended or the time ran out
  std::string text;
};

// Sends `head`, then `prefix`, `filler_bytes` of 'a' and `suffix`, reading the answer as soon
// as there is one (and then sending no more, as a client that reads its answers would).
// `close_write` half-closes after the body: the only end a body without a length has.
Answer exchange(int port, const std::string& head, const std::string& prefix,
                std::size_t filler_bytes, const std::string& suffix, bool close_write) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Answer answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return answer;
  }
  const std::string filler(64 * 1024, 'a');
  const std::size_t total = head.size() + prefix.size() + filler_bytes + suffix.size();
  std::size_t sent = 0;
  bool sending = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
    if (::poll(&poll_fd, 1, 200) < 0) break;
    if (poll_fd.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[4096];
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      answer.text.append(buffer, static_cast<std::size_t>(got));
      sending = false;
      continue;
    }
    if (!sending || !(poll_fd.revents & POLLOUT)) continue;
    // The next piece: from the head, the prefix, the filler or the suffix.
    std::string piece;
    if (sent < head.size())
      piece = head.substr(sent);
    else if (sent < head.size() + prefix.size())
      piece = prefix.substr(sent - head.size());
    else if (sent < head.size() + prefix.size() + filler_bytes)
      piece = filler.substr(
          0, std::min(filler.size(), head.size() + prefix.size() + filler_bytes - sent));
    else
      piece = suffix.substr(sent - head.size() - prefix.size() - filler_bytes);
    const ssize_t put = ::send(fd, piece.data(), piece.size(), MSG_NOSIGNAL);
    if (put < 0) {
      sending = false;  // the server closed: read what it answered
      continue;
    }
    sent += static_cast<std::size_t>(put);
    if (sent == total) {
      sending = false;
      if (close_write) ::shutdown(fd, SHUT_WR);
    }
  }
  ::close(fd);
  if (answer.text.rfind("HTTP/1.1 ", 0) == 0) answer.status = std::stoi(answer.text.substr(9, 3));
  return answer;
}

std::string gzip_of_zeros(std::size_t bytes) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY),
            Z_OK);
  const std::string zeros(kMiB, '\0');
  std::string out;
  char buffer[64 * 1024];
  for (std::size_t done = 0; done < bytes; done += zeros.size()) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    stream.avail_in = static_cast<uInt>(zeros.size());
    const int flush = done + zeros.size() >= bytes ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      deflate(&stream, flush);
      out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  return out;
}

class RequestLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    // Every worker thread answers once first, so what they set up is not counted as the attack's.
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(server_.client().Get("/healthz"));
    peak_before_ = peak_resident_kib(server_.pid());
    ASSERT_GT(peak_before_, 0);
  }
  void TearDown() override {
    auto health = server_.client().Get("/readyz");
    ASSERT_TRUE(health) << "the server keeps serving";
    EXPECT_EQ(health->status, 200);
  }
  long peak_growth_kib() const { return peak_resident_kib(server_.pid()) - peak_before_; }
  std::string head(const std::string& headers) const {
    return "POST /api/v1/reports:push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
           "application/vnd.aduan.wire\r\n" +
           headers + "\r\n";
  }

  ServerProcess server_{server_args({"--threads", "2"})};
  long peak_before_ = 0;
};

TEST_F(RequestLimits, A64MiBChunkedBodyIsRefusedUnread) {
  auto answer = exchange(server_.port(), head("Transfer-Encoding: chunked\r\n"), "4000000\r\n",
                         64 * kMiB, "\r\n0\r\n\r\n", false);
  EXPECT_EQ(answer.status, 411) << answer.text;
  EXPECT_NE(answer.text.find("request.length_required"), std::string::npos) << answer.text;
  EXPECT_LT(peak_growth_kib(), kAllowedPeakGrowthKiB);
}

TEST_F(RequestLimits, A64MiBBodyWithoutALengthIsRefusedUnread) {
  auto answer = exchange(server_.port(), head(""), "", 64 * kMiB, "", true);
  EXPECT_EQ(answer.status, 411) << answer.text;
  EXPECT_LT(peak_growth_kib(), kAllowedPeakGrowthKiB);
}

TEST_F(RequestLimits, AGzipBombIsRefusedUninflated) {
  const std::string bomb = gzip_of_zeros(64 * kMiB);
  ASSERT_LT(bomb.size(), kMiB) << "small enough for --max-body-bytes";
  auto answer = exchange(
      server_.port(),
      head("Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n"),
      bomb, 0, "", false);
  EXPECT_EQ(answer.status, 415) << answer.text;
  EXPECT_NE(answer.text.find("request.encoding_unsupported"), std::string::npos) << answer.text;
  EXPECT_LT(peak_growth_kib(), kAllowedPeakGrowthKiB);
  // Any encoding, not only the ones httplib would inflate.
  EXPECT_EQ(exchange(server_.port(), head("Content-Encoding: br\r\nContent-Length: 4\r\n"), "abcd",
                     0, "", false)
                .status,
            415);
}

TEST_F(RequestLimits, ALengthOverTheLimitIsRefusedAtOnceNotAfterReadingIt) {
  // Nothing of the announced gigabyte is ever sent: an answer at all means it was not awaited.
  auto answer = exchange(server_.port(), head("Content-Length: 1073741824\r\n"), "", 0, "", false);
  EXPECT_EQ(answer.status, 413) << answer.text;
  EXPECT_NE(answer.text.find("request.too_large"), std::string::npos) << answer.text;
  EXPECT_EQ(exchange(server_.port(), head("Content-Length: 12, 12\r\n"), "", 0, "", false).status,
            400);
}

TEST_F(RequestLimits, ABodyOnAGetIsRefusedAndOrdinaryRequestsStillPass) {
  auto answer = exchange(server_.port(),
                         "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n",
                         "GET /", 0, "", false);
  EXPECT_EQ(answer.status, 400) << answer.text;
  // An ordinary request with a length, an empty POST and a plain GET are untouched.
  TestDevice device(server_);
  EXPECT_TRUE(device.register_device());
  auto empty =
      server_.client().Post("/api/v1/events:pull", std::string(), "application/vnd.aduan.wire");
  ASSERT_TRUE(empty);
  EXPECT_NE(empty->status, 411);
  auto plain = exchange(server_.port(),
                        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", "",
                        0, "", false);
  EXPECT_EQ(plain.status, 200) << plain.text;
}

TEST_F(RequestLimits, ManyRangesAreRefusedAndOneRangeIsServed) {
  // 200 ranges of a static file would make httplib build a multipart answer of each in memory.
  std::string ranges = "bytes=0-0";
  for (int i = 1; i < 200; ++i) ranges += "," + std::to_string(i) + "-" + std::to_string(i);
  auto many = exchange(server_.port(),
                       "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: " + ranges + "\r\n\r\n",
                       "", 0, "", false);
  EXPECT_EQ(many.status, 416) << many.text;
  EXPECT_NE(many.text.find("request.ranges_unsupported"), std::string::npos) << many.text;
  auto twice = exchange(server_.port(),
                        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-0\r\n"
                        "Range: bytes=1-1\r\n\r\n",
                        "", 0, "", false);
  EXPECT_EQ(twice.status, 416) << twice.text;
  auto one = exchange(server_.port(),
                      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-0\r\n"
                      "Connection: close\r\n\r\n",
                      "", 0, "", false);
  EXPECT_NE(one.status, 416) << one.text;
  EXPECT_LT(one.status, 300) << one.text;
}

}  // namespace
}  // namespace aduan::testing
