// Unit tests of aduan-server's parts that need no process: configuration, rate limits,
// metrics text, and static file lookup (path safety, encodings, caching headers).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "shell/server/config.h"
#include "shell/server/metrics.h"
#include "shell/server/rate_limiter.h"
#include "shell/server/static_files.h"
#include "tests/server/server_process.h"

namespace aduan::server {
namespace {

Result<ServerConfig> parse(std::vector<const char*> args) {
  return parse_config(static_cast<int>(args.size()), args.data());
}

TEST(Config, DefaultsAreLoopbackPort8080AndDataFolder) {
  auto config = parse({});
  ASSERT_TRUE(config);
  EXPECT_EQ(config.value().address, "127.0.0.1");
  EXPECT_EQ(config.value().port, 8080);
  EXPECT_EQ(config.value().data_dir, "./data");
}

TEST(Config, FlagsInBothFormsAndTheEnvironment) {
  setenv("ADUAN_PORT", "9000", 1);
  auto from_env = parse({});
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env.value().port, 9000);
  auto flag_wins = parse({"--port", "9100", "--data-dir=/tmp/x"});
  unsetenv("ADUAN_PORT");
  ASSERT_TRUE(flag_wins);
  EXPECT_EQ(flag_wins.value().port, 9100);
  EXPECT_EQ(flag_wins.value().data_dir, "/tmp/x");
}

TEST(Config, BadInputIsAClearError) {
  auto bad_port = parse({"--port", "http"});
  ASSERT_FALSE(bad_port);
  EXPECT_EQ(bad_port.error().code, "config.bad_value");
  EXPECT_NE(bad_port.error().detail.find("--port"), std::string::npos);
  EXPECT_EQ(parse({"--port"}).error().code, "config.missing_value");
  EXPECT_EQ(parse({"--colour", "red"}).error().code, "config.unknown_flag");
  EXPECT_EQ(parse({"--port", "70000"}).error().code, "config.bad_value");
}

TEST(Config, HelpDocumentsEverySetting) {
  auto help = config_help();
  for (const char* name : {"--address", "--port", "--data-dir", "--database-url", "--web-root",
                           "--max-body-bytes", "ADUAN_DATABASE_URL"})
    EXPECT_NE(help.find(name), std::string::npos) << name;
}

TEST(RateLimiter, BurstThenRefill) {
  RateLimiter limiter(3, 1.0);
  std::int64_t retry = 0;
  EXPECT_TRUE(limiter.allow("device", 0));
  EXPECT_TRUE(limiter.allow("device", 0));
  EXPECT_TRUE(limiter.allow("device", 0));
  EXPECT_FALSE(limiter.allow("device", 0, &retry));
  EXPECT_EQ(retry, 1000);
  EXPECT_TRUE(limiter.allow("other", 0)) << "keys are independent";
  EXPECT_TRUE(limiter.allow("device", 1000));
  EXPECT_FALSE(limiter.allow("device", 1000));
}

TEST(RateLimiter, LimitedLooksWithoutSpending) {
  RateLimiter limiter(2, 1.0);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.limited("address", 0));
  EXPECT_EQ(limiter.tracked_keys(), 0u) << "looking adds no key";
  EXPECT_TRUE(limiter.allow("address", 0));
  EXPECT_FALSE(limiter.limited("address", 0));
  EXPECT_TRUE(limiter.allow("address", 0));
  std::int64_t retry = 0;
  EXPECT_TRUE(limiter.limited("address", 0, &retry));
  EXPECT_EQ(retry, 1000);
  EXPECT_TRUE(limiter.limited("address", 999));
  EXPECT_FALSE(limiter.limited("address", 1000));
  EXPECT_TRUE(limiter.allow("address", 1000)) << "the token looked at is still there";
}

