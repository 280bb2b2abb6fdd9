// shell/server/api_attachments.cpp: attachments, uploaded in chunks that survive interruption.
//
// GET /api/v1/reports/<report>/attachments/<attachment>          -> {"bytes_held":N,"complete":b}
// PUT /api/v1/reports/<report>/attachments/<attachment>?offset=N  body: the next chunk
// The report (already pushed by this device) declares each attachment's size and SHA-256; the
// upload must match them. After any interruption the device asks how many bytes the server
// holds and continues from there; a chunk at any other offset is refused (409) and nothing is
// written. The SHA-256 is verified when the last byte arrives.
#include <cstdlib>

#include "core/domain/report.h"
#include "core/rules/report_rules.h"
#include "shell/server/api_common.h"

namespace aduan::server {
namespace {

std::string progress_json(const store::AttachmentUpload& upload) {
  return "{\"bytes_held\":" + std::to_string(upload.bytes_held) + ",\"size\":" +
         std::to_string(upload.expected_size) + ",\"complete\":" + (upload.complete ? "true" : "false") + "}";
}

// The upload as the report declares it, after checking the device owns the report.
std::optional<store::AttachmentUpload> declared_upload(store::ServerRepository& store,
                                                       const httplib::Request& request,
                                                       httplib::Response& response,
                                                       const std::string& device_id) {
  auto report_id = domain::ReportId::parse(request.matches[1].str());
  if (!report_id) {
    send_error(response, 400, "attachment.bad_report_id", "the report id must be 32 hex digits");
    return std::nullopt;
  }
  auto report = store.report(*report_id);
  if (!report) {
    send_error(response, 503, report.error().code, "try again later");
    return std::nullopt;
  }
  if (!report.value() || report.value()->device_id != device_id) {
    send_error(response, 404, "attachment.unknown_report", "push the report before its attachments");
    return std::nullopt;
  }
  for (const auto& attachment : report.value()->report.attachments) {
    if (attachment.id != request.matches[2].str()) continue;
    if (attachment.size_bytes > rules::kMaxAttachmentBytes) {  // the one cap, as the rules say
      send_error(response, 413, "attachment.too_large",
                 "attachments are limited to " + std::to_string(rules::kMaxAttachmentBytes >> 20) +
                     " MiB");
      return std::nullopt;
    }
    return store::AttachmentUpload{report_id->to_string(), attachment.id, attachment.size_bytes,
                                   attachment.sha256_hex, 0, false};
  }
  send_error(response, 404, "attachment.unknown", "the report declares no such attachment");
  return std::nullopt;
}

void answer_upload(httplib::Response& response, const Result<store::AttachmentUpload>& upload) {
  if (upload) {
    response.set_header("Cache-Control", "no-store");
    return response.set_content(progress_json(upload.value()), "application/json");
  }
  const std::string& code = upload.error().code;
  if (code == "store.bad_offset") return send_error(response, 409, "attachment.bad_offset", upload.error().detail);
  if (code == "store.hash_mismatch")
    return send_error(response, 422, "attachment.hash_mismatch",
                      "the bytes do not match the declared SHA-256; the upload starts again from 0");
  if (code == "store.too_large") return send_error(response, 413, "attachment.too_large", upload.error().detail);
  if (code == "store.conflict") return send_error(response, 409, "attachment.conflict", upload.error().detail);
  send_error(response, 503, code, "try again later");
}

}  // namespace

void install_attachment_routes(RouteTable& routes, ServerContext& context) {
  const char* pattern = R"(/api/v1/reports/([0-9a-fA-F]{32})/attachments/([0-9a-fA-F]{1,64}))";
  routes.get("/api/v1/reports/{report_id}/attachments/{attachment_id}", pattern,
             [&context](const httplib::Request& request, httplib::Response& response) {
               auto device = authenticate_device(context, request, response);
               if (!device) return;
               auto* store = store_or_503(context, response);
               if (!store) return;
               auto wanted = declared_upload(*store, request, response, *device);
               if (!wanted) return;
               answer_upload(response, store->begin_upload(*wanted));
             });
  routes.put("/api/v1/reports/{report_id}/attachments/{attachment_id}", pattern,
             [&context](const httplib::Request& request, httplib::Response& response) {
               auto device = authenticate_device(context, request, response);
               if (!device) return;
               const std::string offset_text = request.get_param_value("offset");
               char* end = nullptr;
               const unsigned long long offset = std::strtoull(offset_text.c_str(), &end, 10);
               if (offset_text.empty() || *end != '\0')
                 return send_error(response, 400, "attachment.bad_offset",
                                   "?offset=<bytes already held> is required");
               auto* store = store_or_503(context, response);
               if (!store) return;
               auto wanted = declared_upload(*store, request, response, *device);
               if (!wanted) return;
               auto begun = store->begin_upload(*wanted);
               if (!begun) return answer_upload(response, begun);
               const auto* bytes = reinterpret_cast<const std::uint8_t*>(request.body.data());
               answer_upload(response, store->append_chunk(wanted->report_id, wanted->attachment_id,
                                                           offset, {bytes, request.body.size()}));
             });
}

}  // namespace aduan::server
