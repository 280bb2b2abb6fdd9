// tests/core/store/local_store_fixture.h: the GoogleTest fixture most device-store tests share:
// a fresh LocalStore on a temporary file, opened (and so migrated) before each test. Also the
// skip of a test that injects its fault with a trigger, where SQLite has none.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <utility>

#include "core/store/local_store.h"
#include "core/store/test_support.h"

namespace aduan::store {

// Whether this build's SQLite has triggers. The browser's is built without them
// (cmake/ThirdParty.cmake), and so without foreign keys: the store never needs either.
inline bool sqlite_has_triggers() {
  auto db = Database::open(":memory:");
  if (!db) return false;
  const char* probe = "CREATE TABLE t (x); CREATE TRIGGER p AFTER INSERT ON t BEGIN SELECT 1; END";
  return db.value().exec(probe).ok();
}

// First line of a test whose fault is a trigger (interrupted_writes_test.cpp): it runs natively
// only, where the same store code and SQLite's same transactions are under test.
#define ADUAN_SKIP_WITHOUT_TRIGGERS()                                      \
  if (!::aduan::store::sqlite_has_triggers())                              \
  GTEST_SKIP() << "the fault is injected with a trigger, and this SQLite " \
                  "(the browser's) has none"

class FreshLocalStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = LocalStore::open(path_.str());
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_.emplace(std::move(opened).value());
  }
  LocalStore& store() { return *store_; }

  testing::TempPath path_;
  std::optional<LocalStore> store_;
};

}  // namespace aduan::store
