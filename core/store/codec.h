// core/store/codec.h: the few values the store encodes itself, between C++ and columns.
//
// Owns the blob form of a draft's fields and of a report id, and reading them back with every
// length checked (a damaged row is "store.corrupt", never a crash or a huge allocation). Does
// not own the wire format: the store deliberately does not use core/wire, so a change of the
// wire never forces a migration of data on devices, and the reverse.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"
#include "core/store/database.h"

namespace aduan::store {

// Draft fields as one blob: a format byte (1), then for each field, in key order, the key and
// the value each as a LEB128 length and bytes. One row per draft keeps an autosave to a single
// upsert; the format byte lets a later version change the layout without a migration.
std::vector<std::uint8_t> encode_draft_fields(const std::map<std::string, std::string>& fields);
Result<std::map<std::string, std::string>> decode_draft_fields(std::span<const std::uint8_t> blob);

inline std::span<const std::uint8_t> id_blob(const domain::ReportId& id) { return id.bytes; }
Result<domain::ReportId> report_id_from_blob(std::span<const std::uint8_t> blob);

// The report columns both stores share, in this order, as the first columns of a query:
// the list below and read_report_columns() are the one place that maps them.
inline constexpr std::string_view kReportColumns =
    "id, tracking_code, receipt_secret, classification, title, body, incident_year, "
    "incident_month, incident_day, region_code, place, latitude, longitude, category_id, "
    "agency_id, anonymous, confidential, contact_name, contact_phone, contact_email, channel, "
    "created_at, received_at, behalf_name, behalf_phone, consent_given, consent_method, "
    "consent_witness, sms_consent";
inline constexpr int kReportColumnCount = 29;
// Rebuilds the exact Report from those columns; an unknown enum name or a bad id is
// "store.corrupt" (naming `what`), never a report with silently different content.
// For a device's Statement and a server SqlStatement alike (instantiated in codec.cpp).
template <class Row>
Result<domain::Report> read_report_columns(const Row& row, std::string_view what);
// Binds parameters ?1..?22 and ?24..?29 of an INSERT in kReportColumns order: everything but
// received_at (?23), which each store binds itself. Absent coordinates, contact and on-behalf
// details stay NULL (behalf_name NULL means no on-behalf details at all).
template <class Row>
Row& bind_report_columns(Row& row, const domain::Report& report);

// SQLite integers are signed 64-bit; sizes beyond that cannot be real and are refused.
Result<std::int64_t> to_column(std::uint64_t value, std::string_view what);

}  // namespace aduan::store
