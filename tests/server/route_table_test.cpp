// The server's routes and docs/openapi.yaml name the same set: every route the server registers
// (shell/server/route_table.h) is described, and every described route is served. The OpenAPI
// file is read for its paths and operations only, by its layout (a path is a line of two spaces,
// the path and a colon; an operation a line of four spaces, a method and a colon); the npm
// validator of tests/e2e/openapi.test.mjs checks the rest of the document and real answers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "shell/server/http_app.h"
#include "shell/server/server_context.h"

namespace aduan::server {
namespace {

using Route = std::pair<std::string, std::string>;  // method (upper case), path template

std::set<Route> described_routes(const std::string& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << file;
  std::set<Route> routes;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = line == "paths:";
    if (!in_paths) continue;
    if (line.size() > 3 && line.starts_with("  /") && line.ends_with(":")) {
      path = line.substr(2, line.size() - 3);
    } else if (line.size() > 3 && line.starts_with("  \"/") && line.ends_with("\":")) {
      path = line.substr(3, line.size() - 5);
    } else if (line.starts_with("    ") && line[4] != ' ' && line.ends_with(":")) {
      std::string method = line.substr(4, line.size() - 5);
      if (method == "parameters" || method == "summary" || method == "description") continue;
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_FALSE(path.empty()) << line;
      routes.insert({method, path});
    }
  }
  return routes;
}

TEST(RouteTable, EveryRouteIsDescribedAndEveryDescribedRouteIsServed) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("aduan-routes-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       std::to_string(static_cast<long>(getpid())));
  std::filesystem::create_directories(dir);
  ServerConfig config;
  config.data_dir = dir.string();
  config.catalog_dir = std::string(ADUAN_SOURCE_DIR) + "/assets/catalog";
  config.scheduler_interval_seconds = 0;
  std::set<Route> served;
  {
    auto context = ServerContext::open(config);
    ASSERT_TRUE(context) << context.error().detail;
    HttpApp app(*context.value());
    for (const auto& route : app.routes()) {
      EXPECT_TRUE(served.insert({route.method, route.path}).second)
          << route.method << " " << route.path << " twice";
    }
  }
  std::filesystem::remove_all(dir);
  EXPECT_GE(served.size(), 40u);
  const auto described = described_routes(std::string(ADUAN_SOURCE_DIR) + "/docs/openapi.yaml");
  for (const auto& [method, path] : served)
    EXPECT_TRUE(described.count({method, path}))
        << method << " " << path << " is served but not described";
  for (const auto& [method, path] : described)
    EXPECT_TRUE(served.count({method, path}))
        << method << " " << path << " is described but not served";
}

}  // namespace
}  // namespace aduan::server
