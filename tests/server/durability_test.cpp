// What an acknowledgement is worth: kill -9 at several moments of a long push, restart, and
// re-sync; every acknowledged report survives, every report ends up stored exactly once, and the
// database passes its integrity check. Also online backup and restore, and attachments that
// resume after an interruption.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/domain/sha256.h"
#include "core/store/local_store.h"
#include "core/store/server_store.h"
#include "tests/server/api_client.h"

extern char** environ;

namespace aduan::testing {
namespace {

// Runs aduan-cli with `args`; returns its pid.
pid_t spawn_cli(std::vector<std::string> args) {
  args.insert(args.begin(), ADUAN_CLI_BINARY);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::int64_t reports_stored(const ServerProcess& server) {
  auto metrics = server.client().Get("/metrics");
  if (!metrics) return -1;
  auto at = metrics->body.find("\naduan_reports_stored ");
  return at == std::string::npos ? -1 : std::atoll(metrics->body.c_str() + at + 22);
}

std::vector<domain::ReportId> delivered_ids(const std::string& cli_store) {
  auto store = store::LocalStore::open(cli_store);
  EXPECT_TRUE(store.ok());
  std::vector<domain::ReportId> ids;
  auto rows = store.value().my_reports(100000);
  EXPECT_TRUE(rows.ok());
  for (const auto& row : rows.value())
    if (row.state == store::OutboxState::delivered) ids.push_back(row.id);
  return ids;
}

TEST(Durability, KillDashNineDuringAPushLosesNoAcknowledgedReport) {
  constexpr int kReports = 1500;
  const std::string data_dir = make_temp_dir("aduan-kill9-");
  const std::string cli_store = data_dir + "/cli.db";
  const std::string server_db = data_dir + "/aduan.db";
  // Kill at three moments: early, in the middle, and late in the push.
  const int kill_after_stored[] = {1, kReports / 3, (2 * kReports) / 3};
  bool first_round = true;
  for (int threshold : kill_after_stored) {
    ServerProcess server(server_args({"--device-rate", "1000"}), data_dir);
    ASSERT_TRUE(server.started()) << server.output();
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    pid_t cli = first_round ? spawn_cli({"--server", url, "--store", cli_store, "--catalog-dir", catalog_dir(),
                                         "--timeout", "3", "push", "--count", std::to_string(kReports)})
                            : spawn_cli({"--server", url, "--store", cli_store, "--timeout", "3", "sync"});
    first_round = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (reports_stored(server) < threshold && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    server.kill_hard();
    wait_exit(cli);  // it gives up after its timeout, its queue intact on disk

    auto db = store::ServerStore::open(server_db);
    ASSERT_TRUE(db.ok());
    auto check = db.value().integrity_check();
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(check.value(), "ok");
    for (const auto& id : delivered_ids(cli_store)) {
      auto found = db.value().report(id);
      ASSERT_TRUE(found.ok());
      ASSERT_TRUE(found.value().has_value()) << "acknowledged report " << id.to_string() << " was lost";
    }
  }

  ServerProcess server(server_args({"--device-rate", "1000"}), data_dir);
  ASSERT_TRUE(server.started());
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  ASSERT_EQ(wait_exit(spawn_cli({"--server", url, "--store", cli_store, "--timeout", "60", "sync"})), 0);
  EXPECT_EQ(reports_stored(server), kReports);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(delivered_ids(cli_store).size(), static_cast<std::size_t>(kReports));
  auto db = store::ServerStore::open(server_db);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db.value().count_reports().value(), kReports) << "each report exactly once";
  EXPECT_EQ(db.value().integrity_check().value(), "ok");
  std::filesystem::remove_all(data_dir);
}

TEST(Durability, OnlineBackupAndRestore) {
  const std::string data_dir = make_temp_dir("aduan-backup-");
  const std::string backup = data_dir + "/backup.db";
  std::vector<domain::Report> before, after;
  for (int i = 0; i < 10; ++i) before.push_back(valid_report(300 + i));
  for (int i = 0; i < 5; ++i) after.push_back(valid_report(400 + i));
  {
    ServerProcess server(server_args(), data_dir);
    ASSERT_TRUE(server.started());
    TestDevice device(server);
    ASSERT_TRUE(device.register_device());
    ASSERT_TRUE(device.push(before));
    const std::string command = server_binary() + " backup --to " + backup +
                                " --data-dir " + data_dir + " > /dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << "backup while the server runs";
    ASSERT_TRUE(device.push(after));
    EXPECT_EQ(server.stop(), 0);
  }
  const std::string restore = server_binary() + " restore --from " + backup +
                              " --data-dir " + data_dir + " > /dev/null";
  ASSERT_EQ(std::system(restore.c_str()), 0);
  ServerProcess server(server_args(), data_dir);
  ASSERT_TRUE(server.started());
  EXPECT_EQ(reports_stored(server), 10);
  EXPECT_EQ(server.client().Get("/api/v1/track/" + before[0].tracking_code)->status, 200);
  EXPECT_EQ(server.client().Get("/api/v1/track/" + after[0].tracking_code)->status, 404);
  const std::string bad = server_binary() + " restore --from /etc/hostname --data-dir " +
                          data_dir + " > /dev/null 2>&1";
  EXPECT_NE(std::system(bad.c_str()), 0) << "a file that is not a backup is refused";
  server.stop();
  std::filesystem::remove_all(data_dir);
}

TEST(Durability, AttachmentUploadsResumeAndAreVerified) {
  ServerProcess server(server_args());
  ASSERT_TRUE(server.started());
  TestDevice device(server);
  ASSERT_TRUE(device.register_device());
  std::string photo(200 * 1024, '\0');
  for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<char>((i * 7919) % 251);
  auto report = valid_report(500);
  report.attachments.push_back({domain::random_hex(16), "image/jpeg", photo.size(), domain::sha256_hex(photo)});
  ASSERT_TRUE(device.push({report}));
  const std::string path = "/api/v1/reports/" + report.id.to_string() + "/attachments/" + report.attachments[0].id;

  auto put = [&](std::size_t offset, const std::string& bytes) {
    return device.client().Put(path + "?offset=" + std::to_string(offset), device.headers(), bytes,
                               "application/octet-stream");
  };
  ASSERT_EQ(put(0, photo.substr(0, 80 * 1024))->status, 200);
  // The connection drops; a new one asks where to resume.
  TestDevice resumed(server);
  resumed.device_id = device.device_id;
  resumed.secret = device.secret;
  auto progress = resumed.client().Get(path, resumed.headers());
  ASSERT_TRUE(progress);
  EXPECT_NE(progress->body.find("\"bytes_held\":81920"), std::string::npos) << progress->body;
  auto wrong_offset = put(0, photo.substr(0, 1024));
  ASSERT_TRUE(wrong_offset);
  EXPECT_EQ(wrong_offset->status, 409);
  auto rest = put(80 * 1024, photo.substr(80 * 1024));
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->status, 200);
  EXPECT_NE(rest->body.find("\"complete\":true"), std::string::npos) << rest->body;

  auto tampered = valid_report(501);
  tampered.attachments.push_back({domain::random_hex(16), "image/jpeg", 1000, domain::sha256_hex(std::string(1000, 'a'))});
  ASSERT_TRUE(device.push({tampered}));
  const std::string tampered_path =
      "/api/v1/reports/" + tampered.id.to_string() + "/attachments/" + tampered.attachments[0].id;
  auto wrong_bytes = device.client().Put(tampered_path + "?offset=0", device.headers(), std::string(1000, 'b'),
                                         "application/octet-stream");
  ASSERT_TRUE(wrong_bytes);
  EXPECT_EQ(wrong_bytes->status, 422);
  auto reset = device.client().Get(tampered_path, device.headers());
  EXPECT_NE(reset->body.find("\"bytes_held\":0"), std::string::npos);
  auto not_declared = device.client().Put("/api/v1/reports/" + report.id.to_string() + "/attachments/ffff?offset=0",
                                          device.headers(), "x", "application/octet-stream");
  EXPECT_EQ(not_declared->status, 404);
}

}  // namespace
}  // namespace aduan::testing
