// core/store/server_store_reports.cpp: storing pushed reports exactly once, and reading them
// back (server_store.h).
//
// The column mapping of domain::Report on the server is here and only here, next to its
// canonical content hash. store_batch is the ingest hot path (budget: 5,000 reports/s on two
// cores with durable acks), so it runs one transaction per batch, whose single commit is the
// only fsync, and reuses cached statements: a report costs one or two indexed reads and a few
// inserts. Reading back rebuilds exactly the Report that was stored; a row that cannot be read
// (unknown enum name, bad id) is "store.corrupt" rather than a report with other content.
#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include "core/domain/sha256.h"
#include "core/store/codec.h"
#include "core/store/case_sql.h"
#include "core/store/server_store.h"

namespace aduan::store {
namespace {

// Every query that rebuilds a StoredReport selects these: the report columns both stores share
// (codec.h), then the server's own four; read_report_row's indexes follow.
const std::string kSelectReport = "SELECT " + std::string(kReportColumns) +
                                  ", device_id, status, current_agency_id, entered_by FROM reports ";

// The canonical content: every field of the Report except received_at, in declaration order,
// each in one unambiguous form (integers as 8 little-endian bytes, strings length-prefixed,
// optionals and lists with a presence byte or a count, enums by their stable names), fed
// straight into SHA-256. Distinct contents give distinct byte strings, so equal hashes mean
// equal content. A field added to Report must be added here: as a tail present only when the
// field is set (as version 3's are), or with the format byte bumped, which changes every hash.
class CanonicalContent {
 public:
  CanonicalContent() { byte(1); }  // format 1
  void byte(std::uint8_t value) { hasher_.update(std::span<const std::uint8_t>(&value, 1)); }
  void u64(std::uint64_t value) {
    std::uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
    hasher_.update(bytes);
  }
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  void text(std::string_view value) {
    u64(value.size());
    hasher_.update(value);
  }
  // Report::operator== holds 0.0 == -0.0, so both must hash alike.
  static_assert(sizeof(double) == sizeof(std::uint64_t));
  void real(double value) {
    const double normalized = value == 0 ? 0.0 : value;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &normalized, sizeof bits);  // IEEE 754 on every target Aduan builds for
    u64(bits);
  }
  domain::Sha256::Digest finish() { return hasher_.finish(); }

 private:
  domain::Sha256 hasher_;
};

domain::Sha256::Digest content_digest(const domain::Report& r) {
  CanonicalContent c;
  c.text(std::string_view(reinterpret_cast<const char*>(r.id.bytes.data()), r.id.bytes.size()));
  c.text(r.tracking_code);
  c.text(r.receipt_secret);
  c.text(domain::to_string(r.classification));
  c.text(r.title);
  c.text(r.body);
  c.i64(r.incident_date.year);
  c.i64(r.incident_date.month);
  c.i64(r.incident_date.day);
  c.text(r.location.region_code);
  c.text(r.location.place);
  c.byte(r.location.coordinates ? 1 : 0);
  if (const auto& at = r.location.coordinates) {
    c.real(at->latitude);
    c.real(at->longitude);
  }
  c.text(r.category_id);
  c.text(r.agency_id);
  c.u64(r.attachments.size());
  for (const domain::Attachment& a : r.attachments) {
    c.text(a.id);
    c.text(a.media_type);
    c.u64(a.size_bytes);
    c.text(a.sha256_hex);
  }
  c.byte(r.anonymous ? 1 : 0);
  c.byte(r.confidential ? 1 : 0);
  c.byte(r.contact ? 1 : 0);
  if (const auto& contact = r.contact) {
    c.text(contact->name);
    c.text(contact->phone);
    c.text(contact->email);
  }
  c.text(domain::to_string(r.channel));
  c.i64(r.created_at);
  // Protocol version 3's fields, as a tail only when one is set: the stream above ends
  // unambiguously, so contents stay distinct, and the hash of every report stored before
  // version 3 (and of any version 2 retry of it) stays what it was.
  if (r.on_behalf || r.sms_consent) {
    c.byte(r.on_behalf ? 1 : 0);
    if (const auto& on_behalf = r.on_behalf) {
      c.text(on_behalf->citizen_name);
      c.text(on_behalf->citizen_phone);
      c.byte(on_behalf->consent.given ? 1 : 0);
      c.text(domain::to_string(on_behalf->consent.method));
      c.text(on_behalf->consent.witness);
    }
    c.byte(r.sms_consent ? 1 : 0);
  }
  return c.finish();
}

Result<StoredReport> read_report_row(const SqlStatement& r) {
  auto report = read_report_columns(r, "server report row");
  if (!report) return report.error();
  StoredReport stored{std::move(report.value()), r.column_text(kReportColumnCount),
                      r.column_text(kReportColumnCount + 1), r.column_text(kReportColumnCount + 2),
                      r.column_text(kReportColumnCount + 3)};
  return stored;
}

}  // namespace

std::string content_sha256_hex(const domain::Report& report) {
  return domain::to_hex(content_digest(report));
}

