// shell/cli/cli_main.cpp: aduan-cli, a command-line device for operators, tests and benchmarks.
//
// It is a real client: a LocalStore file (its outbox survives between runs), the core's sync
// engine, and HTTP. Commands:
//   register                      get device credentials (also done by push/sync when missing)
//   push --count N [--attach F]   generate N valid reports, queue them, sync until delivered
//   sync                          deliver what is queued and pull status changes
//   upload --file F               push one report declaring F as a photo, then upload F in
//                                 chunks, resuming from what the server holds
//   track CODE                    the public view of a report (JSON)
//   official-sign-in --username U  a village official signs in; binds this device to them
//   push --citizen NAME ...        (after official-sign-in) reports for a citizen, with consent
// --pulled-log FILE (any command) appends every event a pull brings, one "seq report-id status"
// line each, for tests that check a device pulled each event of its reports exactly once.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/domain/sha256.h"
#include "core/json/json_reader.h"
#include "core/store/local_store.h"
#include "core/sync/sync_engine.h"
#include "core/wire/messages.h"
#include "shell/cli/http_transport.h"
#include "shell/cli/official_sign_in.h"
#include "shell/cli/report_generator.h"

namespace {

using aduan::sync::Timestamp;

struct Options {
  std::string server = "http://127.0.0.1:8080";
  std::string store_path = "aduan-cli.db";
  std::string catalog_dir = "assets/catalog";
  std::string command;
  std::vector<std::string> arguments;
  int count = 1;
  std::string file;
  std::size_t chunk_bytes = 64 * 1024;
  int timeout_seconds = 120;
  std::string username;
  std::string region;  // generated reports located here
  std::optional<std::uint64_t> seed;  // the same reports' content every run
  std::string pulled_log;             // append each pulled event here
  bool assisted = false;
  aduan::cli::CitizenOptions citizen{"", "", "spoken", ""};
};

int usage(const char* problem) {
  if (problem) std::fprintf(stderr, "aduan-cli: %s\n\n", problem);
  std::fputs(
      "Usage: aduan-cli [--server URL] [--store FILE] [--catalog-dir DIR] COMMAND [args]\n"
      "Commands:\n"
      "  register                 register this device with the server\n"
      "  push [--count N]         queue N generated reports and deliver them\n"
      "  sync                     deliver queued reports and pull status changes\n"
      "  upload --file F [--chunk-bytes N]  push a report with F attached, upload F (resumable)\n"
      "  track CODE               show a report's public timeline\n"
      "  official-sign-in --username U   sign a village official in (password from\n"
      "                           ADUAN_OFFICER_PASSWORD or stdin); binds this device to them\n"
      "  push ... [--seed N] [--region CODE] [--citizen NAME] [--citizen-phone P]\n"
      "       [--consent spoken|written|refused] [--witness NAME]   reports for a citizen\n"
      "                           (any of --citizen..--witness makes them assisted)\n"
      "  --pulled-log FILE        append each pulled event to FILE (\"seq report-id status\")\n"
      "Defaults: --server http://127.0.0.1:8080 --store aduan-cli.db --catalog-dir "
      "assets/catalog\n",
      problem ? stderr : stdout);
  return problem ? 2 : 0;
}

std::optional<Options> parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    if (arg == "--server" && (v = value())) options.server = *v;
    else if (arg == "--store" && (v = value())) options.store_path = *v;
    else if (arg == "--catalog-dir" && (v = value())) options.catalog_dir = *v;
    else if (arg == "--count" && (v = value())) options.count = std::atoi(v->c_str());
    else if (arg == "--file" && (v = value())) options.file = *v;
    else if (arg == "--chunk-bytes" && (v = value())) options.chunk_bytes = std::strtoul(v->c_str(), nullptr, 10);
    else if (arg == "--timeout" && (v = value())) options.timeout_seconds = std::atoi(v->c_str());
    else if (arg == "--username" && (v = value())) options.username = *v;
    else if (arg == "--region" && (v = value())) options.region = *v;
    else if (arg == "--seed" && (v = value())) options.seed = std::strtoull(v->c_str(), nullptr, 10);
    else if (arg == "--pulled-log" && (v = value()))
      options.pulled_log = *v;
    else if (arg == "--citizen" && (v = value())) options.citizen.name = *v, options.assisted = true;
    else if (arg == "--citizen-phone" && (v = value())) options.citizen.phone = *v, options.assisted = true;
    else if (arg == "--consent" && (v = value())) options.citizen.consent = *v, options.assisted = true;
    else if (arg == "--witness" && (v = value())) options.citizen.witness = *v, options.assisted = true;
    else if (arg.rfind("--", 0) == 0) return std::nullopt;
    else if (options.command.empty()) options.command = arg;
    else options.arguments.push_back(arg);
  }
  if (options.command.empty() || options.count < 0 || options.chunk_bytes == 0) return std::nullopt;
  return options;
}

