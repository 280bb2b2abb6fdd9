// tests/server/evidence_samples.h: small image files built byte by byte, for the tests of what
// officers are served, and the checks that read the served bytes back.
//
// The JPEG is a real 8x8 grey baseline image (any decoder shows it). The camera variant adds
// what a phone camera writes: an EXIF segment with a GPS position, a comment, and a second
// picture with its own EXIF after the main image's end (as MPF-style phones append). Built
// here rather than committed as binary files, so what each byte is for can be read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aduan::testing {

inline constexpr std::string_view kSampleGpsComment = "GPS 6.1754 S 106.8272 E";

namespace samples {

inline std::string segment(std::uint8_t marker, std::string_view payload) {
  const std::size_t length = payload.size() + 2;
  std::string out = {'\xFF', static_cast<char>(marker), static_cast<char>(length >> 8),
                     static_cast<char>(length & 0xFF)};
  return out + std::string(payload);
}

// JFIF APP0, one quantisation table of ones, an 8x8 one-component frame, a DC and an AC
// Huffman table of one code each, and a scan whose single block is "DC difference 0, end of
// block": a flat mid-grey square.
inline std::string grey_jpeg_body() {
  std::string out = segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14));
  out += segment(0xDB, std::string(1, '\0') + std::string(64, '\x01'));
  out += segment(0xC0, std::string("\x08\0\x08\0\x08\x01\x01\x11\0", 9));
  out += segment(0xC4, std::string("\x00\x01", 2) + std::string(15, '\0') + std::string(1, '\0'));
  out += segment(0xC4, std::string("\x10\x01", 2) + std::string(15, '\0') + std::string(1, '\0'));
  out += segment(0xDA, std::string("\x01\x01\0\0\x3F\0", 6));
  out += std::string("\x3F\xFF\xD9", 3);  // bits 0 (DC) 0 (EOB), padded with ones; EOI
  return out;
}

// APP1 "Exif": a little-endian TIFF whose IFD0 points to a GPS IFD holding latitude S 6/1 10/1
// 31/1 and longitude E 106/1 49/1 38/1.
inline std::string exif_with_gps() {
  auto u16 = [](unsigned v) {
    return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
  };
  auto u32 = [&](unsigned v) { return u16(v & 0xFFFF) + u16(v >> 16); };
  auto entry = [&](unsigned tag, unsigned type, unsigned count, const std::string& value) {
    return u16(tag) + u16(type) + u32(count) + value;
  };
  const unsigned gps_ifd = 8 + 2 + 12 + 4;
  const unsigned rationals = gps_ifd + 2 + 4 * 12 + 4;
  std::string tiff = "II" + u16(42) + u32(8);
  tiff += u16(1) + entry(0x8825, 4, 1, u32(gps_ifd)) + u32(0);
  tiff += u16(4);
  tiff += entry(0x0001, 2, 2, std::string("S\0\0\0", 4));
  tiff += entry(0x0002, 5, 3, u32(rationals));
  tiff += entry(0x0003, 2, 2, std::string("E\0\0\0", 4));
  tiff += entry(0x0004, 5, 3, u32(rationals + 24));
  tiff += u32(0);
  for (unsigned v : {6u, 10u, 31u, 106u, 49u, 38u}) tiff += u32(v) + u32(1);
  return segment(0xE1, std::string("Exif\0\0", 6) + tiff);
}

}  // namespace samples

// What the portal sends: the browser's re-encode keeps only pixels.
inline std::string jpeg_without_metadata() {
  return "\xFF\xD8" + samples::grey_jpeg_body();
}

// What a camera file sent raw carries.
inline std::string jpeg_with_gps_exif() {
  const std::string main = "\xFF\xD8" + samples::exif_with_gps() +
                           samples::segment(0xFE, kSampleGpsComment) + samples::grey_jpeg_body();
  const std::string appended = "\xFF\xD8" + samples::exif_with_gps() + samples::grey_jpeg_body();
  return main + appended;
}

// True when any segment before the first scan is an APP1 starting "Exif".
inline bool has_exif_segment(std::string_view jpeg) {
  std::size_t pos = 2;
  while (pos + 4 <= jpeg.size() && static_cast<std::uint8_t>(jpeg[pos]) == 0xFF) {
    const auto marker = static_cast<std::uint8_t>(jpeg[pos + 1]);
    const std::size_t length = static_cast<std::size_t>(static_cast<std::uint8_t>(jpeg[pos + 2]))
                                   << 8 |
                               static_cast<std::uint8_t>(jpeg[pos + 3]);
    if (marker == 0xDA) return false;
    if (marker == 0xE1 && jpeg.substr(pos + 4, 6) == std::string_view("Exif\0\0", 6)) return true;
    pos += 2 + length;
  }
  return false;
}

// True when the file ends with the scan of the 8x8 sample and its EOI, nothing after.
inline bool ends_with_main_image(std::string_view jpeg) {
  return jpeg.size() >= 3 && jpeg.substr(jpeg.size() - 3) == std::string_view("\x3F\xFF\xD9", 3) &&
         jpeg.find("\xFF\xD8", 2) == std::string_view::npos;
}

}  // namespace aduan::testing
