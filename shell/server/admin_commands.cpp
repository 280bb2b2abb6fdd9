// shell/server/admin_commands.cpp: see admin_commands.h.
//
// Restore is restore_command.h's: checked on a copy, refused while a server runs.
#include "shell/server/admin_commands.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/case_index.h"
#include "core/domain/catalog.h"
#include "core/domain/region_import.h"
#include "core/domain/report.h"
#include "core/domain/secrets.h"
#include "core/domain/sha256.h"
#include "core/rules/text_rules.h"
#include "core/store/server_store.h"
#include "core/store_postgres/postgres_server_store.h"
#include "core/workflow/status.h"
#include "shell/server/agency_scope.h"
#include "shell/server/config.h"
#include "shell/server/http_app.h"
#include "shell/server/migrate_command.h"
#include "shell/server/officer_auth.h"
#include "shell/server/restore_command.h"
#include "shell/server/scheduler.h"
#include "shell/server/server_context.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server {
namespace fs = std::filesystem;
namespace {

// Splits the command's own flags from the server's (--data-dir, --database-url ...).
struct Split {
  std::vector<std::pair<std::string, std::string>> own;
  std::vector<const char*> server_args;
};

Split split_args(int argc, char** argv, const std::vector<std::string>& own_flags) {
  Split split;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    bool is_own = false;
    for (const auto& flag : own_flags) is_own = is_own || arg == flag;
    if (is_own && i + 1 < argc) {
      split.own.emplace_back(arg, argv[++i]);
    } else {
      split.server_args.push_back(argv[i]);
    }
  }
  return split;
}

std::string own_value(const Split& split, const std::string& flag) {
  for (const auto& [name, value] : split.own)
    if (name == flag) return value;
  return {};
}

int fail(const std::string& message) {
  std::fprintf(stderr, "aduan-server: %s\n", message.c_str());
  return 1;
}

Result<std::string> database_path(const Split& split) {
  auto config = parse_config(static_cast<int>(split.server_args.size()), split.server_args.data());
  if (!config) return config.error();
  return resolve_database_path(config.value());
}

// The password for officer-add and officer-password: ADUAN_OFFICER_PASSWORD, else the first
// line of stdin. Never an argument, which any user of the machine could read in the process list.
std::string read_password() {
  std::string password;
  if (const char* from_env = std::getenv("ADUAN_OFFICER_PASSWORD"))
    password = from_env;
  else
    std::getline(std::cin, password);
  return password;
}

int officer_add(const Split& split) {
  store::Officer officer{"officer-" + domain::random_hex(6), own_value(split, "--username"),
                         own_value(split, "--role"), own_value(split, "--agency"),
                         own_value(split, "--region"), false};
  if (officer.username.empty()) return fail("officer-add needs --username");
  if (!workflow::parse_role(officer.role) || officer.role == "reporter" || officer.role == "system")
    return fail("--role must be national_admin, regional_admin, agency_admin, liaison_officer or village_official");
  // Scope comes from these (shell/server/agency_scope.h): without them the account would see nothing.
  if ((officer.role == "regional_admin" || officer.role == "village_official") && officer.region_code.empty())
    return fail("a " + officer.role + " needs --region (a province code like 32 or a regency like 32.12)");
  if ((officer.role == "agency_admin" || officer.role == "liaison_officer") && officer.agency_id.empty())
    return fail("an " + officer.role + " needs --agency (an agency id of the catalog)");
  if (rules::check_text(officer.username, rules::kUsernameLimits) != rules::TextProblem::none ||
      officer.username.find(' ') != std::string::npos)
    return fail("--username is 1-64 characters on one line, without spaces");
  auto hash = hash_password(read_password());
  if (!hash) return fail(hash.error().detail);
  auto path = database_path(split);
  if (!path) return fail(path.error().detail);
  auto db = open_server_store(path.value());
  if (!db) return fail(db.error().detail);
  auto added = db.value().add_officer(officer, hash.value(), WallClock().now());
  if (!added) return fail(added.error().detail);
  std::printf("added officer %s (%s) as %s\n", officer.username.c_str(), officer.id.c_str(), officer.role.c_str());
  return 0;
}

