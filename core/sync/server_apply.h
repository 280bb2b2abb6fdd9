// core/sync/server_apply.h: the server's side of the sync conversation, without HTTP.
//
// Owns turning a decoded PushBatchRequest into verdicts (validate, then store exactly once)
// and a PullEventsRequest into a page of StatusEvents. Does not own authentication (the HTTP
// layer has checked the device's secret and passes its id), decoding and encoding (core/wire),
// the rules (core/rules) or storage (store::ServerRepository). Kept apart from the routes so the client
// engine and the server can be tested together in one process, with faults in between.
//
// Exactly once, and never a partial ack: every valid report of a batch goes to ONE
// ServerRepository::store_batch call, one transaction. If it fails, the whole request fails (the
// HTTP layer answers 503) and the device sends the batch again; the report ids make that
// resend harmless, so the verdicts a device reads are always all durable.
//
// Besides core/rules, a report needs what only a device bug can leave out: a non-nil id and a
// canonical tracking code (the device makes it; the store keys on both). Such a report is
// rejected with kProblemIdMissing / kProblemTrackingCode rather than failing the whole batch,
// which would make the device resend it forever. An assisted report from a device no official
// is bound to, or an official's report located outside their region, is rejected likewise.
//
// Error codes (the HTTP layer maps them): "sync.device_mismatch" -> 403 (the body names a
// device other than the authenticated one); "sync.store_mismatch" -> 500 (the store answered
// for a different number of reports: a bug); "store.*" -> 503 (retry later).
#pragma once

#include <string_view>

#include "core/domain/catalog.h"
#include "core/domain/result.h"
#include "core/store/server_repository.h"
#include "core/sync/transport.h"
#include "core/wire/messages.h"

namespace aduan::sync {

// Everything apply_push needs besides the store and the request.
struct ServerContext {
  const domain::Catalog& catalog;
  const Clock& clock;
  // The reporter's "today" is read from the server clock shifted by this much. Indonesia spans
  // UTC+7 to UTC+9; the easternmost (WIT) date is the latest any citizen can have, so a report
  // dated "today" in Jayapura just after midnight is not refused as a future date.
  Timestamp local_offset_ms = 9 * 3'600'000;
  // The village official the pushing device is bound to, as the HTTP layer established it from
  // the device's credentials (empty: an ordinary device), and the region they serve. Only such
  // a device sends assisted reports, and only for places in that region; every report it
  // sends is stored as entered by the official. Nothing in a report's body can name one.
  std::string_view official_id = {};
  std::string_view official_region = {};
};

// Page size of a pull when the device asked for 0 (no preference).
inline constexpr std::uint32_t kDefaultPullLimit = 200;

inline constexpr std::string_view kErrorDeviceMismatch = "sync.device_mismatch";
inline constexpr std::string_view kProblemIdMissing = "sync.id.missing";
inline constexpr std::string_view kProblemTrackingCode = "sync.tracking_code.invalid";
inline constexpr std::string_view kErrorStoreMismatch = "sync.store_mismatch";
inline constexpr std::string_view kProblemNotOfficialDevice = "sync.assisted.not_official_device";
inline constexpr std::string_view kProblemOutsideOfficialRegion = "sync.region.outside_official_area";

// One verdict per report, in request order: rejected (with every problem, not stored) for a
// report core/rules refuses, else what the store made of it (stored, duplicate with the
// ORIGINAL tracking code and received_at, or conflict). `device_id` is the authenticated
// device; request.device_id must be empty or equal to it.
Result<wire::PushBatchResponse> apply_push(store::ServerRepository& store, const ServerContext& context,
                                           std::string_view device_id,
                                           const wire::PushBatchRequest& request);

// The events of `device_id`'s reports after request.cursor, oldest first, at most
// min(limit, kMaxEventsPerPull) of them (kDefaultPullLimit when limit is 0); next_cursor is the
// last event's seq (the request's cursor when there are none) and more says another page waits.
Result<wire::PullEventsResponse> apply_pull_request(store::ServerRepository& store,
                                                    std::string_view device_id,
                                                    const wire::PullEventsRequest& request);

// A new device: a random id and secret, of which the store keeps only the secret's SHA-256.
Result<wire::RegisterDeviceResponse> apply_register(store::ServerRepository& store, const Clock& clock,
                                                    const wire::RegisterDeviceRequest& request);

// Whether `secret` is the one `device_id` registered with (false for an unknown device).
Result<bool> authenticate_device(store::ServerRepository& store, std::string_view device_id,
                                 std::string_view secret);

// The calendar date at `at` shifted by `offset_ms` (proleptic Gregorian).
domain::CivilDate civil_date_at(Timestamp at, Timestamp offset_ms);

}  // namespace aduan::sync
