// shell/server/api_evidence.cpp: officers see the evidence the citizen sent.
//
// GET /api/v1/officer/reports/<report id>/attachments/<attachment id>   (X-Aduan-Session)
// Decided in this order, as the console's other routes: 401 without a live session, 400 for a
// malformed report id, 404 officer.unknown_report, 403 officer.out_of_scope (the report is
// outside what the officer's role sees), 404 attachment.unknown (the report declares no such
// attachment), 404 attachment.not_verified (its upload is not complete with its SHA-256
// checked), 415 attachment.type_not_allowed (the bytes are not JPEG, PNG, WebP or PDF, whatever
// the device declared), 422 attachment.unreadable (an image the metadata stripper cannot parse:
// never served with its metadata). Then one audit row (who, which report and attachment, when)
// is written, and only once it is durable are the bytes sent: no view without its record.
//
// What is sent is evidence_media.h's: images as a copy without metadata, PDF as stored. The
// headers keep the file from acting as a page of this origin (a sandboxing CSP, nosniff, no
// framing), out of shared caches and the browser's disk cache (private, no-store), and name it
// with a generated file name (the tracking code and the attachment's position; nothing the
// device chose).
#include "shell/server/api_common.h"
#include "shell/server/evidence_media.h"
#include "shell/server/officer_report.h"

namespace aduan::server {
namespace {

// Replaces the site-wide header of the same name (http_app.cpp sets every response's first).
void replace_header(httplib::Response& response, const std::string& name,
                    const std::string& value) {
  response.headers.erase(name);
  response.set_header(name, value);
}

std::string file_name(const store::StoredReport& stored, std::size_t position,
                      const EvidenceKind& kind) {
  // A tracking code is upper-case letters, digits and dashes: safe inside quotes as it is.
  return stored.report.tracking_code + "-" + std::to_string(position + 1) + "." +
         std::string(kind.extension);
}

void send_evidence(httplib::Response& response, std::string bytes, const EvidenceKind& kind,
                   const std::string& name) {
  replace_header(response, "Cache-Control", "private, no-store");
  // sandbox: opened directly, the file runs no script and has an opaque origin; default-src
  // 'none': it loads nothing. An image or PDF needs neither to be shown.
  replace_header(response, "Content-Security-Policy",
                 "sandbox; default-src 'none'; frame-ancestors 'none'");
  replace_header(response, "X-Content-Type-Options", "nosniff");
  replace_header(response, "Cross-Origin-Resource-Policy", "same-origin");
  // Images are shown in place; a document is saved rather than opened by whatever viewer the
  // browser has (a PDF can carry scripts and forms).
  replace_header(response, "Content-Disposition",
                 std::string(kind.image ? "inline" : "attachment") + "; filename=\"" + name + "\"");
  replace_header(response, "Content-Type", std::string(kind.media_type));
  response.body = std::move(bytes);  // set_content would copy up to the cap of a file
}

void serve_attachment(ServerContext& context, const httplib::Request& request,
                      httplib::Response& response) {
  auto opened = open_report_as_officer(context, request, response);
  if (!opened) return;
  const store::StoredReport& stored = opened->stored;
  const store::Officer& officer = opened->scope->officer();
  const domain::ReportId& id = stored.report.id;
  auto* store = context.store();

  const std::string attachment_id = request.matches[2].str();
  const auto& declared = stored.report.attachments;
  std::size_t position = 0;
  while (position < declared.size() && declared[position].id != attachment_id) ++position;
  if (position == declared.size())
    return send_error(response, 404, "attachment.unknown",
                      "the report declares no such attachment");
  auto held = store->attachment_bytes(id.to_string(), attachment_id);
  if (!held) return send_error(response, 503, held.error().code, "try again later");
  if (!held.value())
    return send_error(response, 404, "attachment.not_verified",
                      "the upload of this attachment is not complete and verified yet");

  auto kind = evidence_kind(*held.value());
  if (!kind)
    return send_error(
        response, 415, "attachment.type_not_allowed",
        "the file is not a JPEG, PNG, WebP or PDF, whatever it was declared as; it is not shown");
  std::string bytes = std::move(*held.value());
  if (kind->image) {
    auto stripped = without_metadata(bytes, *kind);
    if (!stripped)
      return send_error(
          response, 422, "attachment.unreadable",
          "the image cannot be read, so its metadata cannot be removed; it is not shown");
    bytes = std::move(stripped.value());
  }

  store::AuditEntry entry{0,
                          context.now(),
                          officer.id,
                          officer.role,
                          "attachment.view",
                          id,
                          attachment_id,
                          stored.status,
                          stored.status,
                          stored.agency_id,
                          stored.agency_id,
                          stored.report.location.region_code,
                          std::string(kind->media_type)};
  auto written = [&] {
    std::lock_guard<WriterLock> writer(context.write_lock());
    return store->append_audit(entry);
  }();
  if (!written)
    return send_error(response, 503, written.error().code, "not recorded, so not shown; try again");
  send_evidence(response, std::move(bytes), *kind, file_name(stored, position, *kind));
}

}  // namespace

void install_evidence_routes(RouteTable& routes, ServerContext& context) {
  routes.get("/api/v1/officer/reports/{report_id}/attachments/{attachment_id}",
             R"(/api/v1/officer/reports/([0-9A-Fa-f]+)/attachments/([0-9A-Fa-f]{1,64}))",
             [&context](const httplib::Request& request, httplib::Response& response) {
               serve_attachment(context, request, response);
             });
}

}  // namespace aduan::server
