// Open311's POST requests over real HTTP (shell/server/api_open311_post.cpp), with keys issued
// by `aduan-server open311-key` (printed once, stored hashed, revocable, audited, limited per
// key), the Idempotency-Key extension, the mapping of Open311's fields to a report, and a request
// without a region waiting for the verifying admins (api_report_details.cpp): listed as pending,
// not verifiable until an admin who may verify completes it. The receipt secret of a retried
// request cannot be computed from public values, and the database holds only each key's hash.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "core/domain/sha256.h"
#include "core/json/json_reader.h"
#include "core/store/server_store.h"
#include "core/workflow/time_zone.h"
#include "shell/server/derived_ids.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kText =
    "Jalan berlubang besar di depan SD Negeri 2, sudah dua minggu tidak diperbaiki.\nMohon segera.";

// The command's standard output (its first line), or "" when it failed.
std::string run(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
    if (pclose(pipe) != 0) return "";
  }
  return out;
}

class Open311Post : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    national_ = officer_session(server_, "nasional", "national_admin", "", "");
    key_ = issue("Aplikasi Kota Indramayu");
  }

  // A new key's secret, as the command prints it once.
  std::string issue(const std::string& name) {
    const std::string printed = run(server_binary() + " open311-key --name '" + name +
                                    "' --data-dir " + server_.data_dir() + " 2>/dev/null");
    auto parsed = json::parse(printed);
    EXPECT_TRUE(parsed.ok()) << printed;
    if (!parsed) return "";
    EXPECT_TRUE(parsed.value().string_at("key_id").starts_with("o311-")) << printed;
    last_key_id_ = parsed.value().string_at("key_id");
    return parsed.value().string_at("api_key");
  }

  httplib::Result post(httplib::Params fields, const char* format = "json",
                       httplib::Headers headers = {}) {
    return server_.client().Post(std::string("/open311/v2/requests.") + format, headers,
                                 httplib::detail::params_to_query_str(fields), kForm);
  }

  httplib::Params request(std::string api_key, bool with_region = true) {
    httplib::Params fields{{"api_key", std::move(api_key)},
                           {"service_code", "infrastruktur"},
                           {"description", kText},
                           {"address_string", "Jl. Siliwangi 17, Sindang"},
                           {"lat", "-6.3275"},
                           {"long", "108.3249"},
                           {"first_name", "Siti"},
                           {"last_name", "Aminah"},
                           {"phone", "081234567890"},
                           {"email", "siti@example.id"},
                           {"media_url", "http://127.0.0.1:1/foto.jpg"}};
    if (with_region) fields.emplace("attribute[region_code]", "32.12");
    return fields;
  }

  // The one service request id of a 201 answer.
  static std::string created_id(const httplib::Result& answer) {
    EXPECT_TRUE(answer);
    if (!answer) return "";
    EXPECT_EQ(answer->status, 201) << answer->body;
    auto parsed = json::parse(answer->body);
    if (!parsed || !parsed.value().is_array() || parsed.value().items.size() != 1) return "";
    return parsed.value().items[0].string_at("service_request_id");
  }

  // The officer's detail of the report a tracking code names.
  json::Value detail_of(const std::string& code) {
    return officer_detail_of(server_, national_, code);
  }

  ServerProcess server_{server_args({"--scheduler-interval", "0"})};
  std::string national_, key_, last_key_id_;
};

TEST_F(Open311Post, AKeyMakesAReportOfChannelOpen311WithTheFieldsMapped) {
  // media_url points at a listener of the test's: the server must never visit it.
  httplib::Server trap;
  std::atomic<int> visits = 0;
  trap.Get(".*", [&visits](const httplib::Request&, httplib::Response&) { ++visits; });
  const int port = trap.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread listening([&trap] { trap.listen_after_bind(); });
  auto fields = request(key_);
  fields.erase("media_url");
  fields.emplace("media_url", "http://127.0.0.1:" + std::to_string(port) + "/foto.jpg");
  const std::string code = created_id(post(fields));
  trap.stop();
  listening.join();
  EXPECT_EQ(visits.load(), 0) << "media_url is never fetched";
  ASSERT_FALSE(code.empty());
  const json::Value detail = detail_of(code);
  EXPECT_EQ(detail.string_at("channel"), "open311");
  EXPECT_EQ(detail.string_at("category_id"), "infrastruktur");
  EXPECT_EQ(detail.string_at("region_code"), "32.12");
  EXPECT_EQ(detail.string_at("title"),
            "Jalan berlubang besar di depan SD Negeri 2, sudah dua minggu tidak diperbaiki.")
      << "the description's first line";
  EXPECT_EQ(detail.string_at("body"), kText);
  EXPECT_EQ(detail.string_at("place"), "Jl. Siliwangi 17, Sindang");
  EXPECT_EQ(detail.string_at("classification"), "pengaduan");
  ASSERT_TRUE(detail.get("reporter") && detail.get("reporter")->is_object());
  EXPECT_EQ(detail.get("reporter")->string_at("name"), "Siti Aminah");
  EXPECT_EQ(detail.get("reporter")->string_at("phone"), "081234567890");
  EXPECT_EQ(detail.get("details_pending")->items.size(), 0u);
  EXPECT_EQ(detail.string_at("body").find("foto.jpg"), std::string::npos)
      << "media_url is not kept";
  // It is a service request like any other.
  auto read = server_.client().Get("/open311/v2/requests/" + code + ".json");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(read->body.find("Siti"), std::string::npos);
}

