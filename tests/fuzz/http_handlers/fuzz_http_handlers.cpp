// tests/fuzz/http_handlers/fuzz_http_handlers.cpp: libFuzzer target for aduan-server's request
// handling in process: the input is the raw bytes of one HTTP request (method, path, headers,
// body), routed by the real HttpApp over a real SQLite database and the shipped catalog, with
// no socket (HttpApp::serve_stream).
//
// Credentials are made once at start-up: a registered device and a national admin's session.
// A seed names them with the placeholders @DEVICE@, @SECRET@ and @SESSION@, replaced in every
// input before it is served, so the fuzzer reaches the authenticated routes and not only their
// 401s. The rate limits are opened wide (a limiter answering 429 would hide every handler after
// the first second). The database lives in a temporary folder under /dev/shm when there is one
// (fsync there costs nothing) and is removed at exit.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/sync/server_apply.h"
#include "shell/server/http_app.h"
#include "shell/server/officer_auth.h"
#include "shell/server/server_context.h"

namespace {

using namespace aduan;

// One connection's bytes: reads come from the input, writes are counted and dropped.
class FuzzStream : public httplib::Stream {
 public:
  explicit FuzzStream(std::string input) : input_(std::move(input)) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    std::size_t n = std::min(size, input_.size() - offset_);
    input_.copy(ptr, n, offset_);
    offset_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, std::size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";  // a trusted proxy by default: X-Forwarded-For is read too
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string input_;
  std::size_t offset_ = 0;
};

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<server::ServerContext> context;
  std::unique_ptr<server::HttpApp> app;
  std::string device_id, device_secret, session;

  ~Fixture() {
    app.reset();
    context.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "fuzz_http_handlers: %s\n", why.c_str());
  std::abort();
}

Fixture* make_fixture() {
  auto* fixture = new Fixture;
  std::string pattern = (std::filesystem::is_directory("/dev/shm") ? std::string("/dev/shm")
                                                                    : std::filesystem::temp_directory_path().string()) +
                        "/aduan-fuzz-XXXXXX";
  if (!mkdtemp(pattern.data())) fail("cannot make a temporary folder");
  fixture->dir = pattern;

  server::ServerConfig config;
  config.data_dir = fixture->dir.string();
  config.catalog_dir = std::string(ADUAN_SOURCE_DIR) + "/assets/catalog";
  config.threads = 1;
  config.scheduler_interval_seconds = 0;
  config.stats_cache_seconds = 0;
  config.sms_inbound_token = "fuzz-sms-token-0123";  // the SMS webhook's seed uses it
  config.device_burst = config.address_burst = config.register_burst = 1e12;
  config.device_per_second = config.address_per_second = config.register_per_second = 1e12;
  auto context = server::ServerContext::open(config);
  if (!context) fail("cannot open the server: " + context.error().detail);
  fixture->context = std::move(context.value());
  auto* store = fixture->context->store();
  if (!store) fail("no database connection");

  auto device = sync::apply_register(*store, fixture->context->clock(),
                                     wire::RegisterDeviceRequest{domain::Channel::web, "fuzz", "0"});
  if (!device) fail("cannot register a device: " + device.error().detail);
  fixture->device_id = device.value().device_id;
  fixture->device_secret = device.value().device_secret;

  const store::Officer admin{"officer-fuzz", "fuzz-admin", "national_admin", "", "", false};
  auto hash = server::hash_password("fuzz-password-1");
  if (!hash || !store->add_officer(admin, hash.value(), fixture->context->now()))
    fail("cannot add the officer");
  server::NewSession session = server::make_session(fixture->context->now());
  if (!store->create_session(session.token_sha256, admin.id, fixture->context->now(), session.expires_at))
    fail("cannot open a session");
  fixture->session = session.token;

  fixture->app = std::make_unique<server::HttpApp>(*fixture->context);
  return fixture;
}

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // One JSON log line per request on stdout would drown libFuzzer's own output (on stderr).
  if (!std::freopen("/dev/null", "w", stdout)) return 0;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<Fixture> fixture(make_fixture());
  std::string input(reinterpret_cast<const char*>(data), size);
  replace_all(input, "@DEVICE@", fixture->device_id);
  replace_all(input, "@SECRET@", fixture->device_secret);
  replace_all(input, "@SESSION@", fixture->session);
  FuzzStream stream(std::move(input));
  fixture->app->serve_stream(stream);
  return 0;
}
