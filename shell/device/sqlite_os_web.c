/* shell/device/sqlite_os_web.c: SQLite's platform layer in the web programs, which is none.
 *
 * The programs' SQLite is built with SQLITE_OS_OTHER (cmake/ThirdParty.cmake): without it
 * SQLite brings its unix layer, about 4 KB brotli of code and two dozen system calls that a
 * page never makes, since every file the programs' SQLite opens is the page VFS's
 * (page_vfs_sqlite.cpp), which the device registers as the default before it opens its store.
 * So there is nothing to set up here. Compiled into that SQLite library only: the WebAssembly
 * tests, run by node on real files, link SQLite's unix layer instead. */
#include "sqlite3.h"

int sqlite3_os_init(void) {
  return SQLITE_OK;
}

int sqlite3_os_end(void) {
  return SQLITE_OK;
}
