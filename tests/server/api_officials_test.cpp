// Village officials over real HTTP: an admin of the region creates the account; the official
// binds the device in their hand; every report that device pushes is stored as entered by the
// official (from the credentials, whatever the body says), with the citizen's details and
// consent for officers and for no one else; a report outside the official's region, or an
// assisted report from any other device, is rejected; a revoked device is refused for good, an
// expired one until the official signs in again; a bound device on protocol version 2 still
// delivers, as the official's `web` reports. (An unbound version 2 device, and a version 1 device
// being told to update, are api_sync_test.cpp's.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/domain/sha256.h"
#include "core/store/server_store.h"
#include "core/sync/server_apply.h"
#include "tests/server/api_client.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";

class ApiOfficials : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    official_ = officer_session(server_, "kades.sukamaju", "village_official", "", "32.12");
    ASSERT_TRUE(phone_.register_device());
  }

  httplib::Result bind(TestDevice& device, const std::string& session) {
    return bind_official_device(server_, device, session);
  }

  static std::string field(const std::string& json, const std::string& name) {
    const auto at = json.find("\"" + name + "\":\"");
    if (at == std::string::npos) return "";
    const auto start = at + name.size() + 4;
    return json.substr(start, json.find('"', start) - start);
  }

  // A valid report for a citizen of Indramayu (32.12) who consented in writing before a witness.
  domain::Report for_citizen(std::uint64_t seed) {
    domain::Report report = report_at(seed, "32.12", "kab-32.12-dinkes");
    report.channel = domain::Channel::assisted;
    report.on_behalf = domain::OnBehalf{
        "Pak Darmin", "081298765432", {true, domain::ConsentMethod::written, "Bu Sri"}};
    return report;
  }

  std::string detail(const domain::ReportId& id) {
    auto answer = get_as(server_, national_, "/api/v1/officer/reports/" + id.to_string());
    EXPECT_TRUE(answer && answer->status == 200);
    return answer ? answer->body : "";
  }

  ServerProcess server_{server_args({"--address-rate", "100000"})};
  TestDevice phone_{server_};
  std::string national_, official_;
};

TEST_F(ApiOfficials, OnlyAnAdminOfTheRegionCreatesAnOfficial) {
  const auto regional = officer_session(server_, "admin.jabar", "regional_admin", "", "32");
  const auto agency = officer_session(server_, "admin.indramayu", "agency_admin", "kab-32.12", "");
  auto create = [&](const std::string& session, const std::string& username,
                    const std::string& region) {
    return server_.client().Post(
        "/api/v1/officer/officials", {{"X-Aduan-Session", session}},
        "username=" + username + "&password=kata-sandi-panjang&region_code=" + region, kForm);
  };
  auto made = create(regional, "kades.jatibarang", "32.12");
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  EXPECT_EQ(field(made->body, "role"), "village_official");
  EXPECT_EQ(create(regional, "kades.landak", "61.08")->status, 403) << "another province";
  EXPECT_EQ(create(agency, "kades.lain", "32.12")->status, 403);
  EXPECT_EQ(create(official_, "kades.lain", "32.12")->status, 403);
  EXPECT_EQ(create(regional, "kades.lain", "99.99")->status, 400);
  EXPECT_EQ(create(regional, "kades.jatibarang", "32.12")->status, 409);
  EXPECT_EQ(create(regional, "kades.lain", "32.12")->status, 201);
  EXPECT_EQ(create(national_, "kades.landak", "61.08")->status, 201);
  // The new account signs in and binds a device like any official.
  auto login = wire_answer<wire::OfficerLoginResponse>(server_.client().Post(
      "/api/v1/officer/login",
      wire_body(wire::OfficerLoginRequest{"kades.jatibarang", "kata-sandi-panjang"}), kWireType));
  ASSERT_TRUE(login);
  EXPECT_EQ(login->role, "village_official");
  TestDevice device(server_);
  ASSERT_TRUE(device.register_device());
  EXPECT_EQ(bind(device, login->session_token)->status, 201);
}

