// core/json/json_number.h: a JSON number literal to the nearest double.
//
// The reader (json_reader.cpp) checks the grammar first; this only converts. It is a seam of
// its own because the right converter differs by platform, and both are exact: natively the C
// library's strtod; in WebAssembly the JavaScript engine's Number(), through an import the
// program links from web/numbers.js. There strtod would bring the C library's long-double
// scanner and soft-float arithmetic into every phone's first load (about 5 KB brotli) for the
// few numbers a screen reads.
#pragma once

#include <string>

namespace aduan::json {

// `literal` is a valid JSON number. Out of range gives an infinity, as strtod does.
double number_value(const std::string& literal);

}  // namespace aduan::json
