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
#include <vector>

#include "core/domain/report.h"
#include "core/domain/result.h"

namespace aduan::store {

// Draft fields as one blob: a format byte (1), then for each field, in key order, the key and
// the value each as a LEB128 length and bytes. One row per draft keeps an autosave to a single
// upsert; the format byte lets a later version change the layout without a migration.
std::vector<std::uint8_t> encode_draft_fields(const std::map<std::string, std::string>& fields);
Result<std::map<std::string, std::string>> decode_draft_fields(std::span<const std::uint8_t> blob);

inline std::span<const std::uint8_t> id_blob(const domain::ReportId& id) { return id.bytes; }
Result<domain::ReportId> report_id_from_blob(std::span<const std::uint8_t> blob);

// SQLite integers are signed 64-bit; sizes beyond that cannot be real and are refused.
Result<std::int64_t> to_column(std::uint64_t value, std::string_view what);

}  // namespace aduan::store
