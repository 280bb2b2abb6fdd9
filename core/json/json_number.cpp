// core/json/json_number.cpp: the platform's own decimal conversion (see json_number.h).
#include "core/json/json_number.h"

#include <cstdlib>

#ifdef __EMSCRIPTEN__
extern "C" double aduan_number_value(const char* text, std::size_t size);  // web/numbers.js
#endif

namespace aduan::json {

double number_value(const std::string& literal) {
#ifdef __EMSCRIPTEN__
  return aduan_number_value(literal.data(), literal.size());
#else
  return std::strtod(literal.c_str(), nullptr);
#endif
}

}  // namespace aduan::json
