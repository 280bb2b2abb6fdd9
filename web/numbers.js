// web/numbers.js: decimal text to a double for the core's JSON reader (core/json/json_number.h).
//
// Linked with --js-library into every WebAssembly program and the WebAssembly tests. Number()
// rounds to the nearest double like strtod does, and costs the program nothing, where the C
// library's strtod would add its long-double scanner to the first load. The reader has checked
// the JSON grammar, so the text is ASCII digits, signs, '.', 'e' and 'E' only.
mergeInto(LibraryManager.library, {
  aduan_number_value: function (text, size) {
    var literal = '';
    for (var i = 0; i < size; ++i) literal += String.fromCharCode(HEAPU8[text + i]);
    return Number(literal);
  },
});
