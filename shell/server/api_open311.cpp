// shell/server/api_open311.cpp: Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), the
// read-only part a city's other systems start with: discovery, the service list and each
// service's definition, in JSON and XML.
//
// GET /open311/v2/discovery.(json|xml)
// GET /open311/v2/services.(json|xml)             the catalog's categories
// GET /open311/v2/services/<code>.(json|xml)      one category, with the attributes Open311 lacks
//
// Owns the mapping of the catalog to Open311's shapes and the specification's error format (an
// array of {code, description}, or <errors> in XML, with the matching HTTP status), also for any
// other path or method under /open311/ (404, or 405 with Allow for a route's path asked with a
// method it does not serve). Does not own service requests (api_open311_requests.cpp reads them,
// api_open311_post.cpp creates them).
//
// Why the region is an attribute: the catalog names regions by Kemendagri code and has no
// boundaries, so a request's lat/long alone cannot say which regency it is in. A client that
// knows the code sends it as the attribute `region_code`; one that does not is still accepted,
// and the verifying admins complete the region, as for SMS.
// `jurisdiction_id` is accepted when absent or "aduan" (one jurisdiction per server).
#include <regex>
#include <string>
#include <string_view>

#include "shell/server/api_common.h"
#include "shell/server/json_writer.h"
#include "shell/server/open311.h"
#include "shell/server/tracking.h"

namespace aduan::server::open311 {
namespace {

constexpr std::string_view kJurisdiction = "aduan";
constexpr std::string_view kSpecification = "http://wiki.open311.org/GeoReport_v2";
constexpr std::string_view kChangeset = "2026-12-06T00:00:00+07:00";

}  // namespace

Format format_of(const std::string& extension) {
  return extension == "xml" ? Format::xml : Format::json;
}

std::string xml_text(std::string_view tag, std::string_view text) {
  return "<" + std::string(tag) + ">" + html_escape(text) + "</" + std::string(tag) + ">";
}

void send_error(httplib::Response& response, Format format, int status,
                std::string_view description) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  if (format == Format::xml) {
    response.set_content("<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error>" +
                             xml_text("code", std::to_string(status)) +
                             xml_text("description", description) + "</error></errors>",
                         "text/xml; charset=utf-8");
    return;
  }
  JsonWriter json;
  json.begin_array()
      .begin_object()
      .field("code", status)
      .field("description", description)
      .end_object()
      .end_array();
  response.set_content(json.str(), "application/json");
}

bool jurisdiction_known(const httplib::Request& request, httplib::Response& response,
                        Format format) {
  const std::string asked = request.get_param_value("jurisdiction_id");
  if (asked.empty() || asked == kJurisdiction) return true;
  send_error(response, format, 404, "unknown jurisdiction_id; this server serves \"aduan\"");
  return false;
}

void answer(httplib::Response& response, Format format, const std::string& json,
            const std::string& xml, std::string_view cache_control) {
  response.set_header("Cache-Control", std::string(cache_control));
  if (format == Format::xml) {
    response.set_content("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml,
                         "text/xml; charset=utf-8");
  } else {
    response.set_content(json, "application/json");
  }
}

std::string methods_of(const std::string& path) {
  // The paths of the routes installed below and in api_open311_requests.cpp and _post.cpp.
  static const std::regex kReadable(
      R"(/open311/v2/(discovery|services|services/[^/]+|requests|requests/[^/]+)\.(json|xml))");
  static const std::regex kCreatable(R"(/open311/v2/requests\.(json|xml))");
  if (std::regex_match(path, kCreatable)) return "GET, POST";
  if (std::regex_match(path, kReadable)) return "GET";
  return "";
}

std::string_view service_name(const domain::Category& category, const httplib::Request& request) {
  return request.get_param_value("lang") == "en" ? category.name_en : category.name_id;
}

