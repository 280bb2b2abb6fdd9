// Open311 GeoReport v2's read-only routes over real HTTP (shell/server/api_open311.cpp): the
// discovery document, the services (the catalog's categories, in Bahasa Indonesia or English)
// and a service's definition with the attributes Open311 lacks (the region), in JSON and XML;
// the specification's error format with the matching status for an unknown service, an unknown
// jurisdiction and an unknown resource.
#include <gtest/gtest.h>

#include "core/json/json_reader.h"
#include "tests/server/api_client.h"

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
}

}  // namespace
}  // namespace aduan::testing
