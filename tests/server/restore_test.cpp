// `aduan-server restore` (shell/server/restore_command.h) with real server processes: refused
// while a server has the database open, the operator's backup never written to, the database
// it replaces kept whole with its WAL, and a bad backup refused with nothing changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {
namespace fs = std::filesystem;

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int run(const std::string& arguments) {
  return std::system(
      (server_binary() + " " + arguments + " > /dev/null 2>&1").c_str());
}

// Reports the server on this database counts (a fresh process, so nothing is cached).
int reports_received(const std::vector<std::string>& database_args, const std::string& data_dir) {
  ServerProcess server(server_args(database_args), data_dir);
  if (!server.started()) return -1;
  auto stats = server.client().Get("/api/v1/stats");
  if (!stats || stats->status != 200) return -1;
  const std::string key = "\"total\":{\"received\":";
  auto at = stats->body.find(key);
  return at == std::string::npos ? -1 : std::stoi(stats->body.substr(at + key.size()));
}

class Restore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("aduan-restore-");
    data_ = dir_ + "/data";
    fs::create_directories(data_);
    database_ = data_ + "/aduan.db";
    backup_ = dir_ + "/backup.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // One report, a backup, a second report, then the server is killed: its WAL is left behind.
  void make_backup_then_a_newer_database_with_its_wal() {
    ServerProcess server(server_args({"--device-rate", "1000"}), data_);
    ASSERT_TRUE(server.started()) << server.output();
    TestDevice device(server);
    ASSERT_TRUE(device.register_device());
    ASSERT_TRUE(device.push({valid_report(1)}));
    ASSERT_EQ(run("backup --to " + backup_ + " --data-dir " + data_), 0);
    ASSERT_TRUE(device.push({valid_report(2)}));
    server.kill_hard();
    ASSERT_GT(fs::file_size(database_ + "-wal"), 0u) << "the second report is still in the WAL";
  }

  std::string dir_, data_, database_, backup_;
};

TEST_F(Restore, IsRefusedWhileAServerHasTheDatabaseOpen) {
  make_backup_then_a_newer_database_with_its_wal();
  ServerProcess server(server_args(), data_);
  ASSERT_TRUE(server.started()) << server.output();
  const std::string before = bytes_of(database_);
  EXPECT_NE(run("restore --from " + backup_ + " --data-dir " + data_), 0);
  EXPECT_EQ(bytes_of(database_), before);
  auto ready = server.client().Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(server.stop(), 0);
  // Once the server has stopped, the same restore goes through.
  EXPECT_EQ(run("restore --from " + backup_ + " --data-dir " + data_), 0);
}

TEST_F(Restore, KeepsTheBackupAsItWasAndThePreviousDatabaseWithItsWal) {
  make_backup_then_a_newer_database_with_its_wal();
  const std::string backup_before = bytes_of(backup_);
  const std::string wal_before = bytes_of(database_ + "-wal");
  ASSERT_EQ(run("restore --from " + backup_ + " --data-dir " + data_), 0);
  EXPECT_EQ(bytes_of(backup_), backup_before) << "the operator's backup is only read";
  EXPECT_FALSE(fs::exists(backup_ + "-wal"));
  EXPECT_FALSE(fs::exists(backup_ + "-shm"));
  // The previous database sits aside under one name, its WAL beside it, byte for byte.
  std::string aside;
  for (const auto& entry : fs::directory_iterator(data_)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("aduan.db.before-restore-", 0) == 0 && name.find("-wal") == std::string::npos &&
        name.find("-shm") == std::string::npos)
      aside = entry.path().string();
    EXPECT_EQ(name.find(".restoring-"), std::string::npos) << "no copy left over: " << name;
  }
  ASSERT_FALSE(aside.empty());
  EXPECT_EQ(bytes_of(aside + "-wal"), wal_before);
  // Both open whole: the restored one has the first report, the one kept aside both.
  EXPECT_EQ(reports_received({}, data_), 1);
  const std::string other = dir_ + "/other";
  fs::create_directories(other);
  EXPECT_EQ(reports_received({"--database-url", "sqlite://" + aside}, other), 2);
}

TEST_F(Restore, AnOlderBackupIsInstalledUnmigratedAndTheServerMigratesIt) {
  const std::string fixture =
      std::string(ADUAN_SOURCE_DIR) + "/tests/core/store/fixtures/server_v1.sqlite";
  backup_ = dir_ + "/old-backup.db";
  fs::copy_file(fixture, backup_);
  ASSERT_EQ(run("restore --from " + backup_ + " --data-dir " + data_), 0);
  EXPECT_EQ(bytes_of(backup_), bytes_of(fixture)) << "never migrated in place";
  EXPECT_GE(reports_received({}, data_), 0) << "the server starts on it";
}

TEST_F(Restore, ABadBackupIsRefusedAndTheCurrentDatabaseIsUntouched) {
  make_backup_then_a_newer_database_with_its_wal();
  const std::string database_before = bytes_of(database_);
  const std::string wal_before = bytes_of(database_ + "-wal");
  // A backup cut short (a disk that filled up), and a file that is not a database at all.
  const std::string whole = bytes_of(backup_);
  std::ofstream(dir_ + "/cut.db", std::ios::binary) << whole.substr(0, whole.size() / 2);
  std::ofstream(dir_ + "/notes.db", std::ios::binary) << "not a database";
  for (const char* bad : {"/cut.db", "/notes.db", "/missing.db"}) {
    EXPECT_NE(run("restore --from " + dir_ + bad + " --data-dir " + data_), 0) << bad;
    EXPECT_EQ(bytes_of(database_), database_before) << bad;
    EXPECT_EQ(bytes_of(database_ + "-wal"), wal_before) << bad;
  }
  for (const auto& entry : fs::directory_iterator(data_))
    EXPECT_EQ(entry.path().filename().string().find("restor"), std::string::npos) << entry.path();
  EXPECT_EQ(reports_received({}, data_), 2);
}

}  // namespace
}  // namespace aduan::testing
