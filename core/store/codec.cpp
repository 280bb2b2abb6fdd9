// core/store/codec.cpp: draft field blobs and id blobs (codec.h).
//
// Decoding trusts nothing: the file may have been damaged by a crash under a VFS without
// atomic writes or edited by hand, so each length is checked against the bytes that remain
// before any string is built.
#include "core/store/codec.h"

#include <algorithm>
#include <limits>
#include <string_view>

#include "core/store/database.h"
#include "core/store/sql_connection.h"

namespace aduan::store {
namespace {

constexpr std::uint8_t kDraftFormat = 1;

void put_length(std::vector<std::uint8_t>& out, std::size_t length) {
  std::uint64_t value = length;
  do {
    auto byte = static_cast<std::uint8_t>(value & 0x7f);
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

void put_string(std::vector<std::uint8_t>& out, const std::string& text) {
  put_length(out, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  bool at_end() const { return offset_ == bytes_.size(); }

  bool read_byte(std::uint8_t& out) {
    if (offset_ >= bytes_.size()) return false;
    out = bytes_[offset_++];
    return true;
  }

  bool read_string(std::string& out) {
    std::uint64_t length = 0;
    for (int shift = 0;; shift += 7) {
      std::uint8_t byte = 0;
      if (shift > 63 || !read_byte(byte)) return false;
      length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    if (length > bytes_.size() - offset_) return false;  // before allocating anything
    const auto* begin = bytes_.data() + offset_;
    out.assign(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(length));
    offset_ += static_cast<std::size_t>(length);
    return true;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t offset_ = 0;
};

Error corrupt_draft(std::string_view why) {
  return make_error(kErrorCorrupt, "draft fields: " + std::string(why));
}

}  // namespace

std::vector<std::uint8_t> encode_draft_fields(const std::map<std::string, std::string>& fields) {
  std::vector<std::uint8_t> out;
  std::size_t size = 1;
  for (const auto& [key, value] : fields) size += key.size() + value.size() + 4;
  out.reserve(size);
  out.push_back(kDraftFormat);
  for (const auto& [key, value] : fields) {
    put_string(out, key);
    put_string(out, value);
  }
  return out;
}

Result<std::map<std::string, std::string>> decode_draft_fields(std::span<const std::uint8_t> blob) {
  Reader reader(blob);
  std::uint8_t format = 0;
  if (!reader.read_byte(format)) return corrupt_draft("empty");
  if (format != kDraftFormat) return corrupt_draft("unknown format " + std::to_string(format));
  std::map<std::string, std::string> fields;
  while (!reader.at_end()) {
    std::string key;
    std::string value;
    if (!reader.read_string(key) || !reader.read_string(value)) {
      return corrupt_draft("truncated");
    }
    fields.insert_or_assign(std::move(key), std::move(value));
  }
  return fields;
}

Result<domain::ReportId> report_id_from_blob(std::span<const std::uint8_t> blob) {
  domain::ReportId id;
  if (blob.size() != id.bytes.size()) {
    return make_error(kErrorCorrupt, "report id of " + std::to_string(blob.size()) + " bytes");
  }
  std::copy(blob.begin(), blob.end(), id.bytes.begin());
  return id;
}

Result<std::int64_t> to_column(std::uint64_t value, std::string_view what) {
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return make_error(kErrorInvalidArgument, std::string(what) + " too large");
  }
  return static_cast<std::int64_t>(value);
}

template <class Row>
Result<domain::Report> read_report_columns(const Row& r, std::string_view what) {
  auto corrupt_report = [&](const std::string& why) {
    return make_error(kErrorCorrupt, std::string(what) + ": " + why);
  };
  domain::Report report;
  auto id = report_id_from_blob(r.column_blob(0));
  if (!id) return id.error();
  report.id = id.value();
  report.tracking_code = r.column_text(1);
  report.receipt_secret = r.column_text(2);
  auto classification = domain::parse_classification(r.column_text(3));
  if (!classification) return corrupt_report("classification " + r.column_text(3));
  report.classification = *classification;
  report.title = r.column_text(4);
  report.body = r.column_text(5);
  report.incident_date = {static_cast<int>(r.column_int(6)), static_cast<int>(r.column_int(7)),
                          static_cast<int>(r.column_int(8))};
  report.location.region_code = r.column_text(9);
  report.location.place = r.column_text(10);
  if (!r.column_is_null(11)) {
    report.location.coordinates = domain::Coordinates{r.column_double(11), r.column_double(12)};
  }
  report.category_id = r.column_text(13);
  report.agency_id = r.column_text(14);
  report.anonymous = r.column_int(15) != 0;
  report.confidential = r.column_int(16) != 0;
  if (!r.column_is_null(17)) {
    report.contact =
        domain::ReporterContact{r.column_text(17), r.column_text(18), r.column_text(19)};
  }
  auto channel = domain::parse_channel(r.column_text(20));
  if (!channel) return corrupt_report("channel " + r.column_text(20));
  report.channel = *channel;
  report.created_at = r.column_int(21);
  report.received_at = r.column_optional_int(22);
  if (!r.column_is_null(23)) {
    auto method = domain::parse_consent_method(r.column_text(26));
    if (!method) return corrupt_report("consent method " + r.column_text(26));
    report.on_behalf = domain::OnBehalf{r.column_text(23), r.column_text(24),
                                        {r.column_int(25) != 0, *method, r.column_text(27)}};
  }
  report.sms_consent = r.column_int(28) != 0;
  return report;
}

template <class Row>
Row& bind_report_columns(Row& s, const domain::Report& report) {
  s.bind_blob(1, id_blob(report.id))
      .bind_text(2, report.tracking_code)
      .bind_text(3, report.receipt_secret)
      .bind_text(4, domain::to_string(report.classification))
      .bind_text(5, report.title)
      .bind_text(6, report.body)
      .bind_int(7, report.incident_date.year)
      .bind_int(8, report.incident_date.month)
      .bind_int(9, report.incident_date.day)
      .bind_text(10, report.location.region_code)
      .bind_text(11, report.location.place)
      .bind_text(14, report.category_id)
      .bind_text(15, report.agency_id)
      .bind_bool(16, report.anonymous)
      .bind_bool(17, report.confidential)
      .bind_text(21, domain::to_string(report.channel))
      .bind_int(22, report.created_at)
      .bind_bool(29, report.sms_consent);
  if (const auto& at = report.location.coordinates) {
    s.bind_double(12, at->latitude).bind_double(13, at->longitude);
  }
  if (const auto& contact = report.contact) {
    s.bind_text(18, contact->name).bind_text(19, contact->phone).bind_text(20, contact->email);
  }
  if (const auto& on_behalf = report.on_behalf) {
    s.bind_text(24, on_behalf->citizen_name)
        .bind_text(25, on_behalf->citizen_phone)
        .bind_bool(26, on_behalf->consent.given)
        .bind_text(27, domain::to_string(on_behalf->consent.method))
        .bind_text(28, on_behalf->consent.witness);
  }
  return s;
}

template Result<domain::Report> read_report_columns(const Statement&, std::string_view);
template Result<domain::Report> read_report_columns(const SqlStatement&, std::string_view);
template Statement& bind_report_columns(Statement&, const domain::Report&);
template SqlStatement& bind_report_columns(SqlStatement&, const domain::Report&);

}  // namespace aduan::store
