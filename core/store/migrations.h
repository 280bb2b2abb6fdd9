// core/store/migrations.h: numbered schema migrations and opening a database at the schema
// the code knows.
//
// Owns the rules of schema versions: PRAGMA user_version holds the version of the file; a
// migration list is numbered 1..N with no gaps; each step runs in its own transaction that
// also bumps user_version, so a crash between steps leaves a file at a whole version. A file
// newer than the code is refused before anything is written to it (an older app must not
// damage what a newer one wrote, e.g. after a rollback of the web app). Does not own any
// product schema: the client schema lives beside LocalStore, a server schema beside its store.
//
// Released migrations are never edited: a change is a new step, and every released version
// has a fixture database under tests/core/store/fixtures that the tests upgrade in place.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/domain/result.h"
#include "core/store/database.h"

namespace aduan::store {

struct Migration {
  int version = 0;       // the user_version after this step; the first step is 1
  std::string_view sql;  // one or more statements; no BEGIN/COMMIT, the runner wraps them
};

// What the code knows: the version after the last step of the list (0 for an empty list).
int latest_version(std::span<const Migration> migrations);

// The version recorded in the file (0 for a new, empty file). A file that is not an SQLite
// database fails here with "store.corrupt".
Result<int> schema_version(Database& db);

// Applies every step above the file's version, in order, one transaction per step.
// Errors: "store.newer_schema" (file untouched), "store.sql" for a malformed list or a step
// that fails (that step rolled back, earlier steps kept), or the SQLite error of the step.
Status migrate(Database& db, std::span<const Migration> migrations);

// The usual way in: open, check the version before writing anything, apply the journal mode
// of the options, migrate. The result is a connection at latest_version(migrations).
Result<Database> open_migrated(const std::string& path, const OpenOptions& options,
                               std::span<const Migration> migrations);

}  // namespace aduan::store
