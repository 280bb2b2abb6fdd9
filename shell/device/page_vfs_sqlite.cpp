// shell/device/page_vfs_sqlite.cpp: SQLite's side of the page VFS (page_vfs.h).
//
// The sqlite3_vfs and sqlite3_io_methods tables. The file named kDatabaseFileName, opened as a
// main database, is PageVfs::database() and its xSync is a commit; every other file (a
// journal if a caller asks for one, temporary files for large sorts) lives in memory only.
// Locks are no-ops: one connection per tab, and tabs are kept apart by the Web Lock the glue
// takes before anything is opened. Time and randomness come from the platform through the
// standard library and the domain's entropy source.
#include <chrono>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "core/domain/report.h"
#include "shell/device/page_vfs.h"
#include "sqlite3.h"

namespace aduan::app {
namespace {

struct OpenFile {
  sqlite3_file base;  // first, so SQLite's pointer is ours
  PageFile* data = nullptr;
  std::shared_ptr<PageFile> scratch;  // keeps a scratch file alive while open
  std::string name;
  bool is_database = false;
  bool delete_on_close = false;
};

OpenFile* as_open(sqlite3_file* file) {
  return reinterpret_cast<OpenFile*>(file);
}

int file_close(sqlite3_file* file) {
  OpenFile* open = as_open(file);
  if (open->delete_on_close) PageVfs::instance().delete_scratch_file(open->name);
  open->~OpenFile();
  return SQLITE_OK;
}

int file_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  return as_open(file)->data->read(out, amount, offset);
}

int file_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  as_open(file)->data->write(data, amount, offset);
  return SQLITE_OK;
}

int file_truncate(sqlite3_file* file, sqlite3_int64 size) {
  as_open(file)->data->truncate(static_cast<std::uint64_t>(size));
  return SQLITE_OK;
}

int file_sync(sqlite3_file* file, int /*flags*/) {
  // SQLite syncs the main database once per commit, after its pages are written: the moment
  // the commit's pages are complete and can go to IndexedDB as one transaction.
  if (as_open(file)->is_database) PageVfs::instance().commit();
  return SQLITE_OK;
}

int file_size(sqlite3_file* file, sqlite3_int64* size) {
  *size = static_cast<sqlite3_int64>(as_open(file)->data->size());
  return SQLITE_OK;
}

int file_lock(sqlite3_file*, int) {
  return SQLITE_OK;
}
int file_unlock(sqlite3_file*, int) {
  return SQLITE_OK;
}
int file_check_reserved_lock(sqlite3_file*, int* reserved) {
  *reserved = 0;
  return SQLITE_OK;
}
int file_control(sqlite3_file*, int, void*) {
  return SQLITE_NOTFOUND;
}
int file_sector_size(sqlite3_file*) {
  return static_cast<int>(kPageBytes);
}
int file_device_characteristics(sqlite3_file*) {
  // Memory: a write never tears a neighbouring byte and appends are safe.
  return SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

const sqlite3_io_methods kIoMethods = {
    1,  // iVersion: no shared memory (no WAL) and no memory mapping
    file_close,
    file_read,
    file_write,
    file_truncate,
    file_sync,
    file_size,
    file_lock,
    file_unlock,
    file_check_reserved_lock,
    file_control,
    file_sector_size,
    file_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int vfs_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* open = new (file) OpenFile{};
  PageVfs& vfs = PageVfs::instance();
  static int anonymous = 0;
  open->name = name != nullptr ? name : "temp-" + std::to_string(++anonymous);
  open->delete_on_close = name == nullptr || (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  if ((flags & SQLITE_OPEN_MAIN_DB) != 0 && open->name == kDatabaseFileName) {
    open->is_database = true;
    open->delete_on_close = false;
    open->data = &vfs.database();
  } else {
    open->scratch = vfs.scratch_file(open->name, (flags & SQLITE_OPEN_CREATE) != 0);
    if (!open->scratch) {
      open->~OpenFile();
      file->pMethods = nullptr;
      return SQLITE_CANTOPEN;
    }
    open->data = open->scratch.get();
  }
  if (out_flags != nullptr) *out_flags = flags;
  file->pMethods = &kIoMethods;
  return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs*, const char* name, int) {
  PageVfs::instance().delete_scratch_file(name);
  return SQLITE_OK;
}

int vfs_access(sqlite3_vfs*, const char* name, int, int* result) {
  if (std::strcmp(name, kDatabaseFileName) == 0) {
    *result = PageVfs::instance().database().size() > 0 ? 1 : 0;
  } else {
    *result = PageVfs::instance().scratch_file(name, false) ? 1 : 0;
  }
  return SQLITE_OK;
}

int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  sqlite3_snprintf(size, out, "%s", name);
  return SQLITE_OK;
}

int vfs_randomness(sqlite3_vfs*, int size, char* out) {
  domain::random_bytes(reinterpret_cast<std::uint8_t*>(out), static_cast<std::size_t>(size));
  return size;
}

int vfs_sleep(sqlite3_vfs*, int) {
  return 0;
}  // the main thread never sleeps; nothing waits

int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  constexpr sqlite3_int64 kUnixEpochAsJulianMs = 210866760000000;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  *out = kUnixEpochAsJulianMs + std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  return SQLITE_OK;
}

int vfs_current_time(sqlite3_vfs* vfs, double* out) {
  sqlite3_int64 ms = 0;
  vfs_current_time_int64(vfs, &ms);
  *out = static_cast<double>(ms) / 86400000.0;
  return SQLITE_OK;
}

int vfs_last_error(sqlite3_vfs*, int, char*) {
  return 0;
}

sqlite3_vfs page_vfs = {
    2,  // iVersion: has xCurrentTimeInt64
    static_cast<int>(sizeof(OpenFile)),
    512,  // mxPathname
    nullptr,
    kPageVfsName,
    nullptr,
    vfs_open,
    vfs_delete,
    vfs_access,
    vfs_full_pathname,
    nullptr,  // no extensions in the browser
    nullptr,
    nullptr,
    nullptr,
    vfs_randomness,
    vfs_sleep,
    vfs_current_time,
    vfs_last_error,
    vfs_current_time_int64,
    nullptr,
    nullptr,
    nullptr,
};

}  // namespace

int PageVfs::register_as_default() {
  return sqlite3_vfs_register(&page_vfs, 1);
}

}  // namespace aduan::app