// The HTTP transport, and a log of what each answered pull carried. Written when the answer
// arrives, before the engine applies it: a page the engine then fails to store shows up twice.
class PullLoggingTransport : public aduan::sync::Transport {
 public:
  PullLoggingTransport(aduan::sync::Transport& inner, std::string path)
      : inner_(inner), path_(std::move(path)) {}
  void send(aduan::sync::Request request,
            std::function<void(aduan::sync::Response)> on_done) override {
    const bool pull = !path_.empty() && request.path == aduan::sync::kPathPull;
    inner_.send(std::move(request),
                [this, pull, on_done = std::move(on_done)](aduan::sync::Response response) {
                  if (pull && response.transport_ok && response.http_status == 200)
                    log(response.body);
                  on_done(std::move(response));
                });
  }

 private:
  void log(const aduan::wire::Bytes& body) {
    auto decoded = aduan::wire::decode<aduan::wire::PullEventsResponse>(body);
    if (!decoded) return;  // the engine reports an undecodable answer itself
    std::ofstream out(path_, std::ios::app);
    for (const auto& event : decoded.value().events)
      out << event.seq << ' ' << event.report_id.to_string() << ' ' << event.status << '\n';
  }
  aduan::sync::Transport& inner_;
  std::string path_;
};

// Ticks the engine until nothing is queued or in flight, or the timeout. False on timeout.
bool run_until_idle(aduan::sync::SyncEngine& engine, aduan::cli::SystemClock& clock, int timeout_seconds) {
  const Timestamp deadline = clock.now() + timeout_seconds * 1000LL;
  while (true) {
    const Timestamp now = clock.now();
    const Timestamp next = engine.tick(now);
    const auto& status = engine.status();
    if (status.queued == 0 && !status.in_flight && next > now) return true;
    if (now > deadline) return false;
    const Timestamp wait = next == aduan::sync::kNever ? 20 : std::clamp<Timestamp>(next - now, 0, 1000);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Rate limited (429, the server's or the proxy's) or briefly unavailable (503): waits as asked
// (Retry-After, clamped to 1-10 s), as the sync engine backs off, then the caller asks again.
bool wait_if_busy(const httplib::Result& answer) {
  if (!answer || (answer->status != 429 && answer->status != 503)) return false;
  const long asked = std::strtol(answer->get_header_value("Retry-After").c_str(), nullptr, 10);
  std::this_thread::sleep_for(std::chrono::seconds(std::clamp(asked, 1L, 10L)));
  return true;
}

int upload(const Options& options, aduan::cli::HttpTransport& transport, aduan::store::LocalStore& store,
           const aduan::domain::Report& report) {
  const std::string bytes = read_file(options.file);
  const auto& attachment = report.attachments.front();
  auto credentials = store.credentials();
  if (!credentials || !credentials.value()) return std::fprintf(stderr, "aduan-cli: not registered\n"), 1;
  httplib::Headers headers = {{"X-Aduan-Device", credentials.value()->device_id},
                              {"X-Aduan-Secret", credentials.value()->secret}};
  const std::string path = "/api/v1/reports/" + report.id.to_string() + "/attachments/" + attachment.id;
  auto& client = transport.client();
  for (int attempt = 0; attempt < 1000; ++attempt) {
    auto progress = client.Get(path, headers);
    if (wait_if_busy(progress)) continue;
    if (!progress || progress->status != 200) {
      std::fprintf(stderr, "aduan-cli: asking for upload progress failed (%d)\n", progress ? progress->status : 0);
      return 1;
    }
    // {"bytes_held":N,"size":N,"complete":b}
    auto answer = aduan::json::parse(progress->body);
    const aduan::json::Value* held_value = answer ? answer.value().get("bytes_held") : nullptr;
    const std::optional<std::uint64_t> held_bytes = held_value ? held_value->as_uint64() : std::nullopt;
    if (!held_bytes || *held_bytes > bytes.size() || !answer.value().bool_at("complete")) {
      std::fprintf(stderr, "aduan-cli: unreadable upload progress: %s\n", progress->body.c_str());
      return 1;
    }
    const std::size_t held = static_cast<std::size_t>(*held_bytes);
    if (*answer.value().bool_at("complete")) {
      std::printf("uploaded %zu bytes, verified by SHA-256 (%s)\n", held, attachment.sha256_hex.c_str());
      return 0;
    }
    const std::size_t size = std::min(options.chunk_bytes, bytes.size() - held);
    auto put = client.Put(path + "?offset=" + std::to_string(held), headers, bytes.substr(held, size),
                          "application/octet-stream");
    if (!put || wait_if_busy(put)) continue;  // interrupted or busy: ask again where to resume
    // A chunk at a stale offset: an earlier attempt landed after all (its answer lost with an
    // instance behind a proxy, which sent the retry to another). Ask again where to resume.
    if (put->status == 409) continue;
    if (put->status != 200) {
      std::fprintf(stderr, "aduan-cli: upload refused (%d): %s\n", put->status, put->body.c_str());
      return 1;
    }
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse(argc, argv);
  if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) return usage(nullptr);
  if (!options) return usage("bad arguments");

  aduan::cli::HttpTransport transport(options->server);
  if (options->command == "track") {
    if (options->arguments.empty()) return usage("track needs a code");
    auto answer = transport.client().Get("/api/v1/track/" + options->arguments[0]);
    if (!answer) return std::fprintf(stderr, "aduan-cli: no answer from %s\n", options->server.c_str()), 1;
    std::printf("%s\n", answer->body.c_str());
    return answer->status == 200 ? 0 : 1;
  }

  auto store = aduan::store::LocalStore::open(options->store_path);
  if (!store) return std::fprintf(stderr, "aduan-cli: %s\n", store.error().detail.c_str()), 1;
  aduan::cli::SystemClock clock;
  aduan::sync::SyncConfig config;
  config.channel = aduan::domain::Channel::assisted;
  config.platform = "cli";
  config.pull_interval_ms = 0;
  PullLoggingTransport logging(transport, options->pulled_log);
  aduan::sync::SyncEngine engine(store.value(), logging, clock, config);

  std::vector<aduan::domain::Report> queued;
  if (options->command == "push" || options->command == "upload") {
    auto catalog = aduan::cli::load_catalog_dir(options->catalog_dir);
    if (!catalog) return std::fprintf(stderr, "aduan-cli: %s\n", catalog.error().detail.c_str()), 1;
    std::mt19937_64 random(options->seed ? *options->seed : std::random_device{}());
    const int count = options->command == "upload" ? 1 : options->count;
    for (int i = 0; i < count; ++i) {
      auto report = aduan::cli::generate_report(catalog.value(), random, clock.now());
      if (!options->region.empty()) report.location.region_code = options->region;
      if (options->assisted && !aduan::cli::make_assisted(report, options->citizen))
        return usage("--consent is spoken, written or refused");
      if (options->command == "upload") {
        const std::string bytes = read_file(options->file);
        if (bytes.empty()) return std::fprintf(stderr, "aduan-cli: cannot read %s\n", options->file.c_str()), 1;
        report.attachments.push_back({aduan::domain::random_hex(16), "image/jpeg", bytes.size(),
                                      aduan::domain::sha256_hex(bytes)});
      }
      auto encoded = aduan::wire::encode(aduan::wire::PushBatchRequest{"", {report}});
      auto saved = store.value().save_report(report, encoded ? encoded.value().size() : 1024, clock.now());
      if (!saved) return std::fprintf(stderr, "aduan-cli: %s\n", saved.error().detail.c_str()), 1;
      queued.push_back(std::move(report));
    }
  } else if (options->command != "register" && options->command != "sync" &&
             options->command != "official-sign-in") {
    return usage("unknown command");
  }

  const auto started = std::chrono::steady_clock::now();
  if (!run_until_idle(engine, clock, options->timeout_seconds)) {
    std::fprintf(stderr, "aduan-cli: not done after %d s: %s\n", options->timeout_seconds,
                 engine.status().last_error.c_str());
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto& status = engine.status();
  if (!status.last_error.empty()) std::fprintf(stderr, "aduan-cli: last error: %s\n", status.last_error.c_str());
  if (options->command == "push") {
    std::printf("delivered %zu reports in %.3f s (%.0f reports/s), %d rejected\n", queued.size(), seconds,
                seconds > 0 ? static_cast<double>(queued.size()) / seconds : 0.0, status.rejected);
    for (std::size_t i = 0; i < queued.size() && i < 5; ++i) {
      auto entry = store.value().outbox_entry(queued[i].id);
      std::printf("  %s  %s\n", queued[i].tracking_code.c_str(),
                  entry && entry.value() ? std::string(aduan::store::to_string(entry.value()->state)).c_str() : "?");
    }
  }
  if (options->command == "upload") return upload(*options, transport, store.value(), queued.front());
  if (options->command == "official-sign-in") {
    auto credentials = store.value().credentials();
    if (!credentials || !credentials.value()) return std::fprintf(stderr, "aduan-cli: not registered\n"), 1;
    if (options->username.empty()) return usage("official-sign-in needs --username");
    std::string password;
    if (const char* from_env = std::getenv("ADUAN_OFFICER_PASSWORD"))
      password = from_env;
    else
      std::getline(std::cin, password);
    return aduan::cli::official_sign_in(transport, *credentials.value(), options->username, password);
  }
  if (options->command == "register" || options->command == "sync")
    std::printf("%s: %d queued, %d rejected\n", status.registered ? "registered" : "not registered",
                status.queued, status.rejected);
  return status.rejected > 0 ? 3 : 0;
}
