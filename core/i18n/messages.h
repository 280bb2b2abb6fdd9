// core/i18n/messages.h: the message catalog: every word the portal shows, in id and en.
//
// Owns parsing catalog text (assets/i18n/<lang>.txt; the caller reads the file, so the same
// code serves the browser, the server and tests) and looking messages up with fallback.
// Does not own choosing the language (the shell asks the browser or the user), plural rules,
// or formatting dates and numbers.
//
// Keys are stable codes. Error and problem codes double as keys ("rules.title.too_short",
// "tracking_code.bad_check"), so the UI shows any Error or Problem by looking up its code,
// and a test can prove every code the core can emit has a message.
//
// File format, one entry a line, UTF-8:
//   # a comment (only at the start of a line, so '#' may appear inside messages)
//   key = message text
// Keys are lowercase ASCII letters, digits, '.', '_' and '-'. The text is trimmed; "\n" in the
// text becomes a line break and "\\" a backslash. A key may appear once per file.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/result.h"

namespace aduan::i18n {

// Bahasa Indonesia: the language of the service, and where every lookup falls back to.
inline constexpr std::string_view kDefaultLanguage = "id";

// Parses one catalog file. Errors: "i18n.bad_line" (no '='), "i18n.bad_key",
// "i18n.duplicate_key", "i18n.bad_utf8", "i18n.bad_escape"; the detail names the line.
Result<std::map<std::string, std::string, std::less<>>> parse_messages(std::string_view text);

// `message` with {1}, {2}, ... replaced by `args` in order (each mark as often as it appears; an
// argument's own text is never searched again, so a "{2}" inside it stays as written).
std::string fill_placeholders(std::string_view message, std::initializer_list<std::string> args);

class Messages {
 public:
  // Parses `text` and makes it the catalog of `language` ("id", "en"), replacing any earlier
  // one for that language. On error the previous catalog is kept.
  Status load(std::string_view language, std::string_view text);

  // The message for `key` in `language`; else in Bahasa Indonesia; else the key itself, so a
  // missing message shows up as a visible code rather than an empty label. The view points
  // into this catalog, or into `key` when nothing was found.
  std::string_view lookup(std::string_view language, std::string_view key) const;

  // Whether `language` itself (no fallback) has a message for `key`.
  bool has(std::string_view language, std::string_view key) const;

  std::vector<std::string> languages() const;
  std::vector<std::string> keys(std::string_view language) const;  // sorted

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> catalogs_;
};

}  // namespace aduan::i18n