TEST_F(Open311Post, WithoutALiveKeyNothingIsCreated) {
  auto params = request("");
  params.erase("api_key");
  for (const auto& [fields, what] : std::vector<std::pair<httplib::Params, std::string>>{
           {params, "no key"}, {request("0123456789abcdef"), "an unknown key"}}) {
    auto answer = post(fields);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 403) << what << ": " << answer->body;
    EXPECT_NE(answer->body.find("\"code\":403"), std::string::npos) << answer->body;
  }
  const std::string second = issue("Pusat Panggilan");
  const std::string second_id = last_key_id_;
  ASSERT_FALSE(created_id(post(request(second))).empty());
  ASSERT_FALSE(run(server_binary() + " open311-key --revoke " + second_id + " --data-dir " +
                   server_.data_dir())
                   .empty());
  auto revoked = post(request(second), "xml");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 403);
  EXPECT_NE(revoked->body.find("<error><code>403</code><description>this api_key was revoked"),
            std::string::npos)
      << revoked->body;
  EXPECT_FALSE(created_id(post(request(key_))).empty()) << "the other key still works";
  // The keys are listed without their secrets, and issuing and revoking are in the audit log.
  const std::string listed =
      run(server_binary() + " open311-keys --data-dir " + server_.data_dir());
  EXPECT_NE(listed.find(second_id + "\tPusat Panggilan"), std::string::npos) << listed;
  EXPECT_NE(listed.find("revoked"), std::string::npos) << listed;
  EXPECT_EQ(listed.find(second), std::string::npos) << "never the key";
  auto db = open_server_database(server_.data_dir());
  ASSERT_TRUE(db.ok());
  auto audit =
      db.value().database().prepare("SELECT action FROM audit_log WHERE subject = ?1 ORDER BY seq");
  ASSERT_TRUE(audit.ok()) << audit.error().detail;
  auto& rows = audit.value().bind_text(1, second_id);
  std::vector<std::string> actions;
  for (;;) {
    auto row = rows.step();
    if (!row || !row.value()) break;
    actions.push_back(rows.column_text(0));
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"open311.key_issue", "open311.key_revoke"}));
}