TEST_F(ApiOfficials, ABoundDevicesReportsAreTheOfficialsAndOnlyOfficersSeeTheCitizen) {
  auto bound = bind(phone_, official_);
  ASSERT_TRUE(bound);
  ASSERT_EQ(bound->status, 201) << bound->body;
  EXPECT_EQ(bound->body.find(phone_.device_id), std::string::npos) << "no device id in an answer";
  auto own = server_.client().Get("/api/v1/official", phone_.headers());
  ASSERT_TRUE(own);
  EXPECT_EQ(field(own->body, "username"), "kades.sukamaju") << own->body;

  domain::Report named = for_citizen(7001);
  domain::Report anonymous = for_citizen(7002);
  anonymous.anonymous = true;
  domain::Report refused = for_citizen(7003);
  refused.on_behalf = domain::OnBehalf{"", "", {false, domain::ConsentMethod::spoken, ""}};
  auto pushed = phone_.push({named, anonymous, refused});
  ASSERT_TRUE(pushed);
  for (const auto& verdict : pushed->verdicts) ASSERT_EQ(verdict.kind, wire::VerdictKind::stored);

  const std::string body = detail(named.id);
  EXPECT_NE(
      body.find(
          "\"assisted\":{\"entered_by\":\"kades.sukamaju\",\"citizen\":{\"name\":\"Pak Darmin\","
          "\"phone\":\"081298765432\"},\"consent\":{\"given\":true,\"method\":\"written\","
          "\"witness\":\"Bu Sri\"}}"),
      std::string::npos)
      << body;
  EXPECT_NE(body.find("\"channel\":\"assisted\""), std::string::npos);
  const std::string hidden = detail(anonymous.id);
  EXPECT_NE(hidden.find("\"entered_by\":\"kades.sukamaju\",\"citizen\":null"), std::string::npos)
      << hidden;
  EXPECT_EQ(hidden.find("Pak Darmin"), std::string::npos);
  const std::string no_consent = detail(refused.id);
  EXPECT_NE(no_consent.find("\"consent\":{\"given\":false"), std::string::npos) << no_consent;

  // The public tracking page names neither the citizen nor the official.
  auto tracked = server_.client().Get("/api/v1/track/" + named.tracking_code);
  ASSERT_TRUE(tracked);
  ASSERT_EQ(tracked->status, 200) << tracked->body;
  for (const char* secret : {"Darmin", "0812", "kades", "Bu Sri", "written"})
    EXPECT_EQ(tracked->body.find(secret), std::string::npos) << secret << " in " << tracked->body;
  // Nor does an anonymous report's identity reach the officers' wire queue.
  auto queue = wire_answer<wire::OfficerReportsResponse>(
      server_.client().Post("/api/v1/officer/reports", {{"X-Aduan-Session", national_}},
                            wire_body(wire::OfficerReportsRequest{"", 50, 0}), kWireType));
  ASSERT_TRUE(queue);
  int assisted_rows = 0;
  for (const auto& row : queue->reports) {
    if (!row.report.on_behalf) continue;
    ++assisted_rows;
    if (row.report.anonymous) {
      EXPECT_EQ(row.report.on_behalf->citizen_name, "");
    }
  }
  EXPECT_EQ(assisted_rows, 3);
}

