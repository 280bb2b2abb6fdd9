// shell/ui/app_resources.cpp: the texts and the catalog, fetched once and kept on the
// device so every screen and picker works offline.
//
// Texts: assets/i18n/<lang><part>.txt is fetched at start (Indonesian always, as the fallback
// of every lookup; English when chosen) and kept in the store's settings ("i18n.<lang><part>"),
// so a device that opens offline, or whose service worker lost its cache, still speaks. <part>
// is the program's (AppContext::texts_part): the citizen's program fetches its own subset, the
// others every program's texts, and each file has its own setting, because all four programs
// share one store: a console opened after a citizen's visit must not take the citizen's subset.
// "i18n.<lang>" kept by versions before the subset holds every program's texts, as it always did.
// Catalog: GET /api/v1/catalog with If-None-Match of the cached copy; a 304 keeps the cache.
// Otherwise the files it lists are fetched, checked against their SHA-256, parsed, and only
// then saved as one bundle (LocalStore::save_catalog), so a half-fetched catalog never
// replaces a whole one. The ETag is the server's: the first 32 hex digits of the SHA-256 of
// the index, which the portal recomputes because a fetch answer carries no headers here.
#include <map>
#include <memory>
#include <string>

#include "core/domain/sha256.h"
#include "core/json/json_reader.h"
#include "core/sync/transport.h"
#include "shell/ui/app_context.h"
#include "shell/ui/widgets.h"

namespace aduan::app {
namespace {

constexpr std::string_view kCatalogIndex = "/api/v1/catalog";
constexpr const char* kCatalogFiles[] = {"regions.tsv", "agencies.tsv", "categories.tsv",
                                         "holidays.tsv"};

std::string text_setting(const AppContext& state, std::string_view language) {
  return "i18n." + std::string(language) + std::string(state.texts_part);
}

// Texts fetched before the store was open, written to it once it is: setting -> text.
std::map<std::string, std::string>& uncached_texts() {
  static std::map<std::string, std::string> texts;
  return texts;
}

// GET through the services' transport, which sends to server_address().
void get(AppContext& state, std::string path,
         std::vector<std::pair<std::string, std::string>> headers,
         std::function<void(const sync::Response&)> done) {
  sync::Request request;
  request.method = "GET";
  request.path = std::move(path);
  request.headers = std::move(headers);
  state.services.transport().send(std::move(request),
                                  [done = std::move(done)](const sync::Response& response) {
                                    done(response);
                                    ui::request_frame();
                                  });
}

std::string as_text(const sync::Response& response) {
  return std::string(response.body.begin(), response.body.end());
}

bool loaded(const AppContext& state, std::string_view language) {
  return state.messages.has(language, "app.title");
}

void fetch_texts(AppContext& state, const std::string& language) {
  get(state, "/assets/i18n/" + language + std::string(state.texts_part) + ".txt", {},
      [&state, language](const sync::Response& response) {
        if (!response.transport_ok || response.http_status != 200) return;  // the cached copy stays
        const std::string text = as_text(response);
        if (!state.messages.load(language, text)) return;
        if (language == i18n::kDefaultLanguage) state.texts_ready = true;
        if (auto* store = state.store()) {
          (void)store->set_setting(text_setting(state, language), text);
        } else {
          uncached_texts()[text_setting(state, language)] = text;
        }
      });
}

// "name\n<bytes>\n<content>" per file: the catalog as one value in the store.
std::string bundle(const std::map<std::string, std::string>& files) {
  std::string out;
  for (const auto& [name, content] : files)
    out += name + "\n" + std::to_string(content.size()) + "\n" + content;
  return out;
}

std::map<std::string, std::string> unbundle(std::string_view text) {
  std::map<std::string, std::string> files;
  while (!text.empty()) {
    const auto name_end = text.find('\n');
    if (name_end == std::string_view::npos) break;
    const auto size_end = text.find('\n', name_end + 1);
    if (size_end == std::string_view::npos) break;
    const std::string size_text(text.substr(name_end + 1, size_end - name_end - 1));
    const auto size = static_cast<std::size_t>(std::strtoull(size_text.c_str(), nullptr, 10));
    if (size > text.size() - size_end - 1) break;
    files[std::string(text.substr(0, name_end))] = std::string(text.substr(size_end + 1, size));
    text.remove_prefix(size_end + 1 + size);
  }
  return files;
}

bool use_catalog(AppContext& state, const std::map<std::string, std::string>& files) {
  auto file = [&](const char* name) {
    auto it = files.find(name);
    return it == files.end() ? std::string_view{} : std::string_view(it->second);
  };
  auto parsed =
      domain::Catalog::parse(file("regions.tsv"), file("agencies.tsv"), file("categories.tsv"));
  if (!parsed) {
    state.catalog_error = parsed.error().code;
    return false;
  }
  // The holidays only move deadlines shown to the citizen: a catalog without them (cached by
  // an older version) still serves the pickers, and deadlines count weekends only.
  state.holidays.clear();
  if (auto holidays = domain::parse_holidays(file("holidays.tsv")); holidays) {
    for (const auto& holiday : holidays.value()) state.holidays.push_back(holiday.date);
  }
  state.catalog = std::move(parsed.value());
  ++state.catalog_revision;
  state.catalog_error.clear();
  return true;
}

struct CatalogFetch {
  std::string etag;
  std::map<std::string, std::string> expected_sha;  // name -> sha256
  std::map<std::string, std::string> files;
  int outstanding = 0;
  bool failed = false;
};

void fetch_catalog_files(AppContext& state, const std::string& index) {
  auto fetch = std::make_shared<CatalogFetch>();
  fetch->etag = "\"" + domain::sha256_hex(index).substr(0, 32) + "\"";
  // {"files":[{"name":"regions.tsv","url":"/assets/catalog/regions.tsv","sha256":"…"},…]}
  auto parsed = json::parse(index);
  const json::Value* files = parsed ? parsed.value().get("files") : nullptr;
  if (!files || !files->is_array()) return;  // not an index: keep what we have
  std::map<std::string, std::string> urls;
  for (const json::Value& file : files->items) {
    const std::string name = file.string_at("name");
    urls[name] = file.string_at("url");
    fetch->expected_sha[name] = file.string_at("sha256");
  }
  for (const char* name : kCatalogFiles) {
    if (urls[name].empty()) return;  // an index without our files: keep what we have
  }
  fetch->outstanding = static_cast<int>(std::size(kCatalogFiles));
  for (const char* name : kCatalogFiles) {
    const std::string file = name;
    get(state, urls[file], {}, [&state, fetch, file](const sync::Response& response) {
      --fetch->outstanding;
      if (!response.transport_ok || response.http_status != 200) {
        fetch->failed = true;
      } else {
        fetch->files[file] = as_text(response);
        if (domain::sha256_hex(fetch->files[file]) != fetch->expected_sha[file])
          fetch->failed = true;
      }
      if (fetch->outstanding > 0 || fetch->failed) return;
      if (!use_catalog(state, fetch->files)) return;
      if (auto* store = state.store())
        (void)store->save_catalog({fetch->etag, bundle(fetch->files), state.services.now()});
    });
  }
}

void refresh_catalog(AppContext& state, const std::string& cached_etag) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!cached_etag.empty()) headers.emplace_back("If-None-Match", cached_etag);
  get(state, std::string(kCatalogIndex), std::move(headers),
      [&state](const sync::Response& response) {
        if (!response.transport_ok || response.http_status != 200) return;  // 304 or offline: cache
        fetch_catalog_files(state, as_text(response));
      });
}

}  // namespace

