// shell/server/admin_commands.h: aduan-server's one-shot operator commands.
//
//   aduan-server officer-add --username U --role R [--agency ID] [--region CODE]
//       (the password is read from ADUAN_OFFICER_PASSWORD, or the first line of stdin)
//   aduan-server officer-disable USERNAME      the account can no longer log in
//   aduan-server officer-password USERNAME     a new password (ADUAN_OFFICER_PASSWORD or stdin)
//       both end the officer's sessions at once and write an audit row; online
//   aduan-server backup --to FILE      online: the server may keep running
//   aduan-server restore --from FILE   offline: refused while a server runs (restore_command.h)
//   aduan-server import-regions --from FILE.csv --to regions.tsv --catalog-dir DIR
//       (districts and villages from the official list, merged into a new regions.tsv)
//   aduan-server migrate --from sqlite:///path/aduan.db --to postgres://...
//       (offline: the SQLite deployment into a new PostgreSQL database, migrate_command.h)
// Each takes the usual --data-dir / --database-url to find the database. Owns nothing else.
#pragma once

namespace aduan::server {

// Returns the process exit code, or -1 when argv[1] names no admin command.
int run_admin_command(int argc, char** argv);

}  // namespace aduan::server
