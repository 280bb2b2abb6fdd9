// Tests the core's JSON reader on what the server sends and on hostile input: every bound
// (length, depth, values, string length) holds before memory is spent, escapes are exact,
// strings are valid UTF-8, duplicate keys and trailing text are refused, and every failure is
// an Error with a stable code rather than an exception or a crash.
#include "core/json/json_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

namespace aduan::json {
namespace {

// The code of the error `text` must give; "" when it parses.
std::string failure(std::string_view text, const Limits& limits = {}) {
  auto parsed = parse(text, limits);
  return parsed ? std::string() : parsed.error().code;
}

std::string decoded_string(std::string_view text) {
  auto parsed = parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed ? "" : parsed.error().code);
  return parsed ? parsed.value().text : std::string();
}

TEST(JsonReader, ReadsTheServersAnswers) {
  auto parsed =
      parse(R"({"error":{"code":"officer.stale","message":"Sudah diubah","current":{"status":)"
            R"("verified","last_at":1764000000}},"items":[1,2.5,-3e2,true,false,null]})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().code << " " << parsed.error().detail;
  const Value& root = parsed.value();
  ASSERT_TRUE(root.is_object());
  const Value* error = root.get("error");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->string_at("code"), "officer.stale");
  EXPECT_EQ(error->get("current")->string_at("status"), "verified");
  EXPECT_EQ(error->get("current")->number_at("last_at"), 1764000000.0);
  const Value* items = root.get("items");
  ASSERT_TRUE(items && items->is_array());
  ASSERT_EQ(items->items.size(), 6u);
  EXPECT_EQ(items->items[1].number, 2.5);
  EXPECT_EQ(items->items[2].number, -300.0);
  EXPECT_TRUE(items->items[3].boolean);
  EXPECT_EQ(items->items[5].kind, Value::Kind::null);
  // Absent or mistyped members read as absent.
  EXPECT_EQ(root.get("missing"), nullptr);
  EXPECT_EQ(error->string_at("current"), "");
  EXPECT_EQ(error->number_at("code", -1), -1);
  EXPECT_EQ(items->get("anything"), nullptr);
}

TEST(JsonReader, ReadsTheUploadProgressExactly) {
  auto parsed = parse(R"( {"bytes_held": 18446744073709551615, "size":3, "complete" : true} )");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value().get("bytes_held")->as_uint64(), 18446744073709551615ULL);
  EXPECT_EQ(parsed.value().bool_at("complete"), true);
  EXPECT_EQ(parsed.value().bool_at("size"), std::nullopt);
  // Only whole non-negative numbers that fit are exact integers.
  for (const char* text : {"-1", "1.5", "1e3", "18446744073709551616"}) {
    auto number = parse(text);
    ASSERT_TRUE(number.ok()) << text;
    EXPECT_EQ(number.value().as_uint64(), std::nullopt) << text;
  }
}

