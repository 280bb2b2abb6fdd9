// core/wire/archive.cpp: the non-template parts of the archives (see archive.h).
//
// Every check that stands between hostile bytes and an allocation lives here, in one place,
// so it can be read in one sitting: read_bytes (short reads), read_varint (overlong and
// non-canonical prefixes), read_count (prefix vs. bytes left), charge (memory budget).
#include "core/wire/archive.h"

#include <limits>

namespace aduan::wire {

void fail(std::string_view code, std::string detail) {
  throw WireFailure{code, std::move(detail)};
}

Error to_error(const WireFailure& failure) {
  return Error{std::string(failure.code), failure.detail};
}

WireOutputArchive::WireOutputArchive(Bytes& out, std::uint16_t version)
    : cereal::OutputArchive<WireOutputArchive, cereal::AllowEmptyClassElision>(this),
      out_(out),
      version_(version) {}

void WireOutputArchive::write_bytes(const void* data, std::size_t count) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out_.insert(out_.end(), bytes, bytes + count);
}

void WireOutputArchive::write_varint(std::uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<std::uint8_t>(value));
}

WireInputArchive::WireInputArchive(std::span<const std::uint8_t> payload, std::uint16_t version,
                                   std::size_t memory_budget)
    : cereal::InputArchive<WireInputArchive, cereal::AllowEmptyClassElision>(this),
      payload_(payload),
      version_(version),
      budget_left_(memory_budget) {}

void WireInputArchive::read_bytes(void* out, std::size_t count) {
  if (count > remaining()) {
    fail(errors::kTruncated, "needed " + std::to_string(count) + " bytes at offset " +
                                 std::to_string(position_) + ", " + std::to_string(remaining()) +
                                 " left");
  }
  if (count > 0) std::memcpy(out, payload_.data() + position_, count);
  position_ += count;
}

std::uint64_t WireInputArchive::read_varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    std::uint8_t byte = 0;
    read_bytes(&byte, 1);
    const std::uint64_t bits = byte & 0x7f;
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && bits > 1) fail(errors::kMalformed, "size prefix exceeds 64 bits");
    value |= bits << shift;
    if ((byte & 0x80) == 0) {
      // One value, one encoding: a trailing zero group would let equal messages differ.
      if (byte == 0 && shift > 0) fail(errors::kMalformed, "non-canonical size prefix");
      return value;
    }
  }
  fail(errors::kMalformed, "size prefix longer than 10 bytes");
}

void WireInputArchive::check_count(std::uint64_t count) const {
  if (count > kMaxMessageBytes) {
    fail(errors::kMalformed, "size prefix " + std::to_string(count) + " exceeds any message");
  }
  if (count > remaining()) {
    fail(errors::kTruncated, "size prefix " + std::to_string(count) + " but only " +
                                 std::to_string(remaining()) + " bytes left");
  }
}

std::size_t WireInputArchive::read_count() {
  const std::uint64_t count = read_varint();
  check_count(count);
  return static_cast<std::size_t>(count);
}

void WireInputArchive::charge(std::uint64_t bytes) {
  if (bytes > budget_left_) {
    fail(errors::kTooLarge, "decoding would need more than " +
                                std::to_string(kDecodeMemoryPerInputByte) +
                                " bytes of memory per input byte");
  }
  budget_left_ -= static_cast<std::size_t>(bytes);
}

void WireInputArchive::enter_nested() {
  if (++depth_ > kMaxNestingDepth) {
    fail(errors::kMalformed,
         "values nested deeper than " + std::to_string(kMaxNestingDepth) + " levels");
  }
}

void WireInputArchive::expect_end() const {
  if (remaining() != 0) {
    fail(errors::kMalformed, std::to_string(remaining()) + " unexpected bytes after message");
  }
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const bool& value) {
  ar.write_le(static_cast<std::uint8_t>(value ? 1 : 0));
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, bool& value) {
  const auto raw = ar.read_le<std::uint8_t>();
  if (raw > 1) fail(errors::kMalformed, "bool byte " + std::to_string(raw));
  value = raw == 1;
}

void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const std::string& text) {
  ar(cereal::make_size_tag(static_cast<cereal::size_type>(text.size())));
  ar.write_bytes(text.data(), text.size());
}

void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, std::string& text) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));  // checked against the bytes left before the resize below
  ar.charge(size + 1);
  text.resize(static_cast<std::size_t>(size));
  ar.read_bytes(text.data(), text.size());
}

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

bool is_packable_hex(const std::string& text) {
  if (text.empty() || text.size() % 2 != 0) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::uint8_t hex_nibble(char c) {
  return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
}

}  // namespace

void save_hex(WireOutputArchive& ar, const std::string& text) {
  if (!is_packable_hex(text)) {
    ar.write_varint(static_cast<std::uint64_t>(text.size()) << 1);
    ar.write_bytes(text.data(), text.size());
    return;
  }
  ar.write_varint((static_cast<std::uint64_t>(text.size() / 2) << 1) | 1);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    ar.write_le(static_cast<std::uint8_t>(hex_nibble(text[i]) << 4 | hex_nibble(text[i + 1])));
  }
}

void load_hex(WireInputArchive& ar, std::string& text) {
  const std::uint64_t prefix = ar.read_varint();
  const std::uint64_t count = prefix >> 1;
  const bool packed = (prefix & 1) != 0;
  ar.check_count(count);
  if (!packed) {
    ar.charge(count + 1);
    text.resize(static_cast<std::size_t>(count));
    ar.read_bytes(text.data(), text.size());
    // One value, one encoding: the encoder always packs what it can.
    if (is_packable_hex(text)) fail(errors::kMalformed, "hex text sent unpacked");
    return;
  }
  if (count == 0) fail(errors::kMalformed, "empty packed hex");  // the encoder never packs ""
  ar.charge(2 * count + 1);
  text.resize(static_cast<std::size_t>(2 * count));
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const auto byte = ar.read_le<std::uint8_t>();
    text[i] = kHexDigits[byte >> 4];
    text[i + 1] = kHexDigits[byte & 0x0f];
  }
}

}  // namespace aduan::wire
