// core/json/json_reader.h: the one JSON reader of the core, the portal and the command line.
//
// Owns turning JSON text from the server (error bodies, upload progress, the catalog index, the
// console's queue clocks and report detail, the dashboard's figures) into plain values. Does not
// own writing JSON (the server writes its own answers) or what any field means: callers ask for
// the fields they need and treat a missing or mistyped field as they would a missing one.
//
// Why one strict, bounded reader: the text comes over the network, so it may be anything. Text
// searches for "\"code\":\"" were fooled by a key inside a string, an escaped quote or a space;
// a reader that checks the grammar is as short and is right. Every resource is bounded before
// it is used: the input's length, the nesting depth (the reader recurses), the number of values
// and each string's length. Strings must be valid UTF-8 and escapes exact (\uXXXX, surrogate
// pairs only as pairs); an object may not name a key twice, because two readers of a duplicate
// key disagree on which one wins. Nothing is thrown: a failure is an Error with a stable code
// (json.*) and the byte offset in its detail, so a WebAssembly build never aborts on bad input.
//
// Order of use: parse(text) once, then read the Value tree with get() / string_at() and friends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/result.h"

namespace aduan::json {

// The stable error codes; the detail says where ("at byte 17").
namespace errors {
inline constexpr std::string_view kTooLarge = "json.too_large";       // input over max_bytes
inline constexpr std::string_view kTooDeep = "json.too_deep";         // nesting over max_depth
inline constexpr std::string_view kTooMany = "json.too_many_values";  // over max_values
inline constexpr std::string_view kLongString = "json.string_too_long";
inline constexpr std::string_view kSyntax = "json.syntax";         // not JSON's grammar
inline constexpr std::string_view kBadEscape = "json.bad_escape";  // \x, \u12G4
inline constexpr std::string_view kLoneSurrogate = "json.lone_surrogate";
inline constexpr std::string_view kBadUtf8 = "json.invalid_utf8";
inline constexpr std::string_view kControl = "json.control_character";  // raw < 0x20 in a string
inline constexpr std::string_view kBadNumber = "json.bad_number";       // 01, 1., 1e999
inline constexpr std::string_view kTrailing = "json.trailing_data";     // text after the value
inline constexpr std::string_view kDuplicateKey = "json.duplicate_key";
}  // namespace errors

// The bounds of one parse. The defaults fit every answer the server gives with room to spare
// (the largest, a report's detail with its history, is a few KB).
struct Limits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  int max_depth = 32;                         // arrays and objects inside each other
  std::size_t max_values = 200'000;           // every value counts: scalars, arrays, objects
  std::size_t max_string_bytes = 256 * 1024;  // one string or key, decoded
};

struct Value {
  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string text;               // a string's UTF-8; a number's literal as written
  std::vector<Value> items;       // an array's items, or an object's values
  std::vector<std::string> keys;  // an object's keys, parallel to items (no duplicates)

  bool is_object() const { return kind == Kind::object; }
  bool is_array() const { return kind == Kind::array; }
  // The member named `key`; null when absent or when this is not an object.
  const Value* get(std::string_view key) const;
  // The member's text; "" when absent or not a string.
  std::string string_at(std::string_view key) const;
  // The member's number; `fallback` when absent or not a number.
  double number_at(std::string_view key, double fallback = 0) const;
  // The member's true/false; nullopt when absent or not a boolean.
  std::optional<bool> bool_at(std::string_view key) const;
  // This number exactly, when it is written as a whole number from 0 to 2^64-1 (a double would
  // round byte counts above 2^53); nullopt otherwise.
  std::optional<std::uint64_t> as_uint64() const;
};

// An HTTP body's bytes seen as the text parse() reads (no copy).
inline std::string_view text_of(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Parses one JSON value (RFC 8259) filling the whole text; whitespace around it is allowed.
Result<Value> parse(std::string_view text, const Limits& limits = {});

// The API's error envelope, {"error":{"code":"...","message":"..."}} (docs/api.md): its code and
// message, or empty strings when the body is not such an envelope (an HTML page from a proxy,
// a wire-encoded error, nothing at all).
struct ErrorBody {
  std::string code;
  std::string message;
};
ErrorBody read_error_body(std::string_view body);

}  // namespace aduan::json
