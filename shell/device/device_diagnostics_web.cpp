// shell/device/device_diagnostics_web.cpp: test-only writes behind Module.aduanStorage.diagnostics.
//
// Owns the few writes browser tests and the tap-to-saved benchmark need before (and beside)
// the screens: sample reports saved exactly as the New report screen saves them (one
// transaction each, queued for sending), settings rows of a chosen size, and VACUUM, which
// shrinks the file so the tests can see stale pages deleted. web/storage.js exposes them only
// when the page's query string has "aduan-diagnostics"; the sample reports are ordinary
// reports, so such a page must only ever talk to a test server.
//
// VACUUM is the one statement the portal runs outside the core's store: LocalStore has no
// reason to offer it, and a second connection on the same in-memory file is safe here because
// nothing else runs between two JavaScript calls.
#include <emscripten.h>

#include <cstdio>
#include <string>

#include "core/domain/tracking_code.h"
#include "shell/device/device_services.h"
#include "shell/device/page_vfs.h"
#include "sqlite3.h"

namespace aduan::app {

DeviceServices* current_device_services();

namespace {

constexpr const char* kFillPrefix = "diagnostics.fill.";
int filled = 0;

domain::Report sample_report(domain::Timestamp now, int serial) {
  domain::Report report;
  report.id = domain::ReportId::random();
  report.tracking_code = domain::make_tracking_code();
  report.receipt_secret = domain::random_hex(16);
  report.classification = domain::Classification::complaint;
  report.title = "Lampu jalan padam #" + std::to_string(serial);
  report.body =
      "Lampu penerangan jalan di depan balai desa padam sejak tiga malam, jalan gelap "
      "dan rawan kecelakaan bagi pengendara motor yang pulang kerja.";
  report.incident_date = {2026, 11, 20};
  report.location.region_code = "32.12";
  report.location.place = "Jl. Raya Desa, depan balai desa";
  report.category_id = "infrastruktur.penerangan";
  report.created_at = now;
  return report;
}

}  // namespace
}  // namespace aduan::app

using aduan::app::current_device_services;

extern "C" {

// Returns the committed generation after the last save, or -1 with the error on the console.
EMSCRIPTEN_KEEPALIVE double aduan_diag_save_reports(int count) {
  auto* services = current_device_services();
  auto* store = services ? services->store() : nullptr;
  if (store == nullptr) return -1;
  static int serial = 0;
  for (int i = 0; i < count; ++i) {
    const auto now = services->now();
    auto saved = store->save_report(aduan::app::sample_report(now, ++serial), 400, now);
    if (!saved) {
      std::fprintf(stderr, "diagnostics: %s %s\n", saved.error().code.c_str(),
                   saved.error().detail.c_str());
      return -1;
    }
  }
  return static_cast<double>(services->committed_generation());
}

EMSCRIPTEN_KEEPALIVE double aduan_diag_fill(int count, int bytes) {
  auto* services = current_device_services();
  auto* store = services ? services->store() : nullptr;
  if (store == nullptr) return -1;
  const std::string value(static_cast<std::size_t>(bytes), 'x');
  for (int i = 0; i < count; ++i) {
    if (!store->set_setting(aduan::app::kFillPrefix + std::to_string(aduan::app::filled++), value))
      return -1;
  }
  return static_cast<double>(services->committed_generation());
}

EMSCRIPTEN_KEEPALIVE double aduan_diag_clear() {
  auto* services = current_device_services();
  auto* store = services ? services->store() : nullptr;
  if (store == nullptr) return -1;
  for (int i = 0; i < aduan::app::filled; ++i) {
    if (!store->erase_setting(aduan::app::kFillPrefix + std::to_string(i))) return -1;
  }
  aduan::app::filled = 0;
  return static_cast<double>(services->committed_generation());
}

EMSCRIPTEN_KEEPALIVE double aduan_diag_vacuum() {
  auto* services = current_device_services();
  if (services == nullptr || services->store() == nullptr) return -1;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(aduan::app::kDatabaseFileName, &db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "PRAGMA journal_mode = MEMORY; VACUUM", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) std::fprintf(stderr, "diagnostics: vacuum: %s\n", sqlite3_errmsg(db));
  sqlite3_close(db);
  aduan::app::PageVfs::instance().flush();  // VACUUM shrinks the file after its commit's sync
  return rc == SQLITE_OK ? static_cast<double>(services->committed_generation()) : -1;
}

EMSCRIPTEN_KEEPALIVE int aduan_diag_report_count() {
  auto* services = current_device_services();
  auto* store = services ? services->store() : nullptr;
  if (store == nullptr) return -1;
  auto counts = store->outbox_counts();
  if (!counts) return -1;
  const auto& c = counts.value();
  return c.queued + c.sending + c.delivered + c.rejected;
}

EMSCRIPTEN_KEEPALIVE int aduan_diag_queued_count() {
  auto* services = current_device_services();
  auto* store = services ? services->store() : nullptr;
  if (store == nullptr) return -1;
  auto counts = store->outbox_counts();
  return counts ? counts.value().queued + counts.value().sending : -1;
}

}  // extern "C"
