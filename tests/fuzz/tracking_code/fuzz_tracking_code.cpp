// tests/fuzz/tracking_code/fuzz_tracking_code.cpp: libFuzzer target for the tracking-code
// parser, what a person types into the tracker (core/domain/tracking_code.h).
//
// Besides "no crash, no sanitizer report" it checks the parser's promises: what it accepts
// comes out canonical and is a fixed point, and a canonical code is accepted as itself. The
// input is used as typed text, byte for byte.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/domain/tracking_code.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aduan::domain;
  const std::string_view typed(reinterpret_cast<const char*>(data), size);
  auto normalized = normalize_tracking_code(typed);
  if (normalized) {
    const std::string& code = normalized.value();
    if (!is_canonical_tracking_code(code)) std::abort();
    auto again = normalize_tracking_code(code);
    if (!again || again.value() != code) std::abort();
  }
  if (is_canonical_tracking_code(typed) && (!normalized || normalized.value() != typed)) std::abort();
  return 0;
}
