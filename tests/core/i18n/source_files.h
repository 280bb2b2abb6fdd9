// tests/core/i18n/source_files.h: reading the project's own files from the i18n tests.
//
// The catalog tests check that the messages some code asks for exist; they read that code and
// the shipped catalogs from the source tree (ADUAN_SOURCE_DIR), natively and as WebAssembly
// under node (NODERAWFS), so both reads live here once.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace aduan::i18n::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::filesystem::path source_path(const std::filesystem::path& relative) {
  return std::filesystem::path(ADUAN_SOURCE_DIR) / relative;
}

// The text of assets/i18n/<language>.txt.
inline std::string shipped_catalog_text(const std::string& language) {
  return read_file(source_path("assets/i18n") / (language + ".txt"));
}

}  // namespace aduan::i18n::testing