// officer-disable and officer-password: change one account, end every session it has at once,
// and write the audit row, all in one transaction (an operator's change is all or nothing).
int change_officer(const std::string& username, const Split& split, bool disable) {
  if (username.empty() || username.rfind("--", 0) == 0)
    return fail(std::string(disable ? "officer-disable" : "officer-password") +
                " needs the username first");
  std::string hash;
  if (!disable) {
    auto made = hash_password(read_password());
    if (!made) return fail(made.error().detail);
    hash = made.value();
  }
  auto path = database_path(split);
  if (!path) return fail(path.error().detail);
  auto db = open_server_store(path.value());
  if (!db) return fail(db.error().detail);
  auto& store = db.value();
  int ended = 0;
  auto changed = store.in_transaction([&]() -> Status {
    auto found = store.find_officer(username);
    if (!found) return found.error();
    if (!found.value()) return Error{"officer.unknown", "no officer '" + username + "'"};
    const store::Officer& officer = found.value()->first;
    auto updated =
        disable ? store.disable_officer(username) : store.set_officer_password(username, hash);
    if (!updated) return updated;
    auto sessions = store.end_officer_sessions(officer.id);
    if (!sessions) return sessions.error();
    ended = sessions.value();
    auto written = store.append_audit(account_audit_entry(
        disable ? "officer.disable" : "officer.password", officer, "operator", "operator", "",
        std::to_string(ended) + " sessions ended", WallClock().now()));
    if (!written) return written.error();
    return done();
  });
  if (!changed) return fail(changed.error().detail + " (nothing was changed)");
  std::printf("%s %s; %d sessions ended\n", disable ? "disabled" : "changed the password of",
              username.c_str(), ended);
  return 0;
}

// Loads districts and villages (or any level) from the official list in CSV form
// ("11.01.01,Bakongan") on top of the catalog, and writes the whole regions.tsv to --to.
// The operator reviews the file and puts it in the catalog folder; the server reads it at start.
int import_regions(const Split& split) {
  const std::string from = own_value(split, "--from");
  const std::string to = own_value(split, "--to");
  std::string catalog_dir = own_value(split, "--catalog-dir");
  if (from.empty() || to.empty() || catalog_dir.empty())
    return fail("import-regions needs --from FILE.csv --to regions.tsv --catalog-dir DIR");
  if (fs::exists(to)) return fail(to + " exists; choose a new file");
  auto read = [](const std::string& path) -> std::optional<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  auto regions = read(catalog_dir + "/regions.tsv");
  auto agencies = read(catalog_dir + "/agencies.tsv");
  auto categories = read(catalog_dir + "/categories.tsv");
  auto csv = read(from);
  if (!regions || !agencies || !categories) return fail("cannot read the catalog in " + catalog_dir);
  if (!csv) return fail("cannot read " + from);
  auto catalog = domain::Catalog::parse(*regions, *agencies, *categories);
  if (!catalog) return fail(catalog.error().detail);
  auto added = domain::import_region_csv(catalog.value(), *csv, fs::path(from).filename().string());
  if (!added) return fail(added.error().detail + " (nothing was written)");
  std::ofstream out(to, std::ios::binary);
  out << "# Regions of Indonesia with Kemendagri codes: code<TAB>name (see assets/README.md).\n";
  for (const auto& region : catalog.value().regions()) out << region.code << '\t' << region.name << '\n';
  out.close();
  if (!out) return fail("could not write " + to);
  std::printf("imported %zu new regions from %s; wrote %zu regions to %s\n", added.value(), from.c_str(),
              catalog.value().regions().size(), to.c_str());
  return 0;
}

int backup(const Split& split) {
  const std::string destination = own_value(split, "--to");
  if (destination.empty()) return fail("backup needs --to FILE");
  if (fs::exists(destination)) return fail(destination + " exists; choose a new file");
  auto path = database_path(split);
  if (!path) return fail(path.error().detail);
  auto db = open_server_store(path.value());
  if (!db) return fail(db.error().detail);
  auto copied = db.value().backup_to(destination);
  if (!copied) return fail(copied.error().detail);
  std::printf("backed up %s to %s\n", path.value().c_str(), destination.c_str());
  return 0;
}

int restore(const Split& split) {
  auto path = database_path(split);
  if (!path) return fail(path.error().detail);
  if (store::is_postgres_url(path.value()))
    return fail(
        "restore copies a SQLite backup in place; restore PostgreSQL with pg_restore or "
        "its base backups (README, Several instances on PostgreSQL)");
  return restore_database(own_value(split, "--from"), path.value());
}

// One pass of the deadline scheduler at a chosen instant, on the database of the options
// (the server may be running: each action is its own transaction). Needs the catalog for the
// holidays and the agencies it seeds. Prints the pass as one JSON line.
int run_scheduler(const Split& split) {
  auto at = parse_iso_time(own_value(split, "--at"));
  if (!at) return fail("run-scheduler needs --at ISO-TIME: " + at.error().detail);
  auto config = parse_config(static_cast<int>(split.server_args.size()), split.server_args.data());
  if (!config) return fail(config.error().detail);
  auto catalog = load_catalog(config.value());
  if (!catalog) return fail(catalog.error().detail);
  auto path = resolve_database_path(config.value());
  if (!path) return fail(path.error().detail);
  auto db = open_server_store(path.value());
  if (!db) return fail(db.error().detail);
  // Its events keep the case index current, like the server's.
  auto attached =
      db.value().set_case_indexer(std::make_shared<const cases::CaseIndexer>(catalog.value().calendar));
  if (!attached) return fail(attached.error().detail);
  auto seeded = db.value().seed_agencies(seed_records(catalog.value().catalog, WallClock().now()));
  if (!seeded) return fail(seeded.error().detail);
  // News of what the pass does goes to the reporters' outbox, as when the server runs it.
  const WallClock clock;
  auto pass = run_scheduler_pass(
      db.value(), catalog.value().calendar, at.value(), nullptr,
      sms::status_news({catalog.value().catalog, clock, config.value().sms_daily_limit}));
  if (!pass) return fail(pass.error().detail);
  std::printf("%s\n", pass.value().summary_json().c_str());
  return 0;
}