Result<std::vector<StoredReportResult>> ServerStore::store_batch(
    std::string_view device_id, std::span<const domain::Report> reports,
    domain::Timestamp received_at, std::string_view entered_by) {
  // What would make a row impossible to write is refused before the transaction, so the batch
  // cannot fail halfway on the caller's input (core/rules rejects such reports earlier anyway).
  if (device_id.empty()) return make_error(kErrorInvalidArgument, "batch without a device id");
  for (const domain::Report& report : reports) {
    if (report.id.is_nil()) return make_error(kErrorInvalidArgument, "report without an id");
    for (const domain::Attachment& a : report.attachments) {
      if (auto size = to_column(a.size_bytes, "attachment size"); !size) return size.error();
    }
  }
  auto tx = SqlTransaction::begin(*db_);
  if (!tx) return tx.error();
  std::vector<StoredReportResult> results;
  results.reserve(reports.size());
  for (const domain::Report& report : reports) {
    // A report earlier in the same batch is already a row here, so a repeat inside the batch
    // is judged exactly like a repeat across batches.
    auto result = store_one(device_id, entered_by, report, received_at);
    if (!result) return result.error();  // the transaction rolls back: nothing of the batch
    results.push_back(std::move(result).value());
  }
  if (auto s = tx.value().commit(); !s) return s.error();
  return results;
}

Result<StoredReportResult> ServerStore::store_one(std::string_view device_id,
                                                  std::string_view entered_by,
                                                  const domain::Report& report,
                                                  domain::Timestamp received_at) {
  const domain::Sha256::Digest content = content_digest(report);
  {
    auto find = statement(Query::find_report,
                          "SELECT content_sha256, tracking_code, received_at FROM reports "
                          "WHERE id = ?1");
    if (!find) return find.error();
    SqlStatement& s = *find.value();
    auto row = s.bind_blob(1, id_blob(report.id)).step();
    if (!row) return row.error();
    if (row.value()) {
      auto stored = s.column_blob(0);
      if (std::equal(stored.begin(), stored.end(), content.begin(), content.end())) {
        return StoredReportResult{StoreOutcome::duplicate, s.column_text(1), s.column_int(2)};
      }
      // Nothing about the stored report is returned: the sender's copy differs from it.
      return StoredReportResult{StoreOutcome::conflict, "", 0};
    }
  }
  {
    auto owner =
        statement(Query::find_tracking_code, "SELECT 1 FROM reports WHERE tracking_code = ?1");
    if (!owner) return owner.error();
    auto row = owner.value()->bind_text(1, report.tracking_code).step();
    if (!row) return row.error();
    if (row.value()) return StoredReportResult{StoreOutcome::conflict, "", 0};
  }
  auto report_seq = insert_report(device_id, entered_by, report, content, received_at);
  if (!report_seq) return report_seq.error();
  // The agency the citizen chose holds the report until an officer routes it.
  ServerEvent first{0,           report.id, "received",       "",       received_at,
                    "",          report.agency_id, "system", 0, "", ""};
  auto event_seq = insert_event_row(first);
  if (!event_seq) return event_seq.error();
  // Its case row, from what is at hand rather than read back (this is the ingest hot path).
  first.seq = event_seq.value();
  CaseSource source;
  source.seq = report_seq.value();
  source.report_id = report.id;
  source.received_at = received_at;
  source.region_code = report.location.region_code;
  source.holder = report.agency_id;
  source.status = first.status;
  source.events.push_back(std::move(first));
  if (auto indexed = index_source(source); !indexed) return indexed.error();
  return StoredReportResult{StoreOutcome::stored, report.tracking_code, received_at};
}