TEST_F(ApiOfficials, NothingButTheBindingMakesAReportAnOfficials) {
  // A phone no official signed in on cannot report for someone else.
  auto forged = phone_.push({for_citizen(7101)});
  ASSERT_TRUE(forged);
  ASSERT_EQ(forged->verdicts.at(0).kind, wire::VerdictKind::rejected);
  EXPECT_EQ(forged->verdicts.at(0).problems.at(0).code, sync::kProblemNotOfficialDevice);

  // Another official cannot take over a phone while its binding lasts, nor use its credentials.
  ASSERT_EQ(bind(phone_, official_)->status, 201);
  const auto other = officer_session(server_, "kades.lohbener", "village_official", "", "32.12");
  EXPECT_EQ(bind(phone_, other)->status, 409);
  TestDevice others_phone(server_);
  ASSERT_TRUE(others_phone.register_device());
  ASSERT_EQ(bind(others_phone, other)->status, 201);
  auto claim =
      others_phone.post("/api/v1/reports:push",
                        wire_body(wire::PushBatchRequest{phone_.device_id, {for_citizen(7102)}}));
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->status, 400) << "a batch naming another device: " << claim->body;

  const domain::Report report = for_citizen(7103);
  ASSERT_EQ(phone_.push({report})->verdicts.at(0).kind, wire::VerdictKind::stored);
  EXPECT_NE(detail(report.id).find("\"entered_by\":\"kades.sukamaju\""), std::string::npos);

  // A body that names another official in every field a person can be named in is still the
  // report of the official bound to the device that pushed it.
  domain::Report claims = for_citizen(7105);
  claims.contact = domain::ReporterContact{"kades.sukamaju", "081200000001", ""};
  claims.on_behalf = domain::OnBehalf{
      "kades.sukamaju", "081200000001", {true, domain::ConsentMethod::written, "kades.sukamaju"}};
  ASSERT_EQ(others_phone.push({claims})->verdicts.at(0).kind, wire::VerdictKind::stored);
  const std::string claimed = detail(claims.id);
  EXPECT_NE(claimed.find("\"assisted\":{\"entered_by\":\"kades.lohbener\",\"citizen\":{\"name\":"
                         "\"kades.sukamaju\""),
            std::string::npos)
      << claimed;

  // Only for places in the official's own region.
  domain::Report far = report_at(7104, "61.08", "kab-61.08-dinkes");
  far.channel = domain::Channel::assisted;
  far.on_behalf = for_citizen(7104).on_behalf;
  auto outside = phone_.push({far});
  ASSERT_TRUE(outside);
  ASSERT_EQ(outside->verdicts.at(0).kind, wire::VerdictKind::rejected);
  EXPECT_EQ(outside->verdicts.at(0).problems.at(0).code, sync::kProblemOutsideOfficialRegion);
  // A liaison officer has no device binding to make.
  const auto liaison =
      officer_session(server_, "petugas.dinkes", "liaison_officer", "kab-32.12-dinkes", "");
  TestDevice spare(server_);
  ASSERT_TRUE(spare.register_device());
  EXPECT_EQ(bind(spare, liaison)->status, 403);
}

TEST_F(ApiOfficials, ARevokedDeviceIsRefusedForGoodAndAnExpiredOneUntilTheOfficialSignsInAgain) {
  auto bound = bind(phone_, official_);
  ASSERT_EQ(bound->status, 201);
  const std::string binding = field(bound->body, "binding_id");
  ASSERT_TRUE(binding.starts_with("official-")) << bound->body;
  const std::string revoke = "/api/v1/officer/official-devices/" + binding + "/revoke";
  const auto outsider = officer_session(server_, "admin.kalbar", "regional_admin", "", "61");
  EXPECT_EQ(server_.client().Post(revoke, {{"X-Aduan-Session", outsider}}, "", kForm)->status, 403);
  const auto regional = officer_session(server_, "admin.jabar", "regional_admin", "", "32");
  auto revoked = server_.client().Post(revoke, {{"X-Aduan-Session", regional}}, "", kForm);
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  auto refused =
      phone_.post("/api/v1/reports:push",
                  wire_body(wire::PushBatchRequest{phone_.device_id, {for_citizen(7201)}}));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_NE(refused->body.find("official.revoked"), std::string::npos);
  EXPECT_EQ(phone_.post("/api/v1/events:pull", wire_body(wire::PullEventsRequest{0, 10}))->status,
            403);
  EXPECT_EQ(bind(phone_, official_)->status, 403) << "signing in again does not undo a revocation";

  // An expired binding holds the queue back (403, nothing stored) until the official signs in.
  TestDevice next(server_);
  ASSERT_TRUE(next.register_device());
  auto first_binding = bind(next, official_);
  ASSERT_EQ(first_binding->status, 201);
  {
    auto db = open_server_database(server_.data_dir());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value()
                    .database()
                    .exec("UPDATE official_devices SET expires_at = 1 WHERE revoked_at IS NULL")
                    .ok());
  }
  const domain::Report waiting = for_citizen(7202);
  auto expired = next.post("/api/v1/reports:push",
                           wire_body(wire::PushBatchRequest{next.device_id, {waiting}}));
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 403);
  EXPECT_NE(expired->body.find("official.expired"), std::string::npos);
  auto renewed = bind(next, official_);
  EXPECT_EQ(renewed->status, 200) << "renewed";
  EXPECT_EQ(field(renewed->body, "binding_id"), field(first_binding->body, "binding_id"))
      << "a renewal keeps the id the audit log names";
  auto delivered = next.push({waiting});
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->verdicts.at(0).kind, wire::VerdictKind::stored);
  // That id still revokes the renewed binding.
  auto revoked_again = server_.client().Post(
      "/api/v1/officer/official-devices/" + field(first_binding->body, "binding_id") + "/revoke",
      {{"X-Aduan-Session", regional}}, "", kForm);
  ASSERT_TRUE(revoked_again);
  EXPECT_EQ(revoked_again->status, 200) << revoked_again->body;
}

