// tests/fuzz/sms_command/fuzz_sms_command.cpp: libFuzzer target for what a citizen texts
// (core/sms): the grammar and fitting an answer into one SMS.
//
// Besides "no crash, no sanitizer report" it checks the promises the server relies on: a
// command's text and hints are valid UTF-8 with no control characters (they become a report),
// a code is canonical, a rating is 1..5, and fit_one_sms always returns one SMS of valid UTF-8
// that keeps a tail that fits. The input is used as the message, byte for byte, and its first
// bytes once more as the tail of an answer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/domain/tracking_code.h"
#include "core/i18n/utf8.h"
#include "core/sms/command.h"
#include "core/sms/sms_text.h"

namespace {

bool clean(std::string_view text) {
  if (!aduan::i18n::count_code_points(text)) return false;
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aduan::sms;
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  const Command command = parse_command(message);
  if (!clean(command.text) || !clean(command.category_hint) || !clean(command.place_hint))
    std::abort();
  const bool needs_code = command.kind == CommandKind::check ||
                          command.kind == CommandKind::reply ||
                          command.kind == CommandKind::accept || command.kind == CommandKind::rate;
  if (needs_code && !aduan::domain::is_canonical_tracking_code(command.code)) std::abort();
  if (command.kind == CommandKind::rate && (command.rating < 1 || command.rating > 5)) std::abort();

  const std::string tail = " " + command.code;
  const std::string fitted = fit_one_sms(message, tail);
  if (!aduan::i18n::count_code_points(fitted) || !fits_one_sms(fitted)) std::abort();
  if (!command.code.empty() && fitted.find(command.code) == std::string::npos) std::abort();
  return 0;
}