Result<std::int64_t> ServerStore::insert_report(std::string_view device_id,
                                                std::string_view entered_by,
                                                const domain::Report& report,
                                                std::span<const std::uint8_t> content_sha256,
                                                domain::Timestamp received_at) {
  static const std::string sql =
      "INSERT INTO reports (" + std::string(kReportColumns) +
      ", device_id, status, current_agency_id, content_sha256, entered_by) VALUES (?1, ?2, ?3, "
      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
      "?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, 'received', ?15, ?31, NULLIF(?32, '')) RETURNING "
      "seq";
  auto insert = statement(Query::insert_report, sql);
  if (!insert) return insert.error();
  SqlStatement& s = *insert.value();
  // Unbound parameters are NULL: reset() cleared the previous report's bindings.
  bind_report_columns(s, report)
      .bind_int(23, received_at)
      .bind_text(30, device_id)
      .bind_blob(31, content_sha256)
      .bind_text(32, entered_by);
  auto returned = s.step();
  if (!returned) return returned.error();
  if (!returned.value()) return make_error(kErrorSql, "the report's row number was not returned");
  const std::int64_t seq = s.column_int(0);
  s.reset();

  for (std::size_t i = 0; i < report.attachments.size(); ++i) {
    const domain::Attachment& a = report.attachments[i];
    auto row = statement(Query::insert_report_attachment,
                         "INSERT INTO report_attachments (report_id, position, attachment_id, "
                         "media_type, size_bytes, sha256_hex) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!row) return row.error();
    auto inserted = row.value()
                        ->bind_blob(1, id_blob(report.id))
                        .bind_int(2, static_cast<std::int64_t>(i))
                        .bind_text(3, a.id)
                        .bind_text(4, a.media_type)
                        .bind_int(5, static_cast<std::int64_t>(a.size_bytes))  // checked first
                        .bind_text(6, a.sha256_hex)
                        .run();
    if (!inserted) return inserted.error();
  }
  return seq;
}

Result<std::vector<StoredReport>> ServerStore::read_reports(SqlStatement& query) {
  std::vector<StoredReport> out;
  for (;;) {
    auto row = query.step();
    if (!row) return row.error();
    if (!row.value()) break;
    auto stored = read_report_row(query);
    if (!stored) return stored.error();
    out.push_back(std::move(stored).value());
  }
  for (StoredReport& stored : out) {
    auto attachments = statement(Query::report_attachments,
                                 "SELECT attachment_id, media_type, size_bytes, sha256_hex "
                                 "FROM report_attachments WHERE report_id = ?1 ORDER BY position");
    if (!attachments) return attachments.error();
    SqlStatement& a = *attachments.value();
    a.bind_blob(1, id_blob(stored.report.id));
    for (;;) {
      auto next = a.step();
      if (!next) return next.error();
      if (!next.value()) break;
      stored.report.attachments.push_back(
          domain::Attachment{a.column_text(0), a.column_text(1),
                             static_cast<std::uint64_t>(a.column_int(2)), a.column_text(3)});
    }
  }
  return out;
}

Result<std::optional<StoredReport>> ServerStore::report(const domain::ReportId& id) {
  static const std::string sql = std::string(kSelectReport) + "WHERE id = ?1";
  auto query = statement(Query::report_by_id, sql);
  if (!query) return query.error();
  query.value()->bind_blob(1, id_blob(id));
  auto found = read_reports(*query.value());
  if (!found) return found.error();
  if (found.value().empty()) return std::optional<StoredReport>();
  return std::optional<StoredReport>(std::move(found.value().front()));
}

Result<std::optional<StoredReport>> ServerStore::report_by_tracking_code(
    std::string_view canonical_code) {
  static const std::string sql = std::string(kSelectReport) + "WHERE tracking_code = ?1";
  auto query = statement(Query::report_by_tracking_code, sql);
  if (!query) return query.error();
  query.value()->bind_text(1, canonical_code);
  auto found = read_reports(*query.value());
  if (!found) return found.error();
  if (found.value().empty()) return std::optional<StoredReport>();
  return std::optional<StoredReport>(std::move(found.value().front()));
}

Result<std::int64_t> ServerStore::count_reports() {
  auto query = statement(Query::count_reports, "SELECT count(*) FROM reports");
  if (!query) return query.error();
  auto row = query.value()->step();
  if (!row) return row.error();
  return row.value() ? query.value()->column_int(0) : 0;
}

Result<std::vector<StoredReport>> ServerStore::list_reports(std::string_view status,
                                                            std::size_t limit, std::size_t offset) {
  // Two statements rather than "status = ?1 OR ?1 = ''", so each has an index in its order.
  static const std::string all =
      std::string(kSelectReport) + "ORDER BY received_at DESC, seq DESC LIMIT ?2 OFFSET ?3";
  static const std::string by_status = std::string(kSelectReport) +
                                       "WHERE status = ?1 ORDER BY received_at DESC, seq DESC "
                                       "LIMIT ?2 OFFSET ?3";
  auto query = status.empty() ? statement(Query::list_reports, all)
                              : statement(Query::list_reports_by_status, by_status);
  if (!query) return query.error();
  if (!status.empty()) query.value()->bind_text(1, status);
  query.value()
      ->bind_int(2, case_sql::clamp_to_column(limit))
      .bind_int(3, case_sql::clamp_to_column(offset));
  return read_reports(*query.value());
}

Result<std::vector<std::int64_t>> ServerStore::public_report_seqs(const PublicReportFilter& filter) {
  // reports_newest_first serves the period and the order; the other conditions filter what it
  // walks, at most the period's reports. The resolved statuses are core/workflow's.
  case_sql::Sql sql("SELECT seq FROM reports WHERE received_at >= ? AND received_at < ?");
  sql.number(filter.received_from).number(filter.received_before);
  sql.add(" AND confidential = 0");
  if (!filter.category_id.empty()) sql.add(" AND category_id = ?").text(filter.category_id);
  if (filter.resolved)
    sql.add(*filter.resolved ? " AND status IN ('completed', 'archived', 'rejected')"
                             : " AND status NOT IN ('completed', 'archived', 'rejected')");
  sql.add(" ORDER BY received_at DESC, seq DESC LIMIT ?")
      .number(case_sql::clamp_to_column(filter.limit));
  auto query = db_->prepare(sql.str());
  if (!query) return query.error();
  sql.bind(query.value());
  std::vector<std::int64_t> seqs;
  for (;;) {
    auto row = query.value().step();
    if (!row) return row.error();
    if (!row.value()) break;
    seqs.push_back(query.value().column_int(0));
  }
  return seqs;
}

}  // namespace aduan::store
