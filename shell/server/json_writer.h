// shell/server/json_writer.h: a small streaming JSON writer for the console, admin and
// statistics routes.
//
// Owns commas, nesting and string escaping (http_app.h's json_escape), so a route writes
// fields and never concatenates punctuation by hand. Does not parse JSON: the server reads
// wire messages, form fields and query parameters only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/server/http_app.h"

namespace aduan::server {

class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name) {
    comma();
    out_ += '"';
    out_ += json_escape(name);
    out_ += "\":";
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view text) {
    comma();
    out_ += '"';
    out_ += json_escape(text);
    out_ += '"';
    return *this;
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number) {
    comma();
    out_ += std::to_string(number);
    return *this;
  }
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag) {
    comma();
    out_ += flag ? "true" : "false";
    return *this;
  }
  JsonWriter& null() {
    comma();
    out_ += "null";
    return *this;
  }
  // Tenths as a decimal number (845 -> 84.5), or null.
  JsonWriter& tenths(std::optional<std::int64_t> value) {
    if (!value) return null();
    comma();
    const std::int64_t magnitude = *value < 0 ? -*value : *value;
    out_ += (*value < 0 ? "-" : "") + std::to_string(magnitude / 10) + "." + std::to_string(magnitude % 10);
    return *this;
  }
  template <class T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  const std::string& str() const { return out_; }

 private:
  JsonWriter& open(char c) {
    comma();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonWriter& close(char c) {
    out_ += c;
    if (!first_.empty()) first_.pop_back();
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace aduan::server