TEST(RateLimiter, ForgetsKeysOnceTheirBucketIsFullAgain) {
  RateLimiter limiter(1, 1.0);
  for (int i = 0; i < 100; ++i) limiter.allow("k" + std::to_string(i), 0);
  EXPECT_EQ(limiter.tracked_keys(), 100u);
  limiter.allow("late", 120 * 1000);
  EXPECT_EQ(limiter.tracked_keys(), 1u);
}

TEST(RateLimiter, AFloodOfRandomKeysStaysWithinTheBound) {
  RateLimiter limiter(600, 100, 10000);
  std::mt19937_64 random(42);
  std::size_t largest = 0;
  // 200,000 keys over 20 seconds, as a flood of spoofed addresses or device ids would bring.
  for (int i = 0; i < 200000; ++i) {
    limiter.allow(std::to_string(random()), i / 10);
    largest = std::max(largest, limiter.tracked_keys());
  }
  EXPECT_LE(largest, limiter.max_keys());
  EXPECT_GT(largest, limiter.max_keys() / 2) << "the bound, not something else, kept it small";
}

TEST(RateLimiter, AFullTableNeverForgivesAKeyThatIsBeingLimited) {
  RateLimiter limiter(2, 1.0, 3);
  EXPECT_TRUE(limiter.allow("attacker", 0));
  EXPECT_TRUE(limiter.allow("attacker", 0));
  EXPECT_FALSE(limiter.allow("attacker", 0));
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("b", 0));
  // Full, and every key is still spending: new keys share one overflow bucket (burst 2) ...
  EXPECT_TRUE(limiter.allow("c", 10));
  EXPECT_TRUE(limiter.allow("d", 10));
  EXPECT_FALSE(limiter.allow("e", 10));
  EXPECT_EQ(limiter.tracked_keys(), 3u);
  // ... and the limited key was not pushed out to come back with a full bucket.
  EXPECT_FALSE(limiter.allow("attacker", 10));
  // Two seconds on, "a" and "b" have refilled: they are dropped, which changes nothing for
  // them, and the new key gets a bucket of its own.
  EXPECT_TRUE(limiter.allow("f", 2000));
  EXPECT_TRUE(limiter.allow("f", 2000));
  EXPECT_FALSE(limiter.allow("f", 2000));
  EXPECT_TRUE(limiter.allow("a", 2000)) << "a dropped key starts with the full bucket it had";
}

TEST(Metrics, PrometheusTextHasCountersHistogramAndGauges) {
  Metrics metrics;
  metrics.record_request("/healthz", 200, 0.0004);
  metrics.record_request("/healthz", 200, 0.2);
  metrics.record_request("/api/v1/reports", 500, 0.01);
  metrics.set_gauge_source("aduan_reports_stored", "Reports stored.", [] { return 42.0; });
  auto text = metrics.render_prometheus();
  EXPECT_NE(text.find("aduan_http_requests_total{route=\"/healthz\",status=\"200\"} 2"), std::string::npos);
  EXPECT_NE(text.find("aduan_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.001\"} 1"), std::string::npos);
  EXPECT_NE(text.find("aduan_http_request_duration_seconds_count{route=\"/healthz\"} 2"), std::string::npos);
  EXPECT_NE(text.find("aduan_http_server_errors_total 1"), std::string::npos);
  EXPECT_NE(text.find("aduan_reports_stored 42"), std::string::npos);
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = testing::make_temp_dir("aduan-dist-");
    write("index.html", "<html>");
    write("index.html.br", "BR");
    write("index.html.gz", "GZ");
    write("aduan.wasm", std::string("\0asm", 4));  // the wasm magic, NUL included
    write("ui.0123abcd89.ttf", "font");
    std::filesystem::create_directories(root_ + "/assets");
    write("assets/x.json", "{}");
    write("../outside-secret.txt", "secret");
    std::filesystem::create_symlink("/etc/passwd", root_ + "/passwd-link");
  }
  void TearDown() override {
    std::filesystem::remove_all(root_);
    std::filesystem::remove(root_ + "/../outside-secret.txt");
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(root_ + "/" + name, std::ios::binary) << text;
  }
  std::string root_;
};

