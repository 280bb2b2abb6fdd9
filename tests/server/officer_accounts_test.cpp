// Officers' accounts over real HTTP and the operator's commands: every login, failed login and
// logout leaves an audit row (and the password is nowhere in the database); an unknown
// username costs the same password work as a wrong password (counted in /metrics, not timed);
// a guesser at one address does not lock the officer out from another; expired sessions are
// purged; officer-disable and officer-password end the officer's sessions at once.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/domain/sha256.h"
#include "core/store/server_store.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

constexpr const char* kPassword = "kata-sandi-panjang";

class OfficerAccounts : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    liaison_ =
        officer_session(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
  }

  // Logs in as `username` from `address` (the proxy's X-Forwarded-For, from loopback).
  httplib::Result login(const std::string& username, const std::string& password,
                        const std::string& address = "192.0.2.1") {
    drain(server_);
    return server_.client().Post("/api/v1/officer/login", {{"X-Forwarded-For", address}},
                                 wire_body(wire::OfficerLoginRequest{username, password}),
                                 kWireType);
  }

  double metric(const std::string& name) {
    auto answer = get_as(server_, "", "/metrics");
    const std::string& text = answer->body;
    const auto at = text.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + name.size() + 2));
  }

  // Runs aduan-server with `arguments` on this server's data folder, `input` on its stdin.
  int command(const std::string& arguments, const std::string& input = "") {
    const std::string line = "printf '%s\\n' '" + input + "' | " + server_binary() + " " +
                             arguments + " --data-dir " + server_.data_dir() + " > /dev/null 2>&1";
    return std::system(line.c_str());
  }

  std::string audit() {
    return get_as(server_, national_, "/api/v1/officer/audit?limit=1000")->body;
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  std::string national_, liaison_;
};

TEST_F(OfficerAccounts, LoginsFailedLoginsAndLogoutsAreAuditedWithoutThePassword) {
  ASSERT_EQ(login("petugas.dinkes", "salah-sandi-rahasia-1", "198.51.100.7")->status, 401);
  ASSERT_EQ(login("tidak.ada", "salah-sandi-rahasia-2", "198.51.100.8")->status, 401);
  auto out = server_.client().Post("/api/v1/officer/logout", {{"X-Aduan-Session", liaison_}}, "",
                                   "text/plain");
  ASSERT_EQ(out->status, 200);
  const std::string log = audit();
  EXPECT_NE(log.find("\"action\":\"officer.login\""), std::string::npos) << log;
  EXPECT_NE(
      log.find(
          "\"action\":\"officer.login_failed\",\"report_id\":null,\"subject\":\"petugas.dinkes\""),
      std::string::npos)
      << log;
  EXPECT_NE(log.find("wrong password; from 198.51.100.7"), std::string::npos) << log;
  EXPECT_NE(log.find("\"subject\":\"tidak.ada\""), std::string::npos) << log;
  EXPECT_NE(log.find("unknown username; from 198.51.100.8"), std::string::npos) << log;
  EXPECT_NE(log.find("\"action\":\"officer.logout\""), std::string::npos) << log;
  // The liaison's agency admin sees the rows about its officer; a liaison reads no audit log.
  const auto agency_admin =
      officer_session(server_, "admin.indramayu", "agency_admin", "kab-32.12", "");
  EXPECT_TRUE(contains(get_as(server_, agency_admin, "/api/v1/officer/audit"), "petugas.dinkes"));
  EXPECT_FALSE(contains(get_as(server_, agency_admin, "/api/v1/officer/audit"), "tidak.ada"));
  // No password, right or wrong, is anywhere in the database or its log.
  (void)login("nasional", kPassword);
  const std::string database = server_database_contents(server_.data_dir());
  ASSERT_NE(database.find("petugas.dinkes"), std::string::npos)
      << "the search reads the right files";
  for (const char* password : {kPassword, "salah-sandi-rahasia-1", "salah-sandi-rahasia-2"})
    EXPECT_EQ(database.find(password), std::string::npos) << password;
}

TEST_F(OfficerAccounts, AnUnknownUsernameCostsOnePasswordVerificationLikeAWrongPassword) {
  const double start = metric("aduan_password_verifications_total");
  ASSERT_GE(start, 2) << "the two logins of the set-up";
  ASSERT_EQ(login("petugas.dinkes", "salah-sandi-panjang")->status, 401);
  const double after_wrong = metric("aduan_password_verifications_total");
  ASSERT_EQ(login("tidak.ada", "salah-sandi-panjang")->status, 401);
  const double after_unknown = metric("aduan_password_verifications_total");
  ASSERT_EQ(command("officer-disable petugas.dinkes"), 0);
  ASSERT_EQ(login("petugas.dinkes", kPassword)->status, 401);
  const double after_disabled = metric("aduan_password_verifications_total");
  EXPECT_EQ(after_wrong - start, 1);
  EXPECT_EQ(after_unknown - after_wrong, 1)
      << "an unknown username is checked against a dummy hash";
  EXPECT_EQ(after_disabled - after_unknown, 1) << "so is a disabled account";
}

