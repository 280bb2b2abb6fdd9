// core/store/server_store_kiosks.cpp: the SQL of kiosk bindings (server schema v4).
//
// Owns the kiosks table: which device an agency admin bound to which office, and whether the
// binding was revoked. Does not decide who may bind or revoke (the server's kiosk routes) nor
// which office a pushed report gets (the push route reads the binding).
//
// A binding is written once and only ever marked revoked, never rewritten: the office of a
// report is the binding of the device that sent it, so changing a binding would move reports
// received long ago to another office.
#include "core/store/server_store.h"

namespace aduan::store {

Status ServerStore::bind_kiosk(const KioskBinding& binding) {
  auto existing = kiosk_binding(binding.device_id);
  if (!existing) return existing.error();
  if (existing.value())
    return make_error(kErrorConflict, "device '" + binding.device_id + "' is a kiosk already");
  auto insert = db_->prepare(
      "INSERT INTO kiosks (device_id, kiosk_id, agency_id, office, bound_by, bound_at, revoked_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert) return insert.error();
  return insert.value()
      .bind_text(1, binding.device_id)
      .bind_text(2, binding.kiosk_id)
      .bind_text(3, binding.agency_id)
      .bind_text(4, binding.office)
      .bind_text(5, binding.bound_by)
      .bind_int(6, binding.bound_at)
      .bind_optional_int(7, binding.revoked_at)
      .run();
}

namespace {

Result<std::optional<KioskBinding>> find_kiosk(SqlConnection& db, std::string_view column,
                                               std::string_view key) {
  auto query = db.prepare(
      "SELECT device_id, kiosk_id, agency_id, office, bound_by, bound_at, revoked_at FROM kiosks "
      "WHERE " + std::string(column) + " = ?1");
  if (!query) return query.error();
  auto& row = query.value().bind_text(1, key);
  auto found = row.step();
  if (!found) return found.error();
  if (!found.value()) return std::optional<KioskBinding>{};
  return std::optional<KioskBinding>{KioskBinding{row.column_text(0), row.column_text(1),
                                                  row.column_text(2), row.column_text(3),
                                                  row.column_text(4), row.column_int(5),
                                                  row.column_optional_int(6)}};
}

}  // namespace

Result<std::optional<KioskBinding>> ServerStore::kiosk_binding(std::string_view device_id) {
  return find_kiosk(*db_, "device_id", device_id);
}

Result<std::optional<KioskBinding>> ServerStore::kiosk_by_id(std::string_view kiosk_id) {
  return find_kiosk(*db_, "kiosk_id", kiosk_id);
}

Status ServerStore::revoke_kiosk(std::string_view device_id, domain::Timestamp at) {
  auto update =
      db_->prepare("UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?2) WHERE device_id = ?1");
  if (!update) return update.error();
  auto ran = update.value().bind_text(1, device_id).bind_int(2, at).run();
  if (!ran) return ran;
  if (db_->changes() == 0)
    return make_error(kErrorNotFound, "device '" + std::string(device_id) + "' is no kiosk");
  return done();
}

}  // namespace aduan::store