// A bound device that has not updated speaks version 2, which carries no on-behalf details: its
// `assisted` reports are stored as `web` reports (docs/api.md), still entered by the official the
// device is bound to and still only for the official's region.
TEST_F(ApiOfficials, AVersionTwoPushFromABoundDeviceIsStoredAsTheOfficialsWebReport) {
  ASSERT_EQ(bind(phone_, official_)->status, 201);
  const domain::Report old = for_citizen(7301);
  domain::Report far = report_at(7302, "61.08", "kab-61.08-dinkes");
  far.channel = domain::Channel::assisted;
  auto pushed = phone_.push({old, far}, wire::kOldestSupportedVersion);
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->verdicts.at(0).kind, wire::VerdictKind::stored);
  ASSERT_EQ(pushed->verdicts.at(1).kind, wire::VerdictKind::rejected);
  EXPECT_EQ(pushed->verdicts.at(1).problems.at(0).code, sync::kProblemOutsideOfficialRegion);
  const std::string body = detail(old.id);
  EXPECT_NE(body.find("\"channel\":\"web\""), std::string::npos) << body;
  EXPECT_NE(body.find("\"assisted\":{\"entered_by\":\"kades.sukamaju\",\"citizen\":null,"
                      "\"consent\":null}"),
            std::string::npos)
      << body;
  EXPECT_EQ(body.find("Pak Darmin"), std::string::npos) << "version 2 cannot carry the citizen";
}

