// core/sync/server_apply.cpp: validating and storing pushed batches, paging events
// (server_apply.h).
//
// The rules run before the transaction, so the write lock is held only for the store's own
// work; invalid reports never reach the store at all.
#include "core/sync/server_apply.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "core/domain/secrets.h"
#include "core/domain/sha256.h"
#include "core/domain/tracking_code.h"
#include "core/rules/report_rules.h"

namespace aduan::sync {
namespace {

constexpr Timestamp kMillisPerDay = 86'400'000;

wire::VerdictKind to_verdict(store::StoreOutcome outcome) {
  switch (outcome) {
    case store::StoreOutcome::stored: return wire::VerdictKind::stored;
    case store::StoreOutcome::duplicate: return wire::VerdictKind::duplicate;
    case store::StoreOutcome::conflict: return wire::VerdictKind::conflict;
  }
  return wire::VerdictKind::conflict;
}

// core/rules first, in form order; then what the store itself needs.
std::vector<rules::Problem> problems_of(const domain::Report& report, const ServerContext& context,
                                        domain::CivilDate today) {
  std::vector<rules::Problem> problems = rules::validate_report(report, context.catalog, today);
  if (report.id.is_nil()) problems.push_back({"id", std::string(kProblemIdMissing)});
  if (!domain::is_canonical_tracking_code(report.tracking_code)) {
    problems.push_back({"tracking_code", std::string(kProblemTrackingCode)});
  }
  if (report.channel == domain::Channel::assisted && context.official_id.empty())
    problems.push_back({"channel", std::string(kProblemNotOfficialDevice)});
  if (!context.official_id.empty() &&
      !domain::region_within(report.location.region_code, context.official_region))
    problems.push_back({"location.region_code", std::string(kProblemOutsideOfficialRegion)});
  return problems;
}

}  // namespace

domain::CivilDate civil_date_at(Timestamp at, Timestamp offset_ms) {
  // Floor division, so instants before 1970 land on the right day too.
  Timestamp shifted = at + offset_ms;
  Timestamp days = shifted / kMillisPerDay;
  if (shifted % kMillisPerDay < 0) --days;
  // Howard Hinnant's civil_from_days: eras of 400 years starting on 1 March.
  days += 719468;
  const Timestamp era = (days >= 0 ? days : days - 146096) / 146097;
  const Timestamp day_of_era = days - era * 146097;
  const Timestamp year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const Timestamp day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const Timestamp month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  const Timestamp day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const Timestamp month = month_index < 10 ? month_index + 3 : month_index - 9;
  const Timestamp year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

Result<wire::PushBatchResponse> apply_push(store::ServerRepository& store, const ServerContext& context,
                                           std::string_view device_id,
                                           const wire::PushBatchRequest& request) {
  if (!request.device_id.empty() && request.device_id != device_id) {
    return Error{std::string(kErrorDeviceMismatch),
                 "batch of device " + request.device_id + " sent by " + std::string(device_id)};
  }
  const Timestamp now = context.clock.now();
  const domain::CivilDate today = civil_date_at(now, context.local_offset_ms);

  wire::PushBatchResponse response;
  response.verdicts.resize(request.reports.size());
  std::vector<domain::Report> valid;
  std::vector<std::size_t> valid_positions;
  for (std::size_t i = 0; i < request.reports.size(); ++i) {
    const domain::Report& report = request.reports[i];
    wire::Verdict& verdict = response.verdicts[i];
    verdict.report_id = report.id;
    std::vector<rules::Problem> problems = problems_of(report, context, today);
    if (problems.empty()) {
      valid.push_back(report);
      valid_positions.push_back(i);
      continue;
    }
    verdict.kind = wire::VerdictKind::rejected;
    const std::size_t kept = std::min(problems.size(), wire::kMaxProblemsPerVerdict);
    for (std::size_t p = 0; p < kept; ++p) {
      verdict.problems.push_back({std::move(problems[p].field), std::move(problems[p].code)});
    }
  }
  if (valid.empty()) return response;

  auto results = store.store_batch(device_id, valid, now, context.official_id);
  if (!results) return results.error();
  if (results.value().size() != valid.size()) {
    return Error{std::string(kErrorStoreMismatch), std::to_string(results.value().size()) +
                                                       " results for " +
                                                       std::to_string(valid.size()) + " reports"};
  }
  for (std::size_t k = 0; k < valid.size(); ++k) {
    const store::StoredReportResult& result = results.value()[k];
    wire::Verdict& verdict = response.verdicts[valid_positions[k]];
    verdict.kind = to_verdict(result.outcome);
    // A conflict carries no code: the stored report with that id is someone else's.
    if (result.outcome != store::StoreOutcome::conflict) {
      verdict.tracking_code = result.tracking_code;
      verdict.received_at = result.received_at;
    }
  }
  return response;
}

Result<wire::PullEventsResponse> apply_pull_request(store::ServerRepository& store,
                                                    std::string_view device_id,
                                                    const wire::PullEventsRequest& request) {
  const std::size_t limit = request.limit == 0
                                ? kDefaultPullLimit
                                : std::min<std::size_t>(request.limit, wire::kMaxEventsPerPull);
  const auto cursor = static_cast<std::int64_t>(
      std::min<std::uint64_t>(request.cursor, std::numeric_limits<std::int64_t>::max()));
  // One more than the page, to learn whether another page waits without a second query.
  auto events = store.events_for_device(device_id, cursor, limit + 1);
  if (!events) return events.error();

  wire::PullEventsResponse response;
  response.more = events.value().size() > limit;
  const std::size_t count = std::min(events.value().size(), limit);
  response.events.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    store::ServerEvent& e = events.value()[i];
    response.events.push_back({static_cast<std::uint64_t>(std::max<std::int64_t>(e.seq, 0)),
                               e.report_id, std::move(e.status), e.at, std::move(e.note),
                               std::move(e.agency_id)});
  }
  response.next_cursor = response.events.empty() ? request.cursor : response.events.back().seq;
  return response;
}

Result<wire::RegisterDeviceResponse> apply_register(store::ServerRepository& store, const Clock& clock,
                                                    const wire::RegisterDeviceRequest& request) {
  wire::RegisterDeviceResponse response{domain::random_hex(16), domain::random_hex(32)};
  auto registered =
      store.register_device(response.device_id, domain::sha256_hex(response.device_secret),
                            domain::to_string(request.channel), clock.now());
  if (!registered) return registered.error();
  return response;
}

Result<bool> authenticate_device(store::ServerRepository& store, std::string_view device_id,
                                 std::string_view secret) {
  if (device_id.empty() || secret.empty()) return false;
  auto expected = store.device_secret_hash(device_id);
  if (!expected) return expected.error();
  if (!expected.value()) return false;
  return domain::constant_time_equal(domain::sha256_hex(secret), *expected.value());
}

}  // namespace aduan::sync
