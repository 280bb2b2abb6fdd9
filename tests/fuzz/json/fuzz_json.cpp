// tests/fuzz/json/fuzz_json.cpp: libFuzzer target for the one JSON reader (core/json), which
// the portal and the command line use on every answer of the server.
//
// Parses the input with the default limits and with tight ones (so the depth, count and string
// limits are reached on small inputs), walks the tree through the accessors the callers use,
// and reads it as the API's error envelope. Properties checked: an object's keys and values
// stay parallel and unique, and a tighter limit never accepts what the default refuses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "core/json/json_reader.h"

namespace {

using aduan::json::Value;

void walk(const Value& value, int depth) {
  if (depth > 64) std::abort();  // the limits allow 32
  if (value.is_object()) {
    if (value.keys.size() != value.items.size()) std::abort();
    std::set<std::string_view> seen;
    for (const auto& key : value.keys) {
      if (!seen.insert(key).second) std::abort();
      (void)value.get(key);
      (void)value.string_at(key);
      (void)value.number_at(key, -1);
      (void)value.bool_at(key);
    }
  }
  (void)value.as_uint64();
  for (const auto& item : value.items) walk(item, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = aduan::json::parse(text);
  if (parsed) walk(parsed.value(), 0);

  aduan::json::Limits tight;
  tight.max_depth = 4;
  tight.max_values = 16;
  tight.max_string_bytes = 8;
  auto small = aduan::json::parse(text, tight);
  if (small && !parsed) std::abort();
  if (small) walk(small.value(), 0);

  (void)aduan::json::read_error_body(text);
  return 0;
}
