// shell/ui/app_context.h: what the screens of both programs share, the citizen's portal
// (shell/portal) and the officer console with the dashboard (shell/console).
//
// Owns the device services both programs use, the texts in the chosen language, the catalog
// (regions, agencies, categories) with its holidays, and the revision counter that tells a
// screen to read the store again. Does not own any screen's state: PortalState and
// ConsoleScreen hold their own, and neither knows the other; the program's main joins them.
//
// Order of use: construct over the device services; start_loading_texts() at once (the texts
// come from the network or the page's cache); load_cached_resources() once the store is ready
// (the texts and catalog kept from an earlier visit, then a refresh of the catalog).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/catalog.h"
#include "core/domain/report.h"
#include "core/i18n/messages.h"
#include "core/store/records.h"
#include "shell/device/device_services.h"

namespace aduan::app {

class AppContext {
 public:
  explicit AppContext(DeviceServices& device) : services(device) {}

  DeviceServices& services;
  i18n::Messages messages;
  std::string language{i18n::kDefaultLanguage};
  bool texts_ready = false;  // the Indonesian catalog is loaded: screens can be drawn
  // Which texts file this program fetches and keeps: assets/i18n/<language><texts_part>.txt.
  // "" is every program's texts; the citizen's program sets ".citizen", the subset make-dist
  // writes without the keys only the console, kiosk and official show (tools/make-dist.sh).
  std::string_view texts_part;
  std::optional<domain::Catalog> catalog;
  std::uint64_t catalog_revision = 0;  // bumped when another catalog is put in use
  std::string catalog_error;
  std::vector<domain::CivilDate> holidays;  // days off deadlines skip (catalog holidays.tsv)
  std::uint64_t revision = 1;               // bumped whenever the store or sync may have changed

  // The message for `key` in the chosen language (falls back to Indonesian, then the key).
  std::string_view t(std::string_view key) const { return messages.lookup(language, key); }
  // The message with "{1}", "{2}"... replaced by `args` in order.
  std::string format(std::string_view key, std::initializer_list<std::string> args) const;

  store::LocalStore* store() { return services.store(); }
  void changed() { ++revision; }
};

// app_format.cpp: plain text helpers every screen uses.
std::string format_time(domain::Timestamp at);  // local "YYYY-MM-DD HH:MM"
std::string format_bytes(std::uint64_t bytes);  // "512 B", "1.2 KB", "3.4 MB"
domain::CivilDate local_today(domain::Timestamp now);
// A key of the catalog for a status name ("status.verified") or outbox state ("outbox.queued").
std::string status_key(std::string_view status);
std::uint32_t status_colour(std::string_view key);  // chip colour for a status_key()
// "Status · time · agency" for one step of a timeline; the agency named from the catalog.
std::string timeline_line(const AppContext& app, const store::TimelineEvent& event);
// The sync engine's and store's failures in plain words: a catalog key.
std::string_view error_key(std::string_view engine_error);

// app_resources.cpp: texts and catalog, fetched and cached for offline use.
void start_loading_texts(AppContext& app);
void load_cached_resources(AppContext& app);  // once the store is ready
void set_language(AppContext& app, const std::string& language);

}  // namespace aduan::app
