// The real aduan-server process: starting, answering /healthz, refusing bad configuration,
// serving the portal's files, and stopping cleanly on SIGTERM.
#include "tests/server/server_process.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/server/api_client.h"

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

TEST(ServerProcess, AnUnreachablePostgresIsAClearMessageWithoutThePassword) {
  // Port 1 on loopback refuses at once: nothing listens there.
  ServerProcess server(
      server_args({"--database-url", "postgres://aduan:hunter2secret@127.0.0.1:1/aduan"}));
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.output().find("cannot open the PostgreSQL database"), std::string::npos)
      << server.output();
  EXPECT_EQ(server.output().find("hunter2secret"), std::string::npos) << server.output();
}

TEST(ServerProcess, RefusesADatabaseUrlItDoesNotKnow) {
  ServerProcess server({"--database-url", "mysql://aduan:hunter2secret@localhost/aduan"});
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.output().find("unsupported --database-url"), std::string::npos)
      << server.output();
  EXPECT_EQ(server.output().find("hunter2secret"), std::string::npos) << server.output();
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
  std::ofstream(dist + "/boot.js") << "void 0;";
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
  EXPECT_NE(response->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  // A file the page loads carries nosniff but not the page's policy headers.
  auto script = client.Get("/boot.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(script->has_header("Content-Security-Policy"));
  EXPECT_FALSE(script->has_header("X-Frame-Options"));
  auto missing = client.Get("/no-such-file.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Content-Type"), "application/json");
  server.stop();
  std::filesystem::remove_all(dist);
}

// open_server_database finds a server's rows on PostgreSQL only if it names the schema that
// on_postgres.sh gave the server's --data-dir: the same for links, "..", a trailing separator
// and a folder not made yet, as `realpath -m` resolves them there.
TEST(ServerProcess, TheSchemaOfADataDirIsTheOneOnPostgresShNames) {
  namespace fs = std::filesystem;
  const std::string dir = make_temp_dir("aduan-schema-name-");
  fs::create_directories(dir + "/real/sub");
  fs::create_directory_symlink(dir + "/real", dir + "/link");
  for (const std::string& path :
       {dir + "/real", dir + "/real/", dir + "/link", dir + "/link/sub/../",
        dir + "/link/new/data/", std::string("relative-folder")}) {
    const std::string shell =
        "printf '%s' \"$(realpath -m '" + path + "')\" | sha256sum | cut -c1-16";
    std::string printed;
    if (FILE* pipe = popen(shell.c_str(), "r")) {
      char buffer[64];
      while (fgets(buffer, sizeof buffer, pipe) != nullptr) printed += buffer;
      pclose(pipe);
    }
    ASSERT_EQ(printed.size(), 17u) << path;
    EXPECT_EQ(postgres_schema_of(path), "s_" + printed.substr(0, 16)) << path;
  }
  EXPECT_EQ(postgres_schema_of(dir + "/link"), postgres_schema_of(dir + "/real"));
  EXPECT_NE(postgres_schema_of(dir + "/real"), postgres_schema_of(dir + "/real/sub"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace aduan::testing