TEST_F(Open311Post, ARetryWithTheSameIdempotencyKeyIsTheSameRequest) {
  const httplib::Headers once{{"Idempotency-Key", "kota-2026-0001"}};
  const std::string first = created_id(post(request(key_), "json", once));
  ASSERT_FALSE(first.empty());
  auto changed = request(key_);
  changed.erase("description");
  changed.emplace("description", "Isi lain yang dikirim ulang oleh klien dengan kunci yang sama.");
  EXPECT_EQ(created_id(post(changed, "json", once)), first) << "the first request's answer";
  const std::string other =
      created_id(post(request(key_), "json", {{"Idempotency-Key", "kota-2026-0002"}}));
  EXPECT_NE(other, first);
  auto stats = get_as(server_, "", "/api/v1/stats");
  EXPECT_NE(stats->body.find("\"open311\":2"), std::string::npos)
      << "two reports, not three: " << stats->body;
  auto bad = post(request(key_), "json", {{"Idempotency-Key", "spasi tidak boleh"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
}

TEST_F(Open311Post, TheReceiptSecretNeedsTheApiKeyNotJustItsPublicId) {
  const httplib::Headers once{{"Idempotency-Key", "kota-2026-0100"}};
  const std::string code = created_id(post(request(key_), "json", once));
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(created_id(post(request(key_), "json", once)), code) << "a retry is still the same";
  auto db = open_server_database(server_.data_dir());
  ASSERT_TRUE(db.ok());
  auto stored =
      db.value().database().prepare("SELECT receipt_secret FROM reports WHERE tracking_code = ?1");
  ASSERT_TRUE(stored.ok()) << stored.error().detail;
  auto& row = stored.value().bind_text(1, code);
  auto stepped = row.step();
  ASSERT_TRUE(stepped && stepped.value());
  const std::string secret = row.column_text(0);
  // The sender's view (title and text, acting as the reporter) opens with the secret only.
  auto senders_view = [&](const std::string& receipt) {
    auto answer = server_.client().Get("/api/v1/track/" + code, {{"X-Aduan-Receipt", receipt}});
    return answer && answer->status == 200 && answer->body.find("\"title\"") != std::string::npos;
  };
  EXPECT_TRUE(senders_view(secret));
  // The key's id is printed, listed and in the audit log; the Idempotency-Key is the client's.
  const std::string from_public_values =
      server::derived_ids("open311:" + last_key_id_ + ":kota-2026-0100").receipt_secret;
  EXPECT_NE(from_public_values, secret);
  EXPECT_FALSE(senders_view(from_public_values));
}

TEST_F(Open311Post, TheDatabaseKeepsOnlyTheKeysHash) {
  ASSERT_FALSE(created_id(post(request(key_))).empty());
  {
    auto db = open_server_database(server_.data_dir());
    ASSERT_TRUE(db.ok());
    auto keys =
        db.value().database().prepare("SELECT key_sha256 FROM open311_keys WHERE key_id = ?1");
    ASSERT_TRUE(keys.ok()) << keys.error().detail;
    auto& row = keys.value().bind_text(1, last_key_id_);
    auto stepped = row.step();
    ASSERT_TRUE(stepped && stepped.value());
    EXPECT_EQ(row.column_text(0), domain::sha256_hex(key_));
  }
  // Nowhere in the database (SQLite's WAL included) are the plain key's bytes.
  ASSERT_EQ(key_.size(), 48u);
  const std::string database = server_database_contents(server_.data_dir());
  ASSERT_NE(database.find(last_key_id_), std::string::npos) << "the search reads the data";
  EXPECT_EQ(database.find(key_), std::string::npos);
}

TEST_F(Open311Post, NoContactIsAnonymousTheIncidentIsTodayAndTheTitleIsCut) {
  auto fields = request(key_);
  for (const char* name : {"first_name", "last_name", "phone", "email", "description"})
    fields.erase(name);
  fields.emplace("description",
                 "Rusak\nJembatan gantung di dusun kami putus sejak banjir kemarin.");
  const std::string anonymous = created_id(post(fields));
  ASSERT_FALSE(anonymous.empty());
  json::Value detail = detail_of(anonymous);
  EXPECT_EQ(detail.bool_at("anonymous"), true);
  EXPECT_EQ(detail.get("reporter")->kind, json::Value::Kind::null);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_EQ(detail.string_at("incident_date"),
            domain::to_string(workflow::local_date(now, workflow::TimeZone::wib)));
  EXPECT_EQ(detail.string_at("title"), "Infrastruktur (jalan, jembatan, irigasi): Rusak")
      << "a first line under 10 characters gets the service's name";

  // A first line of 160 characters: its first 149 and an ellipsis (150, the most a title has).
  std::string line;
  while (line.size() < 160) line += "Jalan rusak parah. ";
  line.resize(160);
  auto long_title = request(key_);
  long_title.erase("description");
  long_title.emplace("description", line + "\nMohon segera diperbaiki.");
  detail = detail_of(created_id(post(long_title)));
  EXPECT_EQ(detail.string_at("title"), line.substr(0, 149) + "…");
  EXPECT_EQ(detail.string_at("body"), line + "\nMohon segera diperbaiki.");
}

TEST_F(Open311Post, AMultipartRequestKeepsItsClassificationAndAgency) {
  httplib::MultipartFormDataItems items;
  for (const auto& [name, value] : request(key_)) items.push_back({name, value, "", ""});
  items.push_back({"attribute[classification]", "aspirasi", "", ""});
  items.push_back({"attribute[agency_id]", "kab-32.12-dinkes", "", ""});
  const std::string code = created_id(server_.client().Post("/open311/v2/requests.json", items));
  ASSERT_FALSE(code.empty());
  const json::Value detail = detail_of(code);
  EXPECT_EQ(detail.string_at("classification"), "aspirasi");
  EXPECT_EQ(detail.string_at("citizen_agency_id"), "kab-32.12-dinkes");
  EXPECT_EQ(detail.string_at("region_code"), "32.12");
  EXPECT_EQ(detail.string_at("body"), kText);
}

TEST_F(Open311Post, ARequestWithoutARegionWaitsForTheVerifyingAdmins) {
  auto created = post(request(key_, false));
  const std::string code = created_id(created);
  ASSERT_FALSE(code.empty());
  EXPECT_NE(created->body.find("the region is completed by the verifying admins"),
            std::string::npos);
  json::Value detail = detail_of(code);
  const std::string id = detail.string_at("report_id");
  EXPECT_EQ(detail.string_at("region_code"), "");
  ASSERT_EQ(detail.get("details_pending")->items.size(), 1u);
  EXPECT_EQ(detail.get("details_pending")->items[0].text, "region");
  for (const auto& action : detail.get("available_actions")->items)
    EXPECT_NE(action.string_at("action"), "verify") << "verifying waits for the region";
  auto early = act(server_, national_, *domain::ReportId::parse(id), {"verify"});
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 409);
  EXPECT_NE(early->body.find("officer.details_pending"), std::string::npos) << early->body;

  const std::string path = "/api/v1/officer/reports/" + id + "/details";
  auto complete = [&](const std::string& session, const std::string& region) {
    return server_.client().Post(path, {{"X-Aduan-Session", session}}, "region_code=" + region,
                                 kForm);
  };
  const auto liaison =
      officer_session(server_, "petugas.pupr", "liaison_officer", "kab-32.12-pupr", "");
  EXPECT_EQ(complete(liaison, "32.12")->status, 403) << "only who may verify it";
  auto bad = complete(national_, "99.99");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("details.bad_region"), std::string::npos);
  auto done = complete(national_, "32.12");
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(
      done->body,
      "{\"report_id\":\"" + id +
          "\",\"region_code\":\"32.12\",\"category_id\":\"infrastruktur\",\"details_pending\":[]}");
  EXPECT_EQ(complete(national_, "32.13")->status, 409) << "a region set is not changed here";
  detail = detail_of(code);
  EXPECT_EQ(detail.string_at("region_code"), "32.12");
  EXPECT_EQ(detail.get("details_pending")->items.size(), 0u);
  EXPECT_EQ(act(server_, national_, *domain::ReportId::parse(id), {"verify"})->status, 200);
}

TEST_F(Open311Post, BadFieldsGetTheSpecificationsErrorNamingTheProblem) {
  auto without = [&](const char* name) {
    auto fields = request(key_);
    fields.erase(name);
    return fields;
  };
  auto no_location = without("address_string");
  no_location.erase("lat");
  auto bad_lat = request(key_);
  bad_lat.erase("lat");
  bad_lat.emplace("lat", "utara");
  auto unknown_service = request(key_);
  unknown_service.erase("service_code");
  unknown_service.emplace("service_code", "tidak-ada");
  auto short_text = request(key_);
  short_text.erase("description");
  short_text.emplace("description", "Rusak.");
  auto bad_region = request(key_);
  bad_region.erase("attribute[region_code]");
  bad_region.emplace("attribute[region_code]", "99.99");
  for (const auto& [fields, expected] : std::vector<std::pair<httplib::Params, std::string>>{
           {no_location, "a location is required"},
           {bad_lat, "lat and long"},
           {unknown_service, "service_code"},
           {short_text, "body: rules.body.too_short"},
           {bad_region, "location.region_code"}}) {
    auto answer = post(fields);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400) << expected << ": " << answer->body;
    EXPECT_NE(answer->body.find(expected), std::string::npos) << answer->body;
  }
  auto stats = get_as(server_, "", "/api/v1/stats");
  EXPECT_NE(stats->body.find("\"open311\":0"), std::string::npos)
      << "nothing stored: " << stats->body;
}