void start_loading_texts(AppContext& state) {
  fetch_texts(state, std::string(i18n::kDefaultLanguage));
}

void load_cached_resources(AppContext& state) {
  auto* store = state.store();
  if (!store) return;
  if (auto language = store->setting(store::kSettingLanguage); language && language.value())
    state.language = *language.value();
  for (const std::string language : {"id", "en"}) {
    auto cached = store->setting(text_setting(state, language));
    if (!cached || !cached.value()) continue;
    // A catalog fetched while the store was opening is newer than the cached one.
    if (!loaded(state, language) && state.messages.load(language, *cached.value()) &&
        language == i18n::kDefaultLanguage)
      state.texts_ready = true;
  }
  for (const auto& [setting, text] : uncached_texts()) (void)store->set_setting(setting, text);
  uncached_texts().clear();
  if (state.language != i18n::kDefaultLanguage) fetch_texts(state, state.language);
  if (auto size = store->setting(store::kSettingTextSize); size && size.value()) {
    const int percent = std::atoi(size.value()->c_str());
    if (percent >= 80 && percent <= 200) ui::set_text_scale(static_cast<float>(percent) / 100.0f);
  }

  std::string etag;
  if (auto cached = store->catalog(); cached && cached.value()) {
    if (use_catalog(state, unbundle(cached.value()->content))) etag = cached.value()->etag;
  }
  refresh_catalog(state, etag);
}

void set_language(AppContext& state, const std::string& language) {
  state.language = language;
  if (auto* store = state.store()) (void)store->set_setting(store::kSettingLanguage, language);
  if (!loaded(state, language)) fetch_texts(state, language);
}

}  // namespace aduan::app
