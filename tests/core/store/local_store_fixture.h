// tests/core/store/local_store_fixture.h: the GoogleTest fixture most device-store tests share:
// a fresh LocalStore on a temporary file, opened (and so migrated) before each test.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <utility>

#include "core/store/local_store.h"
#include "core/store/test_support.h"

namespace aduan::store {

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