namespace {

constexpr std::string_view kServiceListCache = "public, max-age=300";

void discovery(httplib::Response& response, Format format) {
  const std::string base = "/open311/v2";
  JsonWriter json;
  json.begin_object()
      .field("changeset", kChangeset)
      .field("contact", "the operator of this server")
      .field("key_service", "aduan-server open311-key (the operator)")
      .key("endpoints")
      .begin_array()
      .begin_object()
      .field("specification", kSpecification)
      .field("url", base)
      .field("changeset", kChangeset)
      .field("type", "production")
      .key("formats")
      .begin_array()
      .value("text/xml")
      .value("application/json")
      .end_array()
      .end_object()
      .end_array()
      .end_object();
  std::string xml = "<discovery>" + xml_text("changeset", kChangeset) +
                    xml_text("contact", "the operator of this server") +
                    xml_text("key_service", "aduan-server open311-key (the operator)") +
                    "<endpoints><endpoint>" + xml_text("specification", kSpecification) +
                    xml_text("url", base) + xml_text("changeset", kChangeset) +
                    xml_text("type", "production") + "<formats>" + xml_text("format", "text/xml") +
                    xml_text("format", "application/json") +
                    "</formats></endpoint></endpoints></discovery>";
  answer(response, format, json.str(), xml, kServiceListCache);
}

void services(ServerContext& context, const httplib::Request& request, httplib::Response& response,
              Format format) {
  JsonWriter json;
  json.begin_array();
  std::string xml = "<services>";
  for (const auto& category : context.catalog().catalog.categories()) {
    const std::string_view name = service_name(category, request);
    json.begin_object()
        .field("service_code", category.id)
        .field("service_name", name)
        .field("description", name)
        .field("metadata", true)
        .field("type", "realtime")
        .field("keywords", "")
        .field("group", "")
        .end_object();
    xml += "<service>" + xml_text("service_code", category.id) + xml_text("service_name", name) +
           xml_text("description", name) + xml_text("metadata", "true") +
           xml_text("type", "realtime") + "<keywords/><group/></service>";
  }
  json.end_array();
  answer(response, format, json.str(), xml + "</services>", kServiceListCache);
}

// One attribute of a service definition; `values` for a single-value list, else a string.
struct Attribute {
  std::string_view code, description, datatype_description;
  int order;
  std::vector<std::pair<std::string, std::string>> values;
};

void definition(ServerContext& context, httplib::Response& response, Format format,
                const std::string& code) {
  const domain::Category* category = context.catalog().catalog.find_category(code);
  if (category == nullptr)
    return send_error(response, format, 404, "no service with this service_code");
  const std::vector<Attribute> attributes = {
      {"region_code",
       "Kemendagri code of the region where it happened (a regency such as 32.12, or a "
       "district or village the server knows); without it the verifying admins complete it",
       "a region code of GET /api/v1/catalog (regions.tsv)",
       1,
       {}},
      {"classification",
       "complaint (pengaduan), aspiration (aspirasi) or a request for information "
       "(permintaan_informasi); a complaint when absent",
       "one of the values",
       2,
       {{"pengaduan", "Pengaduan"},
        {"aspirasi", "Aspirasi"},
        {"permintaan_informasi", "Permintaan informasi"}}},
      {"agency_id",
       "the agency that must answer, when the reporter knows it; the admins route it otherwise",
       "an agency id of GET /api/v1/catalog (agencies.tsv)",
       3,
       {}},
  };
  JsonWriter json;
  json.begin_object().field("service_code", category->id).key("attributes").begin_array();
  std::string xml =
      "<service_definition>" + xml_text("service_code", category->id) + "<attributes>";
  for (const Attribute& attribute : attributes) {
    const std::string_view datatype = attribute.values.empty() ? "string" : "singlevaluelist";
    json.begin_object()
        .field("variable", true)
        .field("code", attribute.code)
        .field("datatype", datatype)
        .field("required", false)
        .field("datatype_description", attribute.datatype_description)
        .field("order", attribute.order)
        .field("description", attribute.description);
    xml += "<attribute>" + xml_text("variable", "true") + xml_text("code", attribute.code) +
           xml_text("datatype", datatype) + xml_text("required", "false") +
           xml_text("datatype_description", attribute.datatype_description) +
           xml_text("order", std::to_string(attribute.order)) +
           xml_text("description", attribute.description);
    if (!attribute.values.empty()) {
      json.key("values").begin_array();
      xml += "<values>";
      for (const auto& [key, name] : attribute.values) {
        json.begin_object().field("key", key).field("name", name).end_object();
        xml += "<value>" + xml_text("key", key) + xml_text("name", name) + "</value>";
      }
      json.end_array();
      xml += "</values>";
    }
    json.end_object();
    xml += "</attribute>";
  }
  json.end_array().end_object();
  answer(response, format, json.str(), xml + "</attributes></service_definition>",
         kServiceListCache);
}

}  // namespace
}  // namespace aduan::server::open311

namespace aduan::server {

using open311::Format;

void install_open311_routes(RouteTable& routes, ServerContext& context) {
  routes.get("/open311/v2/discovery.{format}", R"(/open311/v2/discovery\.(json|xml))",
             [](const httplib::Request& request, httplib::Response& response) {
               const Format format = open311::format_of(request.matches[1].str());
               if (open311::jurisdiction_known(request, response, format))
                 open311::discovery(response, format);
             });
  routes.get("/open311/v2/services.{format}", R"(/open311/v2/services\.(json|xml))",
             [&context](const httplib::Request& request, httplib::Response& response) {
               const Format format = open311::format_of(request.matches[1].str());
               if (open311::jurisdiction_known(request, response, format))
                 open311::services(context, request, response, format);
             });
  routes.get("/open311/v2/services/{service_code}.{format}",
             R"(/open311/v2/services/([^/]+)\.(json|xml))",
             [&context](const httplib::Request& request, httplib::Response& response) {
               const Format format = open311::format_of(request.matches[2].str());
               if (open311::jurisdiction_known(request, response, format))
                 open311::definition(context, response, format, request.matches[1].str());
             });
  open311::install_request_routes(routes, context);
  open311::install_create_route(routes, context);
  // Anything else under the prefix, whatever the method: the specification's error, not the
  // server's own. These handlers come after the routes above, so they see only what no route took.
  auto not_a_route = [](const httplib::Request& request, httplib::Response& response) {
    set_route_label("/open311/*");
    const Format format = request.path.ends_with(".xml") ? Format::xml : Format::json;
    const std::string allowed = open311::methods_of(request.path);
    if (allowed.empty())
      return open311::send_error(response, format, 404,
                                 "no such Open311 resource; see /open311/v2/discovery.json");
    response.set_header("Allow", allowed);
    open311::send_error(response, format, 405, "this resource answers " + allowed + " only");
  };
  const std::string anything = R"(/open311/.*)";
  routes.unlisted().Get(anything, not_a_route);
  routes.unlisted().Post(anything, not_a_route);
  routes.unlisted().Put(anything, not_a_route);
  routes.unlisted().Patch(anything, not_a_route);
  routes.unlisted().Delete(anything, not_a_route);
}

}  // namespace aduan::server
