// Open311 GeoReport v2's read-only routes over real HTTP (shell/server/api_open311*.cpp): the
// discovery document, the services (the catalog's categories, in Bahasa Indonesia or English)
// and a service's definition with the attributes Open311 lacks (the region), in JSON and XML;
// service requests by id and by the specification's filters, showing what the public tracking
// page shows and never a person, a text, a place or a confidential report; the specification's
// error format with the matching status for an unknown service, request, jurisdiction or
// resource and for bad filters, and for any other method or path under /open311/. The list
// leaves out a report whose region the open data's disclosure rule coarsens (a lone report in its
// category, month and region), which is still found by its id.
#include <gtest/gtest.h>

#include "core/json/json_reader.h"
#include "tests/server/workflow_client.h"

namespace aduan::testing {
namespace {

class Open311 : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.started()) << server_.output(); }

  // A JSON answer, parsed; fails the test on another status.
  json::Value get_json(const std::string& path, int status = 200) {
    auto answer = server_.client().Get(path);
    EXPECT_TRUE(answer);
    if (!answer) return {};
    EXPECT_EQ(answer->status, status) << path << ": " << answer->body;
    EXPECT_EQ(answer->get_header_value("Content-Type"), "application/json") << path;
    auto parsed = json::parse(answer->body);
    EXPECT_TRUE(parsed.ok()) << answer->body;
    return parsed ? parsed.value() : json::Value{};
  }

  std::string get_xml(const std::string& path, int status = 200) {
    auto answer = server_.client().Get(path);
    EXPECT_TRUE(answer);
    if (!answer) return {};
    EXPECT_EQ(answer->status, status) << path << ": " << answer->body;
    EXPECT_EQ(answer->get_header_value("Content-Type"), "text/xml; charset=utf-8") << path;
    EXPECT_TRUE(answer->body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
        << answer->body;
    return answer->body;
  }

  ServerProcess server_{server_args()};
};

