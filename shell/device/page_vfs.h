// shell/device/page_vfs.h: SQLite's files kept in memory, with each commit's changed pages handed
// to whoever makes them durable (the browser's IndexedDB, see web/storage.js).
//
// Owns the SQLite VFS "aduan-pages" (registered as the default), the bytes of the database
// file, which 4 KiB pages a commit changed, and the bookkeeping of durability: the generation
// of each commit, at most one batch of pages in flight, which generation is durable, and what
// happens when a write fails. Does not own IndexedDB, locks between tabs or any SQL: the web
// glue writes a PageBatch and answers batch_durable() or batch_failed().
//
// Why this shape: Emscripten's IDBFS rewrites the whole file at every sync, so a save would
// grow with history. Here the database lives in memory (SQLite's journal too, JournalMode::
// memory: the IndexedDB transaction is the atomic unit) and the main file's xSync, which
// SQLite calls once per commit, turns the pages written since the last batch into the next
// batch. One batch at a time: commits made while one is in flight are merged into the next, so
// a failed batch can be sent again whole (its pages go back to dirty) and no later batch can
// become durable over a hole. IndexedDB gives no partial transactions, so after a crash the
// stored pages are exactly those of a completed commit.
//
// Order of use: load_page()/finish_loading() with what IndexedDB holds, register_as_default(),
// open the store; then each commit calls the sink; the glue calls batch_durable/batch_failed.
// Single-threaded (SQLITE_THREADSAFE=0 in the web build), like everything on the main thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace aduan::app {

inline constexpr std::uint32_t kPageBytes = 4096;
inline constexpr const char* kPageVfsName = "aduan-pages";
inline constexpr const char* kDatabaseFileName = "aduan.db";  // the one file kept durably

// The pages one IndexedDB transaction writes. Pages at or past file_size / kPageBytes (after
// rounding up) are stale and deleted in the same transaction: VACUUM shrinks the file.
struct PageBatch {
  std::uint64_t generation = 0;
  std::uint64_t file_size = 0;
  std::vector<std::uint32_t> indexes;  // ascending
  std::vector<std::uint8_t> bytes;     // indexes.size() * kPageBytes, in the same order
};

// The bytes of one file, page by page, and the pages changed since they were last taken.
class PageFile {
 public:
  // SQLITE_OK, or SQLITE_IOERR_SHORT_READ with the rest zeroed, as SQLite expects.
  int read(void* out, int amount, std::int64_t offset) const;
  void write(const void* data, int amount, std::int64_t offset);
  void truncate(std::uint64_t size);
  std::uint64_t size() const { return size_; }
  std::size_t page_count() const { return pages_.size(); }

  void load_page(std::uint32_t index, std::span<const std::uint8_t> bytes);  // not dirty
  void set_loaded_size(std::uint64_t size);
  bool has_dirty() const { return !dirty_.empty(); }
  bool size_changed() const { return size_changed_; }
  PageBatch take_dirty(std::uint64_t generation);
  void mark_dirty(std::span<const std::uint32_t> indexes);

 private:
  std::uint8_t* page(std::uint32_t index);  // grows the file's page list as needed

  std::vector<std::unique_ptr<std::uint8_t[]>> pages_;
  std::uint64_t size_ = 0;
  std::set<std::uint32_t> dirty_;
  bool size_changed_ = false;
};

class PageVfs {
 public:
  using Sink = std::function<void(const PageBatch&)>;

  static PageVfs& instance();

  // Registers the VFS as SQLite's default. Returns SQLite's result code.
  int register_as_default();

  // While opening: what IndexedDB holds. generation is the last durable commit's.
  PageFile& database() { return database_; }
  void finish_loading(std::uint64_t generation);

  void set_sink(Sink sink) { sink_ = std::move(sink); }

  // Called by xSync of the database file: a commit happened.
  void commit();
  void batch_durable(std::uint64_t generation);
  void batch_failed(std::uint64_t generation, std::string error);
  // Sends what is committed but not durable again after a failure. False when nothing to do.
  bool retry();
  // Sends changes that reached the file after its commit's xSync: SQLite shrinks the file
  // (VACUUM, a rollback of a file that grew) only after syncing. Call between SQLite calls,
  // never from inside one (the glue's callbacks and tick() are such moments).
  void flush();

  std::uint64_t committed_generation() const { return committed_; }
  std::uint64_t durable_generation() const { return durable_; }
  bool in_flight() const { return in_flight_ != 0; }
  int consecutive_failures() const { return failures_; }
  const std::string& last_error() const { return last_error_; }

  // Forgets the file and every generation, as a new page load does (native tests only).
  void reset();

  // Files other than the database (temporary files): name -> bytes, never made durable.
  std::shared_ptr<PageFile> scratch_file(const std::string& name, bool create);
  void delete_scratch_file(const std::string& name);

 private:
  void send();

  PageFile database_;
  std::vector<std::pair<std::string, std::shared_ptr<PageFile>>> scratch_;
  Sink sink_;
  std::uint64_t committed_ = 0;
  std::uint64_t durable_ = 0;
  std::uint64_t in_flight_ = 0;  // generation of the batch being written, 0 if none
  std::vector<std::uint32_t> in_flight_pages_;
  int failures_ = 0;
  std::string last_error_;
};

}  // namespace aduan::app
