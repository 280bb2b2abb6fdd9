// core/wire/archive.h: the cereal archive pair that writes and reads Aduan's message payloads.
//
// Owns the byte-level format under the envelope: little-endian fixed-width numbers, LEB128
// size prefixes, and the bounds every read is checked against. Does not own what a message
// contains (codec.cpp) or the envelope (envelope.h).
//
// Why our own archives instead of cereal's PortableBinary pair: its input archive trusts a
// size prefix and resize()s before reading, so eight hostile bytes can request exabytes; its
// prefixes are 8 bytes each, and a report has a dozen strings. These archives keep cereal's
// dispatch (save/load found by ADL, prologue/epilogue hooks) but:
//   - every size prefix is checked against the bytes that remain before anything is allocated
//     (each element costs at least one byte), and lists also against a per-field cap;
//   - every allocation the decoder makes is charged to a budget proportional to the input;
//   - nesting depth is capped through the prologue/epilogue hooks;
//   - failures throw WireFailure, which load_payload()/save_message() turn into an Error, so
//     no exception leaves the wire module (the web build uses -fwasm-exceptions).
// Deliberately not included: cereal/types/*.hpp. Strings and vectors go through the checked
// functions below, so an unchecked cereal overload can never be picked by accident.
#pragma once

#include <cereal/cereal.hpp>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/domain/result.h"
#include "core/wire/envelope.h"

namespace aduan::wire {

// Thrown inside the wire module only.
struct WireFailure {
  std::string_view code;  // one of errors::k*
  std::string detail;
};
[[noreturn]] void fail(std::string_view code, std::string detail);

namespace detail {
template <std::size_t N>
using UintOfSize = std::conditional_t<
    N == 1, std::uint8_t,
    std::conditional_t<N == 2, std::uint16_t,
                       std::conditional_t<N == 4, std::uint32_t, std::uint64_t>>>;
}  // namespace detail

class WireOutputArchive
    : public cereal::OutputArchive<WireOutputArchive, cereal::AllowEmptyClassElision> {
 public:
  WireOutputArchive(Bytes& out, std::uint16_t version);

  // The envelope version being written; serialize code leaves out what older versions lack.
  std::uint16_t wire_version() const { return version_; }
  void write_bytes(const void* data, std::size_t count);
  void write_varint(std::uint64_t value);

  template <class T>
  void write_le(T value) {
    static_assert(std::is_arithmetic_v<T>);
    using U = detail::UintOfSize<sizeof(T)>;
    U bits{};
    std::memcpy(&bits, &value, sizeof(T));
    std::uint8_t raw[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      raw[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    }
    write_bytes(raw, sizeof(T));
  }

 private:
  Bytes& out_;
  std::uint16_t version_;
};

class WireInputArchive
    : public cereal::InputArchive<WireInputArchive, cereal::AllowEmptyClassElision> {
 public:
  WireInputArchive(std::span<const std::uint8_t> payload, std::uint16_t version,
                   std::size_t memory_budget);

  std::uint16_t wire_version() const { return version_; }
  std::size_t remaining() const { return payload_.size() - position_; }

  void read_bytes(void* out, std::size_t count);  // wire.truncated on a short read
  std::uint64_t read_varint();                    // canonical LEB128, at most 64 bits
  // A size prefix: an element count that must fit in what remains, as each element costs at
  // least one byte. Checked before the caller allocates anything.
  std::size_t read_count();
  void check_count(std::uint64_t count) const;
  // Accounts for memory about to be requested; wire.too_large once the budget is spent.
  void charge(std::uint64_t bytes);
  void enter_nested();
  void leave_nested() { --depth_; }
  void expect_end() const;  // wire.malformed if bytes follow the message

  template <class T>
  T read_le() {
    static_assert(std::is_arithmetic_v<T>);
    using U = detail::UintOfSize<sizeof(T)>;
    std::uint8_t raw[sizeof(T)];
    read_bytes(raw, sizeof(T));
    U bits = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) bits |= static_cast<U>(U{raw[i]} << (8 * i));
    T value;
    std::memcpy(&value, &bits, sizeof(T));
    return value;
  }

 private:
  std::span<const std::uint8_t> payload_;
  std::size_t position_ = 0;
  std::uint16_t version_;
  std::size_t budget_left_;
  std::size_t depth_ = 0;
};

// Numbers. bool is handled apart so that a byte other than 0 or 1 is an error, not UB.
template <class T>
concept WireNumber = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;
template <WireNumber T>
void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const T& value) {
  ar.write_le(value);
}
template <WireNumber T>
void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, T& value) {
  value = ar.read_le<T>();
}
void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const bool& value);
void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, bool& value);

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const cereal::SizeTag<T>& tag) {
  ar.write_varint(tag.size);
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, cereal::SizeTag<T>& tag) {
  tag.size = ar.read_count();
}

