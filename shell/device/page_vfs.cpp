// shell/device/page_vfs.cpp: the in-memory page file and the durability bookkeeping (page_vfs.h).
// SQLite's side of the VFS (the sqlite3_io_methods) is in page_vfs_sqlite.cpp.
#include "shell/device/page_vfs.h"

#include <algorithm>
#include <cstring>

#include "sqlite3.h"

namespace aduan::app {

// ---- PageFile --------------------------------------------------------------------------------

std::uint8_t* PageFile::page(std::uint32_t index) {
  while (pages_.size() <= index) {
    // A page that comes into being is part of the file from now on, zeros included.
    dirty_.insert(static_cast<std::uint32_t>(pages_.size()));
    pages_.push_back(std::make_unique<std::uint8_t[]>(kPageBytes));
  }
  return pages_[index].get();
}

int PageFile::read(void* out, int amount, std::int64_t offset) const {
  auto* to = static_cast<std::uint8_t*>(out);
  const auto begin = static_cast<std::uint64_t>(offset);
  const auto wanted = static_cast<std::uint64_t>(amount);
  const std::uint64_t available = begin >= size_ ? 0 : std::min(wanted, size_ - begin);
  std::uint64_t done = 0;
  while (done < available) {
    const std::uint64_t at = begin + done;
    const auto index = static_cast<std::size_t>(at / kPageBytes);
    const std::uint64_t within = at % kPageBytes;
    const std::uint64_t chunk = std::min<std::uint64_t>(kPageBytes - within, available - done);
    if (index < pages_.size()) {
      std::memcpy(to + done, pages_[index].get() + within, chunk);
    } else {
      std::memset(to + done, 0, chunk);
    }
    done += chunk;
  }
  if (available < wanted) {
    std::memset(to + available, 0, wanted - available);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

void PageFile::write(const void* data, int amount, std::int64_t offset) {
  const auto* from = static_cast<const std::uint8_t*>(data);
  const auto begin = static_cast<std::uint64_t>(offset);
  const auto total = static_cast<std::uint64_t>(amount);
  std::uint64_t done = 0;
  while (done < total) {
    const std::uint64_t at = begin + done;
    const auto index = static_cast<std::uint32_t>(at / kPageBytes);
    const std::uint64_t within = at % kPageBytes;
    const std::uint64_t chunk = std::min<std::uint64_t>(kPageBytes - within, total - done);
    std::memcpy(page(index) + within, from + done, chunk);
    dirty_.insert(index);
    done += chunk;
  }
  size_ = std::max(size_, begin + total);
}

void PageFile::truncate(std::uint64_t size) {
  if (size >= size_) return;  // SQLite never grows a file by truncating
  const std::uint64_t keep = (size + kPageBytes - 1) / kPageBytes;
  if (pages_.size() > keep) pages_.resize(static_cast<std::size_t>(keep));
  dirty_.erase(dirty_.lower_bound(static_cast<std::uint32_t>(keep)), dirty_.end());
  size_ = size;
  size_changed_ = true;
}

void PageFile::load_page(std::uint32_t index, std::span<const std::uint8_t> bytes) {
  std::uint8_t* to = page(index);
  std::memcpy(to, bytes.data(), std::min<std::size_t>(bytes.size(), kPageBytes));
  dirty_.clear();  // what IndexedDB holds is durable already
}

void PageFile::set_loaded_size(std::uint64_t size) {
  const std::uint64_t keep = (size + kPageBytes - 1) / kPageBytes;
  if (keep > 0) page(static_cast<std::uint32_t>(keep - 1));  // a missing page reads as zeros
  if (pages_.size() > keep) pages_.resize(static_cast<std::size_t>(keep));
  size_ = size;
  dirty_.clear();
  size_changed_ = false;
}

PageBatch PageFile::take_dirty(std::uint64_t generation) {
  PageBatch batch;
  batch.generation = generation;
  batch.file_size = size_;
  batch.indexes.assign(dirty_.begin(), dirty_.end());
  batch.bytes.resize(batch.indexes.size() * kPageBytes);
  std::size_t at = 0;
  for (std::uint32_t index : batch.indexes) {
    std::memcpy(batch.bytes.data() + at, pages_[index].get(), kPageBytes);
    at += kPageBytes;
  }
  dirty_.clear();
  size_changed_ = false;
  return batch;
}

void PageFile::mark_dirty(std::span<const std::uint32_t> indexes) {
  for (std::uint32_t index : indexes) {
    if (index < pages_.size()) dirty_.insert(index);
  }
  size_changed_ = true;  // the failed batch's meta record (size, generation) must go again
}

// ---- PageVfs ---------------------------------------------------------------------------------

PageVfs& PageVfs::instance() {
  static PageVfs vfs;
  return vfs;
}

void PageVfs::reset() {
  database_ = PageFile();
  scratch_.clear();
  committed_ = durable_ = in_flight_ = 0;
  in_flight_pages_.clear();
  failures_ = 0;
  last_error_.clear();
}

void PageVfs::finish_loading(std::uint64_t generation) {
  committed_ = generation;
  durable_ = generation;
}

void PageVfs::commit() {
  ++committed_;
  if (in_flight_ == 0) send();
}

void PageVfs::send() {
  if (!database_.has_dirty() && !database_.size_changed()) {
    // Nothing reached the file since the last durable batch (a commit that changed no page).
    durable_ = committed_;
    return;
  }
  PageBatch batch = database_.take_dirty(committed_);
  in_flight_ = batch.generation;
  in_flight_pages_ = batch.indexes;
  if (sink_) sink_(batch);
}

void PageVfs::batch_durable(std::uint64_t generation) {
  if (generation != in_flight_) return;  // not ours: a batch from before a failure was resent
  in_flight_ = 0;
  in_flight_pages_.clear();
  durable_ = std::max(durable_, generation);
  failures_ = 0;
  last_error_.clear();
  if (committed_ > durable_ || database_.has_dirty() || database_.size_changed()) send();
}

void PageVfs::flush() {
  if (in_flight_ != 0 || failures_ > 0) return;  // after a failure, retry() decides when
  if (committed_ > durable_ || database_.has_dirty() || database_.size_changed()) send();
}

void PageVfs::batch_failed(std::uint64_t generation, std::string error) {
  if (generation != in_flight_) return;
  in_flight_ = 0;
  // Nothing of the failed transaction reached IndexedDB, so its pages are owed again.
  database_.mark_dirty(in_flight_pages_);
  in_flight_pages_.clear();
  ++failures_;
  last_error_ = std::move(error);
}

bool PageVfs::retry() {
  if (in_flight_ != 0) return false;
  if (committed_ == durable_ && !database_.has_dirty() && !database_.size_changed()) return false;
  send();
  return true;
}

std::shared_ptr<PageFile> PageVfs::scratch_file(const std::string& name, bool create) {
  for (auto& [known, file] : scratch_) {
    if (known == name) return file;
  }
  if (!create) return nullptr;
  auto file = std::make_shared<PageFile>();
  scratch_.emplace_back(name, file);
  return file;
}

void PageVfs::delete_scratch_file(const std::string& name) {
  std::erase_if(scratch_, [&](const auto& entry) { return entry.first == name; });
}

}  // namespace aduan::app