TEST_F(StaticFilesTest, ChoosesPrecompressedCopyByAcceptEncoding) {
  StaticFiles files(root_);
  EXPECT_EQ(files.get("/", "gzip, deflate, br")->content_encoding, "br");
  EXPECT_EQ(files.get("/", "gzip, deflate, br")->body, "BR");
  EXPECT_EQ(files.get("/index.html", "gzip")->body, "GZ");
  EXPECT_EQ(files.get("/index.html", "br;q=0, gzip")->content_encoding, "gzip");
  EXPECT_EQ(files.get("/index.html", "")->body, "<html>");
  EXPECT_EQ(files.get("/index.html", "")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(files.get("/aduan.wasm", "br")->content_type, "application/wasm");
  EXPECT_EQ(files.get("/aduan.wasm", "br")->content_encoding, "") << "no .br beside it";
}

// The policy, framing, referrer and opener headers reach pages and the service worker only;
// nosniff reaches every file, and no other header is taken for a security one.
TEST_F(StaticFilesTest, PageHeadersOnlyForPagesAndTheWorker) {
  write("sw.js", "self");
  StaticFiles files(root_);
  EXPECT_TRUE(files.get("/", "")->is_document);
  EXPECT_TRUE(files.get("/sw.js", "")->is_document);
  EXPECT_FALSE(files.get("/aduan.wasm", "")->is_document);
  EXPECT_FALSE(files.get("/assets/x.json", "")->is_document);
  for (const char* name : {"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy",
                           "Cross-Origin-Opener-Policy"})
    EXPECT_TRUE(only_documents_read(name)) << name;
  EXPECT_FALSE(only_documents_read("X-Content-Type-Options"));
  EXPECT_FALSE(only_documents_read("Cache-Control"));
}

TEST_F(StaticFilesTest, CachingHeaders) {
  StaticFiles files(root_);
  EXPECT_EQ(files.get("/index.html", "")->cache_control, "no-cache");
  EXPECT_EQ(files.get("/ui.0123abcd89.ttf", "")->cache_control, "public, max-age=31536000, immutable");
}

// One validator per file, whatever the encoding; it changes when the file does, and a
// revalidation that names it (weakly, in a list, or "*") matches.
TEST_F(StaticFilesTest, ValidatorsMatchTheFileNotTheEncoding) {
  StaticFiles files(root_);
  const std::string etag = files.get("/index.html", "br")->etag;
  EXPECT_EQ(etag.rfind("W/\"", 0), 0u) << etag;
  EXPECT_EQ(files.get("/index.html", "")->etag, etag);
  EXPECT_NE(files.get("/assets/x.json", "")->etag, etag);
  EXPECT_TRUE(etag_matches(etag, etag));
  EXPECT_TRUE(etag_matches("\"other\", " + etag.substr(2), etag));
  EXPECT_TRUE(etag_matches("*", etag));
  EXPECT_FALSE(etag_matches("", etag));
  EXPECT_FALSE(etag_matches("\"other\"", etag));
  write("index.html", "<html><body>");
  EXPECT_NE(files.get("/index.html", "")->etag, etag) << "a changed file gets a new validator";
}

TEST_F(StaticFilesTest, NoPathLeavesTheWebRoot) {
  StaticFiles files(root_);
  for (const char* path : {"/../outside-secret.txt", "/assets/../../outside-secret.txt", "/./index.html",
                           "/passwd-link", "/assets/..%2f..%2foutside-secret.txt", "//etc/passwd",
                           "/index.html.br", "relative", "/assets\\..\\x.json", "/nope.html"})
    EXPECT_FALSE(files.get(path, "")) << path;
  EXPECT_TRUE(files.get("/assets/x.json", ""));
}

}  // namespace
}  // namespace aduan::server