// Strings: size prefix, then the bytes. No encoding check: that is core/rules' job.
void CEREAL_SAVE_FUNCTION_NAME(WireOutputArchive& ar, const std::string& text);
void CEREAL_LOAD_FUNCTION_NAME(WireInputArchive& ar, std::string& text);

// Hex text (secrets, digests, ids kept as text by the domain): lowercase hex of even length
// travels as raw bytes, half the size; anything else travels as a plain string, so the round
// trip is exact either way. Prefix = length << 1 | packed. Decoding refuses unpacked text that
// could have been packed, so, like the canonical size prefixes, every value has exactly one
// encoding: equal messages are equal bytes.
void save_hex(WireOutputArchive& ar, const std::string& text);
void load_hex(WireInputArchive& ar, std::string& text);

// Enums travel as one byte; decoding rejects values past `last`.
template <class E>
void save_enum(WireOutputArchive& ar, E value) {
  static_assert(std::is_same_v<std::underlying_type_t<E>, std::uint8_t>);
  ar.write_le(static_cast<std::uint8_t>(value));
}
template <class E>
void load_enum(WireInputArchive& ar, E& value, E last) {
  static_assert(std::is_same_v<std::underlying_type_t<E>, std::uint8_t>);
  const auto raw = ar.read_le<std::uint8_t>();
  if (raw > static_cast<std::uint8_t>(last)) {
    fail(errors::kMalformed, "enum value " + std::to_string(raw) + " out of range");
  }
  value = static_cast<E>(raw);
}

// Lists: a size prefix, then the elements, at most `max_items` of them. The encoder refuses
// to write a list the decoder would refuse to read.
template <class T>
void save_list(WireOutputArchive& ar, const std::vector<T>& items, std::size_t max_items,
               std::string_view what) {
  if (items.size() > max_items) {
    fail(errors::kTooLarge, std::string(what) + ": " + std::to_string(items.size()) +
                                " items, at most " + std::to_string(max_items));
  }
  ar(cereal::make_size_tag(static_cast<cereal::size_type>(items.size())));
  for (const T& item : items) ar(item);
}
template <class T>
void load_list(WireInputArchive& ar, std::vector<T>& items, std::size_t max_items,
               std::string_view what) {
  cereal::size_type count = 0;
  ar(cereal::make_size_tag(count));
  if (count > max_items) {
    fail(errors::kTooLarge, std::string(what) + ": " + std::to_string(count) + " items, at most " +
                                std::to_string(max_items));
  }
  ar.charge(count * sizeof(T));
  items.clear();
  items.reserve(static_cast<std::size_t>(count));
  for (cereal::size_type i = 0; i < count; ++i) ar(items.emplace_back());
}

// Depth of nested values, counted on every value cereal processes.
template <class T>
void prologue(WireInputArchive& ar, const T&) {
  ar.enter_nested();
}
template <class T>
void epilogue(WireInputArchive& ar, const T&) {
  ar.leave_nested();
}

// The boundaries: the only places WireFailure and other exceptions are caught.
Error to_error(const WireFailure& failure);

// Appends the envelope header and the payload of `value` to `out`.
template <class T>
Status save_message(Bytes& out, const EnvelopeHeader& header, const T& value) {
  try {
    append_envelope_header(out, header);
    WireOutputArchive ar(out, header.version);
    ar(value);
  } catch (const WireFailure& failure) {
    return to_error(failure);
  } catch (const std::exception& e) {
    return Error{std::string(errors::kUnencodable), e.what()};
  } catch (...) {
    return Error{std::string(errors::kUnencodable), "unknown failure while encoding"};
  }
  if (out.size() > kMaxMessageBytes) {
    return Error{std::string(errors::kTooLarge),
                 std::to_string(out.size()) + " bytes exceed the message limit"};
  }
  return done();
}

template <class T>
Status load_payload(std::span<const std::uint8_t> payload, std::uint16_t version, T& value) {
  try {
    WireInputArchive ar(payload, version, decode_memory_budget(payload.size()));
    ar(value);
    ar.expect_end();
  } catch (const WireFailure& failure) {
    return to_error(failure);
  } catch (const std::bad_alloc&) {
    return Error{std::string(errors::kTooLarge), "out of memory while decoding"};
  } catch (const std::exception& e) {
    return Error{std::string(errors::kMalformed), e.what()};
  } catch (...) {
    return Error{std::string(errors::kMalformed), "unknown failure while decoding"};
  }
  return done();
}

}  // namespace aduan::wire

CEREAL_SETUP_ARCHIVE_TRAITS(aduan::wire::WireInputArchive, aduan::wire::WireOutputArchive)