// open311-key --name NAME: a key for another system's Open311 POST requests, printed once as a
// JSON line ({"key_id","name","api_key"}); the store keeps its SHA-256. open311-key --revoke
// KEY_ID ends one for good. Both write an audit row in the same transaction; open311-keys
// lists them (never a key or its hash). The server may run meanwhile: it reads keys per request.
int open311_key(const Split& split) {
  const std::string name = own_value(split, "--name");
  const std::string revoke = own_value(split, "--revoke");
  if (name.empty() == revoke.empty())
    return fail("open311-key needs --name NAME (a new key) or --revoke KEY_ID");
  if (!name.empty() && rules::check_text(name, rules::kUsernameLimits) != rules::TextProblem::none)
    return fail("--name is 1-64 characters on one line");
  auto path = database_path(split);
  if (!path) return fail(path.error().detail);
  auto db = open_server_store(path.value());
  if (!db) return fail(db.error().detail);
  auto& store = db.value();
  const auto now = WallClock().now();
  store::Open311Key key{"o311-" + domain::random_hex(8), name, "", now, std::nullopt};
  const std::string api_key = domain::random_hex(24);
  key.key_sha256 = domain::sha256_hex(api_key);
  const std::string key_id = revoke.empty() ? key.key_id : revoke;
  auto changed = store.in_transaction([&]() -> Status {
    auto written =
        revoke.empty() ? store.add_open311_key(key) : store.revoke_open311_key(revoke, now);
    if (!written) return written;
    store::AuditEntry audit{0,
                            now,
                            "operator",
                            "operator",
                            revoke.empty() ? "open311.key_issue" : "open311.key_revoke",
                            std::nullopt,
                            key_id,
                            "",
                            "",
                            "",
                            "",
                            "",
                            name};
    if (auto appended = store.append_audit(audit); !appended) return appended.error();
    return done();
  });
  if (!changed) return fail(changed.error().detail + " (nothing was changed)");
  if (!revoke.empty()) {
    std::printf("revoked Open311 key %s\n", revoke.c_str());
    return 0;
  }
  std::printf("{\"key_id\":\"%s\",\"name\":\"%s\",\"api_key\":\"%s\"}\n", key.key_id.c_str(),
              json_escape(name).c_str(), api_key.c_str());
  std::fprintf(stderr,
               "aduan-server: the key is shown this once; give it to %s over a safe channel\n",
               name.c_str());
  return 0;
}

int list_open311_keys(const Split& split) {
  auto path = database_path(split);
  if (!path) return fail(path.error().detail);
  auto db = open_server_store(path.value());
  if (!db) return fail(db.error().detail);
  auto keys = db.value().list_open311_keys();
  if (!keys) return fail(keys.error().detail);
  for (const auto& key : keys.value())
    std::printf("%s\t%s\tissued %lld\t%s\n", key.key_id.c_str(), key.name.c_str(),
                static_cast<long long>(key.created_at),
                key.revoked_at ? ("revoked " + std::to_string(*key.revoked_at)).c_str() : "live");
  return 0;
}

}  // namespace

int run_admin_command(int argc, char** argv) {
  if (argc < 2) return -1;
  const std::string command = argv[1];
  if (command == "officer-add") return officer_add(split_args(argc, argv, {"--username", "--role", "--agency", "--region"}));
  if (command == "officer-disable" || command == "officer-password") {
    // The username is the first argument after the command; the server's options follow it.
    const std::string username = argc > 2 ? argv[2] : "";
    return change_officer(username, split_args(argc - 1, argv + 1, {}),
                          command == "officer-disable");
  }
  if (command == "backup") return backup(split_args(argc, argv, {"--to"}));
  if (command == "import-regions")
    return import_regions(split_args(argc, argv, {"--from", "--to", "--catalog-dir"}));
  if (command == "restore") return restore(split_args(argc, argv, {"--from"}));
  if (command == "run-scheduler") return run_scheduler(split_args(argc, argv, {"--at"}));
  if (command == "open311-key") return open311_key(split_args(argc, argv, {"--name", "--revoke"}));
  if (command == "open311-keys") return list_open311_keys(split_args(argc, argv, {}));
  if (command == "migrate") {
    auto split = split_args(argc, argv, {"--from", "--to"});
    if (!split.server_args.empty())
      return fail(std::string("migrate takes --from and --to only, not '") + split.server_args[0] +
                  "'");
    return migrate_to_postgres(own_value(split, "--from"), own_value(split, "--to"));
  }
  return -1;
}

}  // namespace aduan::server
