// core/store/server_store_officials.cpp: the SQL of village officials' devices (schema v6).
//
// Owns the official_devices table: which device a village official signed in on, until when,
// and whether an admin revoked it. Does not decide who may bind, renew or revoke (the server's
// official routes) nor whom a pushed report is attributed to (the push route reads the row and
// the store writes reports.entered_by).
//
// Unlike a kiosk's, a binding is renewed in place: an official offline for weeks signs in
// again on the same phone, whose queue must then go out under the same device id. Reports keep
// their own entered_by, so renewing never moves a report received in the past. Revoking is
// final: the row stays, marked, and the device must register anew.
#include "core/store/server_store.h"

namespace aduan::store {

Status ServerStore::put_official_device(const OfficialDevice& binding) {
  auto upsert = db_->prepare(
      "INSERT INTO official_devices (device_id, binding_id, officer_id, bound_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (device_id) DO UPDATE SET "
      "binding_id = excluded.binding_id, officer_id = excluded.officer_id, "
      "bound_at = excluded.bound_at, expires_at = excluded.expires_at "
      "WHERE official_devices.revoked_at IS NULL");
  if (!upsert) return upsert.error();
  auto ran = upsert.value()
                 .bind_text(1, binding.device_id)
                 .bind_text(2, binding.binding_id)
                 .bind_text(3, binding.officer_id)
                 .bind_int(4, binding.bound_at)
                 .bind_int(5, binding.expires_at)
                 .run();
  if (!ran) return ran;
  if (db_->changes() == 0)
    return make_error(kErrorConflict, "device '" + binding.device_id + "' was revoked");
  return done();
}

namespace {

Result<std::optional<OfficialDevice>> find_official_device(SqlConnection& db,
                                                           std::string_view column,
                                                           std::string_view key) {
  auto query = db.prepare(
      "SELECT device_id, binding_id, officer_id, bound_at, expires_at, revoked_at "
      "FROM official_devices WHERE " +
      std::string(column) + " = ?1");
  if (!query) return query.error();
  auto& row = query.value().bind_text(1, key);
  auto found = row.step();
  if (!found) return found.error();
  if (!found.value()) return std::optional<OfficialDevice>{};
  return std::optional<OfficialDevice>{
      OfficialDevice{row.column_text(0), row.column_text(1), row.column_text(2), row.column_int(3),
                     row.column_int(4), row.column_optional_int(5)}};
}

}  // namespace

Result<std::optional<OfficialDevice>> ServerStore::official_device(std::string_view device_id) {
  return find_official_device(*db_, "device_id", device_id);
}

Result<std::optional<OfficialDevice>> ServerStore::official_device_by_id(
    std::string_view binding_id) {
  return find_official_device(*db_, "binding_id", binding_id);
}

Status ServerStore::revoke_official_device(std::string_view device_id, domain::Timestamp at) {
  auto update = db_->prepare(
      "UPDATE official_devices SET revoked_at = COALESCE(revoked_at, ?2) WHERE device_id = ?1");
  if (!update) return update.error();
  auto ran = update.value().bind_text(1, device_id).bind_int(2, at).run();
  if (!ran) return ran;
  if (db_->changes() == 0)
    return make_error(kErrorNotFound,
                      "device '" + std::string(device_id) + "' was never an official's");
  return done();
}

}  // namespace aduan::store
