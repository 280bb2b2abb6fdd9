// shell/device/device_export.h: the file a citizen keeps when the browser may not keep their data.
//
// Owns the JSON export of unsent reports (queued, sending, rejected) with everything the
// citizen typed, so nothing is lost when storage persistence is refused or space runs out.
// Does not own the download (device_services_web.cpp hands the bytes to the browser) nor
// reading it back (the server's operators can import it; the format is documented here).
//
// Format (UTF-8 JSON, one object):
//   { "format": "aduan.unsent_reports", "version": 1, "exported_at": "2026-11-24T01:30:00Z",
//     "reports": [ {
//       "id": 32 hex digits (the idempotency key: importing twice is harmless),
//       "tracking_code", "receipt_secret", "state": "queued" | "sending" | "rejected",
//       "attempts", "queued_at", "last_error", "problems": [ {"field", "code"} ],
//       "classification": "pengaduan" | "aspirasi" | "permintaan_informasi",
//       "title", "body", "incident_date": "YYYY-MM-DD",
//       "location": { "region_code", "place", "latitude"?, "longitude"? },
//       "category_id", "agency_id", "anonymous", "confidential",
//       "contact": { "name", "phone", "email" } | null,
//       "channel": "web" | "kiosk" | ..., "created_at",
//       "attachments": [ { "id", "media_type", "size_bytes", "sha256" } ] } ] }
// Times are ISO 8601 UTC. Attachment contents are not included (only their description).
#pragma once

#include <string>

#include "core/domain/result.h"
#include "core/store/local_store.h"

namespace aduan::app {

struct UnsentExport {
  std::string json;
  int report_count = 0;
};

Result<UnsentExport> export_unsent_reports(store::LocalStore& store, domain::Timestamp now);

// "2026-11-24T01:30:00Z" for milliseconds since the Unix epoch.
std::string iso_utc(domain::Timestamp ms);

}  // namespace aduan::app
