// core/rules/contact_rules.cpp: phone and e-mail plausibility (see contact_rules.h).
//
// Plain character loops rather than std::regex: regex is large in a WebAssembly build and
// its error handling is by exception, which the core keeps away from callers.
#include "core/rules/contact_rules.h"

#include <algorithm>

#include "core/domain/catalog.h"

namespace aduan::rules {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view trim(std::string_view text) {
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

bool is_domain_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; });
}

bool is_local_part_char(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> normalize_phone(std::string_view typed) {
  typed = trim(typed);
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    char c = typed[i];
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c == '+' && i == 0) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  std::string national;  // without the leading 0
  if (plus || digits.compare(0, 2, "62") == 0) {
    if (digits.compare(0, 2, "62") != 0) return std::nullopt;  // only Indonesian numbers
    national = digits.substr(2);
  } else if (!digits.empty() && digits[0] == '0') {
    national = digits.substr(1);
  } else {
    return std::nullopt;
  }
  if (national.size() < 8 || national.size() > 12 || national[0] == '0') return std::nullopt;
  return "+62" + national;
}

bool is_plausible_email(std::string_view typed) {
  typed = trim(typed);
  if (typed.size() > 254) return false;
  auto at = typed.find('@');
  if (at == std::string_view::npos || typed.find('@', at + 1) != std::string_view::npos)
    return false;
  auto local = typed.substr(0, at);
  auto domain = typed.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.')
    return false;
  if (!std::all_of(local.begin(), local.end(), is_local_part_char)) return false;
  if (local.find("..") != std::string_view::npos) return false;
  auto labels = domain::split_fields(domain, '.');
  if (labels.size() < 2) return false;
  if (!std::all_of(labels.begin(), labels.end(), is_domain_label)) return false;
  const auto& tld = labels.back();
  return tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), is_alpha);
}

}  // namespace aduan::rules