// Numbers convert to the nearest double in both builds: strtod natively, the JavaScript
// engine's Number() in WebAssembly (core/json/json_number.h). The hard cases: halfway-looking
// decimals, the largest finite double, the smallest subnormal, and more digits than a double.
TEST(JsonReader, NumbersAreTheNearestDouble) {
  const std::pair<const char*, double> cases[] = {
      {"0.1", 0.1},
      {"-6.2088", -6.2088},
      {"106.8456123", 106.8456123},
      {"1.7976931348623157e308", 1.7976931348623157e308},
      {"4.9e-324", 4.9e-324},
      {"123456789012345678901234567890", 123456789012345678901234567890.0},
      {"9007199254740993", 9007199254740993.0},
      {"-0", -0.0},
  };
  for (const auto& [text, expected] : cases) {
    auto parsed = parse(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(parsed.value().number, expected) << text;
    EXPECT_EQ(std::signbit(parsed.value().number), std::signbit(expected)) << text;
  }
}

TEST(JsonReader, DecodesEscapesExactly) {
  EXPECT_EQ(decoded_string(R"("a\"b\\c\/d\b\f\n\r\t")"), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(decoded_string(R"("\u0041\u00e9\u20AC")"), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(decoded_string(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80");  // a surrogate pair
  EXPECT_EQ(decoded_string(R"("\u0000")"), std::string(1, '\0'));
  EXPECT_EQ(decoded_string("\"Rp 5.000 \xE2\x80\x94 jalan rusak\""),
            "Rp 5.000 \xE2\x80\x94 jalan rusak");
}

TEST(JsonReader, RefusesBadEscapes) {
  for (const char* text :
       {R"("\x41")", R"("\u12G4")", R"("\u12")", R"("\)", R"("\U0041")", R"("\')", R"("\a")"}) {
    EXPECT_EQ(failure(text), errors::kBadEscape) << text;
  }
}

TEST(JsonReader, RefusesLoneSurrogates) {
  for (const char* text : {R"("\ud83d")", R"("\ud83dx")", R"("\ude00")", R"("\ud83d\u0041")",
                           R"("\ud83d\ud83d")", R"("\udbff")"}) {
    EXPECT_EQ(failure(text), errors::kLoneSurrogate) << text;
  }
}

TEST(JsonReader, RefusesInvalidUtf8) {
  const char* cases[] = {
      "\"\x80\"",              // a continuation byte alone
      "\"\xC3\"",              // a sequence cut short by the quote
      "\"\xC0\xAF\"",          // overlong '/'
      "\"\xE0\x80\xAF\"",      // overlong, three bytes
      "\"\xED\xA0\x80\"",      // a surrogate written as UTF-8
      "\"\xF4\x90\x80\x80\"",  // above U+10FFFF
      "\"\xF5\x80\x80\x80\"",  // a lead byte that never occurs
      "\"\xFF\"",
      "\"\xE2\x82\"",  // cut short
  };
  for (const char* text : cases) EXPECT_EQ(failure(text), errors::kBadUtf8) << text;
  // A sequence cut short by the end of the input is refused too, not read past.
  EXPECT_EQ(failure(std::string_view("\"\xF0\x9F", 3)), errors::kBadUtf8);
  // Non-ASCII outside a string is not JSON at all.
  EXPECT_EQ(failure("\xEF\xBB\xBF{}"), errors::kSyntax);
}

TEST(JsonReader, RefusesRawControlCharacters) {
  EXPECT_EQ(failure("\"a\nb\""), errors::kControl);
  EXPECT_EQ(failure(std::string_view("\"a\0b\"", 5)), errors::kControl);
}

TEST(JsonReader, RefusesDeepNestingBeforeRecursingFurther) {
  Limits limits;
  limits.max_depth = 8;
  EXPECT_EQ(failure(std::string(8, '[') + std::string(8, ']'), limits), "");
  EXPECT_EQ(failure(std::string(9, '[') + std::string(9, ']'), limits), errors::kTooDeep);
  EXPECT_EQ(failure(R"({"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":1}}}}}}}}})", limits),
            errors::kTooDeep);
  // A million brackets with the default limits: refused at depth 33, no stack overflow.
  EXPECT_EQ(failure(std::string(1'000'000, '[')), errors::kTooDeep);
}

TEST(JsonReader, RefusesHugeInputStringsAndValueCounts) {
  Limits limits;
  limits.max_bytes = 100;
  EXPECT_EQ(failure(std::string(101, ' '), limits), errors::kTooLarge);
  limits = {};
  limits.max_string_bytes = 10;
  EXPECT_EQ(failure(R"("0123456789")", limits), "");
  EXPECT_EQ(failure(R"("0123456789ab")", limits), errors::kLongString);
  EXPECT_EQ(failure(R"({"0123456789ab":1})", limits), errors::kLongString);  // keys too
  limits = {};
  limits.max_values = 4;
  EXPECT_EQ(failure("[1,2,3]", limits), "");
  EXPECT_EQ(failure("[1,2,3,4]", limits), errors::kTooMany);
  // The default string bound holds against a string of 1 MiB.
  EXPECT_EQ(failure("\"" + std::string(1 << 20, 'x') + "\""), errors::kLongString);
}

TEST(JsonReader, RefusesTrailingText) {
  for (const char* text : {"{} {}", "[1]]", "true false", "{\"a\":1}x", "1 2", "null,"}) {
    EXPECT_EQ(failure(text), errors::kTrailing) << text;
  }
  EXPECT_EQ(failure(" \n\t{}\r\n "), "");  // whitespace around the value is fine
}

TEST(JsonReader, RefusesDuplicateKeys) {
  EXPECT_EQ(failure(R"({"code":"a","code":"b"})"), errors::kDuplicateKey);
  // Two spellings of one key are one key.
  EXPECT_EQ(failure(R"({"code":"a","c\u006fde":"b"})"), errors::kDuplicateKey);
  EXPECT_EQ(failure(R"({"a":{"k":1},"b":{"k":2}})"), "");  // the same key in two objects
}

TEST(JsonReader, RefusesWhatIsNotJsonsGrammar) {
  for (const char* text : {"",          " ",     "{",   "[",    "[1,]", "{\"a\":1,}", "{a:1}",
                           "{'a':1}",   "tru",   "nul", "True", "NaN",  "Infinity",   "\"open",
                           "{\"a\" 1}", "[1 2]", "-",   "+1",   ".5",   "{\"a\":}",   "[,]"}) {
    EXPECT_NE(failure(text), "") << text;
  }
  for (const char* text : {"01", "1.", "1e", "1e+", "-01", "1.e3", "1e999", "-1e999"}) {
    EXPECT_EQ(failure(text), errors::kBadNumber) << text;
  }
  EXPECT_EQ(failure("1" + std::string(100, '0')), errors::kBadNumber);  // too long to read
}

TEST(JsonReader, SaysWhereItFailed) {
  auto parsed = parse(R"({"a":[1,2,x]})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, errors::kSyntax);
  EXPECT_EQ(parsed.error().detail, "at byte 10");
}

TEST(JsonReader, ReadsTheApiErrorEnvelopeOrNothing) {
  const ErrorBody body =
      read_error_body(R"({"error":{"code":"attachment.bad_offset","message":"x"}})");
  EXPECT_EQ(body.code, "attachment.bad_offset");
  EXPECT_EQ(body.message, "x");
  // A "code" anywhere else, an HTML page or a truncated body is not an error envelope: the
  // text searches this reader replaced took the first of these for a code.
  for (const char* text : {R"({"title":"\"code\":\"fake\"","error":{"message":"m"}})",
                           "<html>502</html>", R"({"error":{"code":"cut)", ""}) {
    EXPECT_EQ(read_error_body(text).code, "") << text;
  }
}

}  // namespace
}  // namespace aduan::json
