// core/rules/text_rules.cpp: see text_rules.h.
#include "core/rules/text_rules.h"

#include "core/i18n/utf8.h"

namespace aduan::rules {
namespace {

std::string_view trim(std::string_view text) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

TextProblem check_text(std::string_view value, TextLimits limits) {
  bool has_control = false;
  const bool valid = i18n::for_each_code_point(value, [&](char32_t cp) {
    const bool allowed_space = limits.multiline && (cp == U'\n' || cp == U'\t');
    if ((cp < 0x20 && !allowed_space) || (cp >= 0x7F && cp <= 0x9F)) has_control = true;
  });
  if (!valid || has_control) return TextProblem::bad_text;
  const auto trimmed = trim(value);
  const auto length = i18n::count_code_points(trimmed).value_or(0);
  if (trimmed.empty()) return limits.required ? TextProblem::required : TextProblem::none;
  if (length < limits.min_chars) return TextProblem::too_short;
  if (length > limits.max_chars) return TextProblem::too_long;
  return TextProblem::none;
}

std::string_view problem_suffix(TextProblem problem) {
  switch (problem) {
    case TextProblem::none: return "";
    case TextProblem::bad_text: return "bad_text";
    case TextProblem::required: return "required";
    case TextProblem::too_short: return "too_short";
    case TextProblem::too_long: return "too_long";
  }
  return "";
}

bool is_lowercase_hex(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace aduan::rules