TEST_F(OfficerAccounts, AGuesserAtOneAddressDoesNotLockTheOfficerOutFromAnother) {
  int throttled = 0;
  for (int i = 0; i < 8; ++i)
    throttled +=
        login("petugas.dinkes", "salah-sandi-" + std::to_string(i), "198.51.100.7")->status == 429;
  EXPECT_GE(throttled, 3) << "the guesser is slowed";
  EXPECT_EQ(login("petugas.dinkes", kPassword, "198.51.100.7")->status, 429)
      << "even with the right password there";
  auto officer = login("petugas.dinkes", kPassword, "203.0.113.20");
  ASSERT_TRUE(officer);
  EXPECT_EQ(officer->status, 200) << "the officer at the office logs in" << officer->body;
}

TEST_F(OfficerAccounts, ExpiredSessionsArePurgedWhenAnOfficerLogsIn) {
  auto opened = open_server_database(server_.data_dir());
  ASSERT_TRUE(opened.ok());
  store::SqlConnection& db = opened.value().database();
  const std::string officer_id = "(SELECT id FROM officers WHERE username = 'petugas.dinkes')";
  ASSERT_TRUE(
      db.exec("INSERT INTO officer_sessions (token_sha256, officer_id, created_at, expires_at) "
              "VALUES ('" +
              domain::sha256_hex("expired-1") + "', " + officer_id + ", 1, 2), ('" +
              domain::sha256_hex("expired-2") + "', " + officer_id + ", 3, 4)"));
  ASSERT_EQ(db.query_int("SELECT count(*) FROM officer_sessions WHERE expires_at < 1000").value(),
            2);
  ASSERT_EQ(login("nasional", kPassword)->status, 200);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM officer_sessions WHERE expires_at < 1000").value(),
            0);
  EXPECT_EQ(get_as(server_, liaison_, "/api/v1/officer/queue")->status, 200)
      << "live sessions stay";
}

TEST_F(OfficerAccounts, DisablingAnOfficerEndsTheirSessionsAtOnceAndIsAudited) {
  ASSERT_EQ(get_as(server_, liaison_, "/api/v1/officer/queue")->status, 200);
  EXPECT_NE(command("officer-disable tidak.ada"), 0) << "an unknown username is an error";
  ASSERT_EQ(command("officer-disable petugas.dinkes"), 0);
  EXPECT_EQ(get_as(server_, liaison_, "/api/v1/officer/queue")->status, 401);
  EXPECT_EQ(login("petugas.dinkes", kPassword)->status, 401);
  EXPECT_EQ(get_as(server_, national_, "/api/v1/officer/queue")->status, 200)
      << "only that officer";
  const std::string log = audit();
  EXPECT_NE(
      log.find("\"actor\":\"operator\",\"actor_role\":\"operator\",\"action\":\"officer.disable\""),
      std::string::npos)
      << log;
  EXPECT_NE(log.find("1 sessions ended"), std::string::npos) << log;
}

TEST_F(OfficerAccounts, ANewPasswordEndsTheSessionsAndReplacesTheOldOne) {
  EXPECT_NE(command("officer-password petugas.dinkes", "pendek"), 0)
      << "a weak password is refused";
  EXPECT_EQ(get_as(server_, liaison_, "/api/v1/officer/queue")->status, 200)
      << "and nothing changed";
  ASSERT_EQ(command("officer-password petugas.dinkes", "sandi-baru-yang-panjang"), 0);
  EXPECT_EQ(get_as(server_, liaison_, "/api/v1/officer/queue")->status, 401);
  EXPECT_EQ(login("petugas.dinkes", kPassword)->status, 401);
  EXPECT_EQ(login("petugas.dinkes", "sandi-baru-yang-panjang")->status, 200);
  const std::string log = audit();
  EXPECT_NE(log.find("\"action\":\"officer.password\""), std::string::npos) << log;
  EXPECT_EQ(log.find("sandi-baru-yang-panjang"), std::string::npos);
}

}  // namespace
}  // namespace aduan::testing
