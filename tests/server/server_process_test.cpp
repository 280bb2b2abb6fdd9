// The real aduan-server process: starting, answering /healthz, refusing bad configuration,
// serving the portal's files, and stopping cleanly on SIGTERM.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/server/api_client.h"
#include "tests/server/server_process.h"

namespace aduan::testing {
namespace {

TEST(ServerProcess, AnswersHealthzAndStopsCleanlyOnSigterm) {
  ServerProcess server(server_args());
  ASSERT_TRUE(server.started()) << server.output();
  auto response = server.client().Get("/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{\"status\":\"ok\"}");
  EXPECT_EQ(response->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(server.stop(), 0) << server.output();
  EXPECT_NE(server.output().find("stopped cleanly"), std::string::npos);
  EXPECT_NE(server.output().find("\"path\":\"/healthz\",\"status\":200"), std::string::npos)
      << "one structured log line per request";
}

TEST(ServerProcess, RefusesAPostgresUrlWithAClearMessage) {
  ServerProcess server({"--database-url", "postgres://aduan@localhost/aduan"});
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.output().find("PostgreSQL backend is not built"), std::string::npos) << server.output();
}

TEST(ServerProcess, RefusesToStartWithoutACatalog) {
  ServerProcess server;
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.output().find("no catalog"), std::string::npos) << server.output();
}

TEST(ServerProcess, RefusesAnUnknownFlag) {
  ServerProcess server({"--no-such-flag"});
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.output().find("unknown option '--no-such-flag'"), std::string::npos);
}

TEST(ServerProcess, ServesThePortalPrecompressedWithSecurityHeaders) {
  auto dist = make_temp_dir("aduan-dist-");
  std::ofstream(dist + "/index.html") << "<!doctype html>";
  std::ofstream(dist + "/index.html.br") << "brotli-bytes";
  ServerProcess server(server_args({"--web-root", dist}));
  ASSERT_TRUE(server.started()) << server.output();
  auto client = server.client();
  client.set_decompress(false);
  auto response = client.Get("/", {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(response->body, "brotli-bytes");
  EXPECT_EQ(response->get_header_value("Cache-Control"), "no-cache");
  EXPECT_NE(response->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  auto missing = client.Get("/no-such-file.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Content-Type"), "application/json");
  server.stop();
  std::filesystem::remove_all(dist);
}

}  // namespace
}  // namespace aduan::testing