TEST_F(Open311, DiscoveryNamesTheEndpointAndItsFormats) {
  const json::Value discovery = get_json("/open311/v2/discovery.json");
  const json::Value* endpoints = discovery.get("endpoints");
  ASSERT_TRUE(endpoints && endpoints->is_array() && endpoints->items.size() == 1);
  EXPECT_EQ(endpoints->items[0].string_at("specification"), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(endpoints->items[0].string_at("url"), "/open311/v2");
  const std::string xml = get_xml("/open311/v2/discovery.xml");
  EXPECT_NE(xml.find("<discovery><changeset>"), std::string::npos) << xml;
  EXPECT_NE(
      xml.find("<formats><format>text/xml</format><format>application/json</format></formats>"),
      std::string::npos)
      << xml;
}

TEST_F(Open311, ServicesAreTheCatalogsCategoriesInEitherLanguage) {
  const auto& categories = test_catalog().categories();
  const json::Value services = get_json("/open311/v2/services.json");
  ASSERT_TRUE(services.is_array());
  ASSERT_EQ(services.items.size(), categories.size());
  for (std::size_t i = 0; i < categories.size(); ++i) {
    EXPECT_EQ(services.items[i].string_at("service_code"), categories[i].id);
    EXPECT_EQ(services.items[i].string_at("service_name"), categories[i].name_id);
    EXPECT_EQ(services.items[i].bool_at("metadata"), true);
    EXPECT_EQ(services.items[i].string_at("type"), "realtime");
  }
  const json::Value english = get_json("/open311/v2/services.json?lang=en&jurisdiction_id=aduan");
  ASSERT_EQ(english.items.size(), categories.size());
  EXPECT_EQ(english.items[0].string_at("service_name"), categories[0].name_en);
  const std::string xml = get_xml("/open311/v2/services.xml");
  EXPECT_NE(xml.find("<service><service_code>infrastruktur</service_code><service_name>"
                     "Infrastruktur (jalan, jembatan, irigasi)</service_name>"),
            std::string::npos)
      << xml;
}

TEST_F(Open311, ADefinitionAsksForTheRegionWithoutRequiringIt) {
  const json::Value definition = get_json("/open311/v2/services/kesehatan.json");
  EXPECT_EQ(definition.string_at("service_code"), "kesehatan");
  const json::Value* attributes = definition.get("attributes");
  ASSERT_TRUE(attributes && attributes->is_array() && attributes->items.size() == 3);
  const json::Value& region = attributes->items[0];
  EXPECT_EQ(region.string_at("code"), "region_code");
  EXPECT_EQ(region.string_at("datatype"), "string");
  EXPECT_EQ(region.bool_at("required"), false);
  const json::Value& classification = attributes->items[1];
  EXPECT_EQ(classification.string_at("datatype"), "singlevaluelist");
  const json::Value* values = classification.get("values");
  ASSERT_TRUE(values && values->items.size() == 3);
  EXPECT_EQ(values->items[0].string_at("key"), "pengaduan");
  const std::string xml = get_xml("/open311/v2/services/kesehatan.xml");
  EXPECT_NE(xml.find("<service_definition><service_code>kesehatan</service_code><attributes>"
                     "<attribute><variable>true</variable><code>region_code</code>"),
            std::string::npos)
      << xml;
}

TEST_F(Open311, ErrorsAreTheSpecificationsArrayWithTheirStatus) {
  for (const char* path :
       {"/open311/v2/services/tidak-ada.json", "/open311/v2/services.json?jurisdiction_id=jakarta",
        "/open311/v2/requests/unknown/thing.json", "/open311/v3/services.json"}) {
    const json::Value errors = get_json(path, 404);
    ASSERT_TRUE(errors.is_array() && errors.items.size() == 1) << path;
    EXPECT_EQ(errors.items[0].number_at("code"), 404) << path;
    EXPECT_FALSE(errors.items[0].string_at("description").empty()) << path;
  }
  const std::string xml = get_xml("/open311/v2/services/tidak-ada.xml", 404);
  EXPECT_NE(xml.find("<errors><error><code>404</code><description>"), std::string::npos) << xml;

  // Other methods too: a route's path asked with a method it does not serve is a 405 naming the
  // ones it does; any other path a 404. Never the server's own {"error":...}.
  const struct {
    const char* method;
    const char* path;
    int status;
    const char* allow;
  } others[] = {{"POST", "/open311/v2/services.json", 405, "GET"},
                {"POST", "/open311/v2/requests.csv", 404, ""},
                {"PUT", "/open311/v2/requests.json", 405, "GET, POST"},
                {"DELETE", "/open311/v2/requests/ABCD-EFGH-JKMN-P.json", 405, "GET"},
                {"PATCH", "/open311/v2/nothing.json", 404, ""},
                {"POST", "/open311/v2/discovery.xml", 405, "GET"}};
  for (const auto& other : others) {
    const std::string method = other.method;
    auto answer = method == "POST"    ? server_.client().Post(other.path, "a=1", "text/plain")
                  : method == "PUT"   ? server_.client().Put(other.path, "a=1", "text/plain")
                  : method == "PATCH" ? server_.client().Patch(other.path, "a=1", "text/plain")
                                      : server_.client().Delete(other.path);
    ASSERT_TRUE(answer) << method << " " << other.path;
    EXPECT_EQ(answer->status, other.status) << method << " " << other.path << ": " << answer->body;
    EXPECT_EQ(answer->get_header_value("Allow"), other.allow) << method << " " << other.path;
    const std::string code = std::to_string(other.status);
    if (std::string_view(other.path).ends_with(".xml")) {
      EXPECT_NE(answer->body.find("<errors><error><code>" + code + "</code>"), std::string::npos)
          << answer->body;
      continue;
    }
    auto errors = json::parse(answer->body);
    ASSERT_TRUE(errors.ok() && errors.value().is_array() && errors.value().items.size() == 1)
        << method << " " << other.path << ": " << answer->body;
    EXPECT_EQ(errors.value().items[0].number_at("code"), other.status) << answer->body;
  }
}

class Open311Requests : public Open311 {
 protected:
  void SetUp() override {
    Open311::SetUp();
    ASSERT_TRUE(device_.register_device());
    open_ = in_cell(31101);
    open_.contact = domain::ReporterContact{"Siti Aminah", "081234567890", ""};
    secret_ = valid_report(31102);
    secret_.confidential = true;
    lone_ = report_at(31103, "32.12", "");
    lone_.category_id = "kesehatan";
    push({open_, secret_, lone_});
    peers_ = {in_cell(31104), in_cell(31105)};
    push(peers_);
  }

  // A public infrastructure report in Indramayu: open_ and its two peers make a cell of 3, which
  // the open data publishes as it is; lone_ is the only health report there (coarsened).
  static domain::Report in_cell(std::uint64_t seed) {
    domain::Report report = report_at(seed, "32.12", "");
    report.category_id = "infrastruktur";
    return report;
  }

  void push(const std::vector<domain::Report>& reports) {
    auto pushed = device_.push(reports);
    ASSERT_TRUE(pushed);
    for (const auto& verdict : pushed->verdicts) ASSERT_EQ(verdict.kind, wire::VerdictKind::stored);
  }

  // The service_request_ids of a list, in its order.
  std::vector<std::string> ids_of(const std::string& path) {
    std::vector<std::string> ids;
    for (const auto& request : get_json(path).items)
      ids.push_back(request.string_at("service_request_id"));
    return ids;
  }

  // Nothing of the reporter or the report's words is in an answer.
  void expect_no_person(const std::string& path) {
    auto answer = server_.client().Get(path);
    ASSERT_TRUE(answer);
    for (const std::string& private_text :
         {open_.title, open_.body, std::string("Siti Aminah"), std::string("081234567890"),
          open_.location.place, secret_.tracking_code, secret_.title}) {
      if (private_text.empty()) continue;
      EXPECT_EQ(answer->body.find(private_text), std::string::npos) << path;
    }
  }

  TestDevice device_{server_};
  domain::Report open_, secret_, lone_;
  std::vector<domain::Report> peers_;
};

TEST_F(Open311Requests, ARequestIsWhatThePublicTrackingPageShows) {
  const json::Value requests = get_json("/open311/v2/requests/" + open_.tracking_code + ".json");
  ASSERT_TRUE(requests.is_array() && requests.items.size() == 1);
  const json::Value& request = requests.items[0];
  EXPECT_EQ(request.string_at("service_request_id"), open_.tracking_code);
  EXPECT_EQ(request.string_at("status"), "open");
  EXPECT_EQ(request.string_at("service_code"), open_.category_id);
  EXPECT_EQ(request.string_at("service_name"),
            test_catalog().find_category(open_.category_id)->name_id);
  // Datetimes in the case's own zone; a new report runs against the verification deadline.
  for (const char* name : {"requested_datetime", "updated_datetime", "expected_datetime"}) {
    const std::string at = request.string_at(name);
    ASSERT_EQ(at.size(), 25u) << name << ": " << at;
    EXPECT_TRUE(at.ends_with("+07:00") || at.ends_with("+08:00") || at.ends_with("+09:00")) << at;
  }
  EXPECT_TRUE(request.string_at("expected_datetime").substr(10).starts_with("T23:59:59"));
  EXPECT_EQ(request.get("description"), nullptr);
  EXPECT_EQ(request.get("address"), nullptr);
  EXPECT_EQ(request.get("lat"), nullptr);
  expect_no_person("/open311/v2/requests/" + open_.tracking_code + ".json");
  expect_no_person("/open311/v2/requests/" + open_.tracking_code + ".xml");
  const std::string xml = get_xml("/open311/v2/requests/" + open_.tracking_code + ".xml");
  EXPECT_NE(xml.find("<service_requests><request><service_request_id>" + open_.tracking_code +
                     "</service_request_id><status>open</status>"),
            std::string::npos)
      << xml;
  // A confidential report does not exist here, as on the tracking page.
  const json::Value hidden =
      get_json("/open311/v2/requests/" + secret_.tracking_code + ".json", 404);
  ASSERT_TRUE(hidden.is_array() && hidden.items.size() == 1);
  EXPECT_EQ(hidden.items[0].number_at("code"), 404);
}

TEST_F(Open311Requests, TheListFollowsTheSpecificationsFilters) {
  // Newest first (the peers came in a later push, the second after the first).
  const std::vector<std::string> newest_first{peers_[1].tracking_code, peers_[0].tracking_code,
                                              open_.tracking_code};
  EXPECT_EQ(ids_of("/open311/v2/requests.json"), newest_first)
      << "neither the confidential report nor the lone one is listed";
  EXPECT_EQ(ids_of("/open311/v2/requests.json?limit=1"),
            std::vector<std::string>{peers_[1].tracking_code});
  EXPECT_EQ(ids_of("/open311/v2/requests.json?limit=2").size(), 2u);
  expect_no_person("/open311/v2/requests.json");
  expect_no_person("/open311/v2/requests.xml");

  const json::Value by_id =
      get_json("/open311/v2/requests.json?status=closed&service_request_id=" + open_.tracking_code +
               "," + secret_.tracking_code + ",NOPE");
  ASSERT_EQ(by_id.items.size(), 1u)
      << "ids ignore every other filter; unknown and confidential are left out";
  EXPECT_EQ(get_json("/open311/v2/requests.json?status=closed").items.size(), 0u);
  EXPECT_EQ(get_json("/open311/v2/requests.json?status=open,closed").items.size(), 3u);
  EXPECT_EQ(
      get_json("/open311/v2/requests.json?service_code=infrastruktur&status=open").items.size(),
      3u);
  EXPECT_EQ(get_json("/open311/v2/requests.json?service_code=pendidikan").items.size(), 0u);
  EXPECT_EQ(
      get_json(
          "/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z")
          .items.size(),
      0u);

  for (const char* bad :
       {"/open311/v2/requests.json?status=pending",
        "/open311/v2/requests.json?service_code=tidak-ada",
        "/open311/v2/requests.json?start_date=kemarin",
        "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2025-01-01T00:00:00Z",
        "/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z",
        "/open311/v2/requests.json?limit=0", "/open311/v2/requests.json?limit=5000"}) {
    const json::Value errors = get_json(bad, 400);
    ASSERT_TRUE(errors.is_array() && errors.items.size() == 1) << bad;
    EXPECT_EQ(errors.items[0].number_at("code"), 400) << bad;
  }
  std::string ids = open_.tracking_code;
  for (int i = 0; i < 100; ++i) ids += "," + open_.tracking_code;
  EXPECT_EQ(get_json("/open311/v2/requests.json?service_request_id=" + ids, 400)
                .items.at(0)
                .number_at("code"),
            400)
      << "101 ids";
}

TEST_F(Open311Requests, ALoneReportInASmallCellIsLeftOutOfTheListButFoundByItsId) {
  // Listing lone_ would hand out the code whose tracking page shows the region the open data
  // withholds for (kesehatan, this month, 32.12): it holds 1 < 3.
  for (const char* path : {"/open311/v2/requests.json", "/open311/v2/requests.json?status=open",
                           "/open311/v2/requests.json?service_code=kesehatan"}) {
    const auto listed = ids_of(path);
    EXPECT_EQ(std::count(listed.begin(), listed.end(), lone_.tracking_code), 0) << path;
  }
  EXPECT_EQ(get_xml("/open311/v2/requests.xml").find(lone_.tracking_code), std::string::npos);
  // Its reporter's handle still answers, as the tracking page does.
  EXPECT_EQ(ids_of("/open311/v2/requests/" + lone_.tracking_code + ".json"),
            std::vector<std::string>{lone_.tracking_code});
  EXPECT_EQ(ids_of("/open311/v2/requests.json?service_request_id=" + lone_.tracking_code),
            std::vector<std::string>{lone_.tracking_code});
  // Two more health reports there make its cell 3: now it is listed.
  std::vector<domain::Report> more{report_at(31106, "32.12", ""), report_at(31107, "32.12", "")};
  for (auto& report : more) report.category_id = "kesehatan";
  push(more);
  const auto listed = ids_of("/open311/v2/requests.json?service_code=kesehatan");
  EXPECT_EQ(listed.size(), 3u);
  EXPECT_EQ(std::count(listed.begin(), listed.end(), lone_.tracking_code), 1);
}

TEST_F(Open311Requests, TheAgencyAndTheZoneAreTheCases) {
  // Routed to Indramayu's health office: its name is agency_responsible; WIB.
  const std::string national = officer_session(server_, "nasional", "national_admin", "", "");
  ASSERT_EQ(act(server_, national, open_.id, {"verify"})->status, 200);
  ASSERT_EQ(act(server_, national, open_.id, {"disposition", "", "kab-32.12-dinkes"})->status, 200);
  const json::Value routed = get_json("/open311/v2/requests/" + open_.tracking_code + ".json");
  ASSERT_EQ(routed.items.size(), 1u);
  EXPECT_EQ(routed.items[0].string_at("agency_responsible"), "Dinas Kesehatan Kabupaten Indramayu");
  EXPECT_TRUE(routed.items[0].string_at("requested_datetime").ends_with("+07:00"));
  EXPECT_EQ(get_json("/open311/v2/requests/" + lone_.tracking_code + ".json")
                .items.at(0)
                .string_at("agency_responsible"),
            "")
      << "no agency holds it yet";
  // Unrouted reports in Bali (WITA) and Papua (WIT) count in the zone of where they happened.
  const domain::Report bali = report_at(31108, "51.71", ""), papua = report_at(31109, "91.03", "");
  push({bali, papua});
  for (const auto& [report, offset] :
       {std::pair{bali, std::string("+08:00")}, std::pair{papua, std::string("+09:00")}}) {
    const json::Value request = get_json("/open311/v2/requests/" + report.tracking_code + ".json");
    ASSERT_EQ(request.items.size(), 1u);
    for (const char* name : {"requested_datetime", "updated_datetime", "expected_datetime"})
      EXPECT_TRUE(request.items[0].string_at(name).ends_with(offset))
          << report.location.region_code << " " << name << ": " << request.items[0].string_at(name);
  }
}

}  // namespace
}  // namespace aduan::testing