TEST(Open311PostLimit, EachKeyHasItsOwnRate) {
  ServerProcess server(server_args({"--device-rate", "0.01"}));
  ASSERT_TRUE(server.started()) << server.output();
  auto issue = [&](const std::string& name) {
    auto parsed = json::parse(run(server_binary() + " open311-key --name " + name + " --data-dir " +
                                  server.data_dir() + " 2>/dev/null"));
    return parsed ? parsed.value().string_at("api_key") : std::string();
  };
  const std::string busy = issue("sibuk"), quiet = issue("tenang");
  auto post = [&](const std::string& key) {
    httplib::Params fields{{"api_key", key},
                           {"service_code", "infrastruktur"},
                           {"description", kText},
                           {"address_string", "Jl. Siliwangi 17"},
                           {"attribute[region_code]", "32.12"}};
    return server.client()
        .Post("/open311/v2/requests.json", httplib::detail::params_to_query_str(fields), kForm)
        ->status;
  };
  int limited = 0;
  for (int i = 0; i < 20 && limited == 0; ++i) limited += post(busy) == 429 ? 1 : 0;
  EXPECT_EQ(limited, 1) << "the busy key reaches its limit";
  EXPECT_EQ(post(quiet), 201) << "another key is not slowed by it";
}

}  // namespace
}  // namespace aduan::testing
