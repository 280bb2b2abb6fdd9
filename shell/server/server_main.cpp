// shell/server/server_main.cpp: the aduan-server program.
//
// Thin by design: parse the configuration, open the pieces, serve until SIGINT or SIGTERM.
// Signals are blocked in every thread and taken by sigwait() here, so shutdown runs as
// ordinary code: stop accepting, let in-flight requests finish, then exit 0.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "core/store/server_store.h"
#include "core/wire/envelope.h"
#include "shell/server/admin_commands.h"
#include "shell/server/config.h"
#include "shell/server/http_app.h"
#include "shell/server/officer_auth.h"
#include "shell/server/scheduler.h"
#include "shell/server/secure_random.h"
#include "shell/server/server_context.h"
#include "shell/server/sms/sms_sender.h"

int main(int argc, char** argv) {
  // First, so every secret, token and id, the admin commands' included, comes from libsodium.
  if (!aduan::server::start_cryptography()) {
    std::fprintf(stderr, "aduan-server: libsodium could not start\n");
    return 1;
  }
  if (int code = aduan::server::run_admin_command(argc, argv); code >= 0) return code;
  auto config = aduan::server::parse_config(argc - 1, argv + 1);
  if (!config) {
    std::fprintf(stderr, "aduan-server: %s\n", config.error().detail.c_str());
    return 2;
  }
  if (config.value().show_help) {
    std::fputs(aduan::server::config_help().c_str(), stdout);
    return 0;
  }
  if (config.value().show_version) {
    std::printf("aduan-server %s (wire protocol %d-%d, database schema %d)\n", ADUAN_VERSION,
                aduan::wire::kOldestSupportedVersion, aduan::wire::kProtocolVersion,
                aduan::store::ServerStore::schema_version());
    return 0;
  }
  auto context = aduan::server::ServerContext::open(config.value());
  if (!context) {
    std::fprintf(stderr, "aduan-server: %s\n", context.error().detail.c_str());
    return 2;
  }
  context.value()->metrics().set_gauge_source(
      "aduan_reports_stored", "Reports stored in the database.",
      [&context] { return static_cast<double>(context.value()->reports_stored()); });
  context.value()->metrics().set_counter_source(
      "aduan_password_verifications_total",
      "Argon2id password verifications (one per login attempt).",
      [] { return static_cast<double>(aduan::server::password_verifications()); });

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  aduan::server::HttpApp app(*context.value());
  aduan::server::Scheduler scheduler(*context.value(), config.value().scheduler_interval_seconds);
  aduan::server::sms::Sender sms_sender(*context.value());
  std::atomic<bool> listen_failed = false, listen_returned = false;
  std::thread serving([&] {
    listen_failed = !app.listen();
    listen_returned = true;
    kill(getpid(), SIGTERM);  // wakes sigwait below when listening failed
  });

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  // A signal can arrive before the listening socket is up; stop() is a no-op until then.
  while (!listen_returned && !app.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  app.stop();
  serving.join();
  scheduler.stop();
  sms_sender.stop();
  if (listen_failed) {
    std::fprintf(stderr, "aduan-server: could not listen on %s:%d\n", config.value().address.c_str(),
                 config.value().port);
    return 1;
  }
  std::fprintf(stderr, "aduan-server: stopped cleanly\n");
  return 0;
}
