// How long a refused login takes, by reason (not a test: it reports numbers, asserts nothing).
//
// Starts a real aduan-server, makes one officer, then times refused logins over HTTP: a wrong
// password for that officer, and an unknown username. Both run one Argon2id verification (the
// unknown one against a dummy hash), so their medians should agree within noise; the pass/fail
// proof of equal work is the verification counter in /metrics (officer_accounts_test.cpp).
// Each attempt comes from its own address (X-Forwarded-For from loopback) so the throttle
// never answers in its place.
//
// Usage: aduan-bench-login-timing [attempts_per_kind=20]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/server/api_client.h"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aduan::testing;
  const int attempts = argc > 1 ? std::atoi(argv[1]) : 20;
  ServerProcess server(server_args({"--scheduler-interval", "0"}));
  if (!server.started())
    return std::fprintf(stderr, "the server did not start\n%s", server.output().c_str()), 1;
  if (add_officer(server, "petugas.bench", "national_admin").empty()) return 1;
  auto client = server.client();
  int address = 0;
  auto time_login = [&](const std::string& username) {
    const std::string from =
        "10.9." + std::to_string(address / 250) + "." + std::to_string(address % 250);
    ++address;
    (void)server.output();  // keep the server's log pipe drained
    const auto start = Clock::now();
    auto result =
        client.Post("/api/v1/officer/login", {{"X-Forwarded-For", from}},
                    wire_body(aduan::wire::OfficerLoginRequest{username, "salah-sandi-panjang"}),
                    "application/vnd.aduan.wire");
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return result && result->status == 401 ? ms : -1.0;
  };
  std::vector<double> wrong, unknown;
  for (int i = 0; i < attempts; ++i) {  // interleaved, so drift in the machine's load hits both
    wrong.push_back(time_login("petugas.bench"));
    unknown.push_back(time_login("tidak.ada." + std::to_string(i)));
  }
  if (std::count(wrong.begin(), wrong.end(), -1.0) +
          std::count(unknown.begin(), unknown.end(), -1.0) >
      0)
    return std::fprintf(stderr, "a login was not refused with 401\n"), 1;
  std::printf(
      "refused logins, %d each: wrong password median %.1f ms, unknown username median %.1f ms\n",
      attempts, median(wrong), median(unknown));
  return 0;
}