// An official of a district, which the citizen's catalog (the portal's download) does not hold:
// the server's catalog has it, with its villages (imported with import-regions), and the device
// the official binds gets that official's area of it and nothing else, so the official's form can
// name a village while no citizen ever downloads one. The scope holds below the regency: the
// neighbouring district is refused, and a village official (made through the API, like a
// district's) reports for that village and not for the district above it.
TEST(ApiOfficialsArea, TheBoundDeviceGetsTheOfficialsAreaOfTheServersCatalog) {
  namespace fs = std::filesystem;
  const std::string dir = make_temp_dir("aduan-catalog-");
  for (const char* file : {"agencies.tsv", "categories.tsv", "holidays.tsv", "regions.tsv"})
    fs::copy_file(catalog_dir() + "/" + file, dir + "/" + file);
  std::ofstream(dir + "/regions.tsv", std::ios::app) << "32.12.01\tHaurgeulis\n"
                                                        "32.12.01.2001\tSukamaju\n"
                                                        "32.12.02\tGabuswetan\n";
  // The portal's files, the citizen's download: the shipped catalog, regencies only.
  const std::string web_root = make_temp_dir("aduan-web-");
  auto assisted_at = [](std::uint64_t seed, const std::string& region) {
    domain::Report report = report_at(seed, region, "kab-32.12-dinkes");
    report.channel = domain::Channel::assisted;
    report.on_behalf = domain::OnBehalf{"", "", {false, domain::ConsentMethod::spoken, ""}};
    return report;
  };
  fs::create_directories(web_root + "/assets");
  fs::copy(catalog_dir(), web_root + "/assets/catalog");
  {
    ServerProcess server(
        {"--catalog-dir", dir, "--web-root", web_root, "--address-rate", "100000"});
    ASSERT_TRUE(server.started()) << server.output();
    const std::string session =
        officer_session(server, "kades.sukamaju", "village_official", "", "32.12.01");
    TestDevice phone(server);
    ASSERT_TRUE(phone.register_device());
    auto bound = bind_official_device(server, phone, session);
    ASSERT_TRUE(bound);
    ASSERT_EQ(bound->status, 201) << bound->body;
    EXPECT_NE(bound->body.find("\"regions\":[{\"code\":\"32\",\"name\":\"Jawa Barat\"},"
                               "{\"code\":\"32.12\",\"name\":\"Kab. Indramayu\"},"
                               "{\"code\":\"32.12.01\",\"name\":\"Haurgeulis\"},"
                               "{\"code\":\"32.12.01.2001\",\"name\":\"Sukamaju\"}]"),
              std::string::npos)
        << bound->body;
    EXPECT_EQ(bound->body.find("32.12.02"), std::string::npos) << "a neighbouring district";
    // Asked again, the binding's answer carries no list: only the sign-in hands the area over.
    auto own = server.client().Get("/api/v1/official", phone.headers());
    ASSERT_TRUE(own);
    EXPECT_EQ(own->body.find("\"regions\""), std::string::npos) << own->body;

    // Devices are told of the portal's catalog, which names no district: the villages stay off
    // every citizen's phone, and the index's hash is the file they download.
    auto index = server.client().Get("/api/v1/catalog");
    ASSERT_TRUE(index);
    auto regions = server.client().Get("/assets/catalog/regions.tsv");
    ASSERT_TRUE(regions && regions->status == 200);
    EXPECT_EQ(regions->body.find("Haurgeulis"), std::string::npos);
    EXPECT_NE(index->body.find("\"sha256\":\"" + domain::sha256_hex(regions->body) + "\""),
              std::string::npos)
        << index->body;

    // A report for the official's village, which only the server's catalog knows, is accepted.
    auto pushed = phone.push({assisted_at(9101, "32.12.01.2001")});
    ASSERT_TRUE(pushed);
    ASSERT_EQ(pushed->verdicts.size(), 1u);
    EXPECT_EQ(pushed->verdicts[0].kind, wire::VerdictKind::stored);
    // The neighbouring district, in the same regency, is outside this official's area.
    auto refused = phone.push({assisted_at(9102, "32.12.02")});
    ASSERT_TRUE(refused);
    ASSERT_EQ(refused->verdicts.at(0).kind, wire::VerdictKind::rejected);
    EXPECT_EQ(refused->verdicts.at(0).problems.at(0).code, sync::kProblemOutsideOfficialRegion);

    // A regional admin adds officials through the API at any level the server's catalog knows;
    // a village official reports for that village and for nothing above it.
    const auto admin = officer_session(server, "admin.jabar", "regional_admin", "", "32");
    auto create = [&](const std::string& username, const std::string& region) {
      return server.client().Post(
          "/api/v1/officer/officials", {{"X-Aduan-Session", admin}},
          "username=" + username + "&password=kata-sandi-panjang&region_code=" + region, kForm);
    };
    EXPECT_EQ(create("camat.gabuswetan", "32.12.02")->status, 201);
    EXPECT_EQ(create("kades.entah", "32.12.01.2999")->status, 400) << "a village no catalog has";
    auto made = create("kades.desa", "32.12.01.2001");
    ASSERT_TRUE(made);
    ASSERT_EQ(made->status, 201) << made->body;
    EXPECT_NE(made->body.find("\"region_code\":\"32.12.01.2001\""), std::string::npos);
    auto login = wire_answer<wire::OfficerLoginResponse>(server.client().Post(
        "/api/v1/officer/login",
        wire_body(wire::OfficerLoginRequest{"kades.desa", "kata-sandi-panjang"}), kWireType));
    ASSERT_TRUE(login);
    TestDevice village_phone(server);
    ASSERT_TRUE(village_phone.register_device());
    ASSERT_EQ(bind_official_device(server, village_phone, login->session_token)->status, 201);
    auto by_village =
        village_phone.push({assisted_at(9103, "32.12.01.2001"), assisted_at(9104, "32.12.01")});
    ASSERT_TRUE(by_village);
    EXPECT_EQ(by_village->verdicts.at(0).kind, wire::VerdictKind::stored);
    ASSERT_EQ(by_village->verdicts.at(1).kind, wire::VerdictKind::rejected);
    EXPECT_EQ(by_village->verdicts.at(1).problems.at(0).code, sync::kProblemOutsideOfficialRegion);
  }
  fs::remove_all(dir);
  fs::remove_all(web_root);
}

}  // namespace
}  // namespace aduan::testing
