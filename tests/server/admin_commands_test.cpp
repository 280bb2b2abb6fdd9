// aduan-server's operator commands: importing districts and villages into the catalog, and
// refusing bad input with a message and nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/server/api_client.h"

namespace aduan::testing {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int run(const std::string& arguments) {
  const std::string command = server_binary() + " " + arguments + " > /dev/null 2>&1";
  return std::system(command.c_str());
}

// Output of an admin command, both streams.
std::string run_and_read(const std::string& arguments, int* status) {
  const std::string dir = make_temp_dir("aduan-command-");
  const std::string command = server_binary() + " " + arguments + " > " + dir + "/out 2>&1";
  *status = std::system(command.c_str());
  std::string output = read_all(dir + "/out");
  std::filesystem::remove_all(dir);
  return output;
}

TEST(AdminCommands, BackupAndRestoreOfAPostgresDatabaseNameTheToolsToUseInstead) {
  // restore refuses on the URL alone, before connecting (nothing listens on port 1).
  int status = 0;
  std::string said = run_and_read(
      "restore --from /nonexistent.db --database-url postgres://aduan@127.0.0.1:1/aduan", &status);
  EXPECT_NE(status, 0);
  EXPECT_NE(said.find("pg_restore"), std::string::npos) << said;
  if (!server_tests_on_postgres()) return;
  // backup reaches the database first: only on PostgreSQL (on_postgres.sh gives the URL).
  ServerProcess server(server_args());
  ASSERT_TRUE(server.started()) << server.output();
  const std::string target = make_temp_dir("aduan-backup-") + "/copy.db";
  said = run_and_read("backup --to " + target + " --data-dir " + server.data_dir(), &status);
  EXPECT_NE(status, 0);
  EXPECT_NE(said.find("pg_dump"), std::string::npos) << said;
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST(AdminCommands, ImportRegionsAddsDistrictsAndVillagesToANewRegionsFile) {
  const std::string dir = make_temp_dir("aduan-import-");
  std::ofstream(dir + "/districts.csv") << "kode,nama\n32.12.01,Haurgeulis\n32.12.01.2001,Mekarjati\n";
  ASSERT_EQ(run("import-regions --from " + dir + "/districts.csv --to " + dir + "/regions.tsv --catalog-dir " +
                catalog_dir()),
            0);
  const std::string regions = read_all(dir + "/regions.tsv");
  EXPECT_NE(regions.find("32.12\tKab. Indramayu"), std::string::npos);
  EXPECT_NE(regions.find("32.12.01\tHaurgeulis"), std::string::npos);
  EXPECT_NE(regions.find("32.12.01.2001\tMekarjati"), std::string::npos);
  // The result is a catalog the server starts with.
  std::filesystem::copy(catalog_dir() + "/agencies.tsv", dir + "/agencies.tsv");
  std::filesystem::copy(catalog_dir() + "/categories.tsv", dir + "/categories.tsv");
  std::filesystem::copy(catalog_dir() + "/holidays.tsv", dir + "/holidays.tsv");
  ServerProcess server({"--catalog-dir", dir});
  EXPECT_TRUE(server.started()) << server.output();
  std::filesystem::remove_all(dir);
}

TEST(AdminCommands, ABadRegionFileIsRefusedAndNothingIsWritten) {
  const std::string dir = make_temp_dir("aduan-import-");
  std::ofstream(dir + "/bad.csv") << "32.12.01,Haurgeulis\n99.99.01,Tidak Ada Induknya\n";
  EXPECT_NE(run("import-regions --from " + dir + "/bad.csv --to " + dir + "/regions.tsv --catalog-dir " +
                catalog_dir()),
            0);
  EXPECT_FALSE(std::filesystem::exists(dir + "/regions.tsv"));
  std::filesystem::remove_all(dir);
}

TEST(AdminCommands, TheServerRefusesAHolidayCalendarWithABadDate) {
  const std::string dir = make_temp_dir("aduan-holidays-");
  for (const char* file : {"regions.tsv", "agencies.tsv", "categories.tsv"})
    std::filesystem::copy(catalog_dir() + "/" + file, dir + "/" + file);
  std::ofstream(dir + "/holidays.tsv") << "# test\n2026-01-01\tlibur\tTahun Baru\n2026-02-30\tlibur\tTidak ada\n";
  ServerProcess server({"--catalog-dir", dir});
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.output().find("holidays.tsv line 3"), std::string::npos) << server.output();
  std::filesystem::remove_all(dir);
}

TEST(AdminCommands, OfficerAddRefusesUnknownRolesAndWeakPasswords) {
  const std::string dir = make_temp_dir("aduan-officer-");
  EXPECT_NE(run("officer-add --username a --role mayor --data-dir " + dir + " < /dev/null"), 0);
  EXPECT_NE(std::system(("echo short | " + server_binary() + " officer-add --username a --role "
                         "national_admin --data-dir " + dir + " > /dev/null 2>&1").c_str()),
            0);
  EXPECT_EQ(std::system(("echo 'a-long-enough-password' | " + server_binary() +
                         " officer-add --username a --role national_admin --data-dir " + dir + " > /dev/null 2>&1")
                            .c_str()),
            0);
  // An account whose scope would be empty is refused: a regional admin without a region, agency
  // staff without an agency.
  for (const char* role : {"regional_admin", "agency_admin", "liaison_officer"}) {
    EXPECT_NE(std::system(("echo 'a-long-enough-password' | " + server_binary() +
                           " officer-add --username b --role " + role + " --data-dir " + dir + " > /dev/null 2>&1")
                              .c_str()),
              0)
        << role;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace aduan::testing
