// shell/server/evidence_media.cpp: see evidence_media.h.
//
// Order of work for an image: check the signature (evidence_kind), let libexiv2 parse the copy
// in memory and check it agrees on the type, clear every kind of metadata it knows, write the
// copy back, read it out, and for JPEG cut whatever follows the main image's end marker.
#include "shell/server/evidence_media.h"

#include <array>
#include <cstdint>
#include <exiv2/exiv2.hpp>
#include <exiv2/webpimage.hpp>
#include <mutex>
#include <vector>

#include "core/rules/report_rules.h"

namespace aduan::server {
namespace {

constexpr EvidenceKind kJpeg{"image/jpeg", "jpg", true};
constexpr EvidenceKind kPng{"image/png", "png", true};
constexpr EvidenceKind kWebp{"image/webp", "webp", true};
constexpr EvidenceKind kPdf{"application/pdf", "pdf", false};

// A JPEG split where libexiv2 needs to look: `head` is everything before the first scan's
// entropy-coded data (SOI, the metadata and table segments, the first SOS header), `scans` the
// rest of the main image up to its EOI, with any APPn or COM segment between progressive scans
// left out. The segments say their lengths; inside entropy-coded data a 0xFF byte is followed
// only by 0x00 (stuffing), a restart marker (D0-D7) or more 0xFF (fill). Whatever follows the
// main image's EOI is dropped: phones append further pictures there (MPF, gain maps), each with
// its own EXIF, and libexiv2 would copy them through.
// Why split: libexiv2 0.27 rewrites a file in memory in small growing steps, about 0.1 s for a
// 4 MiB photo, while the metadata it removes sits before the first scan; handing it only the
// head makes a strip cost about what copying the photo once does.
struct JpegSplit {
  std::string_view head;
  std::vector<std::string_view> scans;  // pieces of the file, in order: copied once, at the end
  std::size_t scans_size = 0;
  void add(std::string_view piece) {
    scans.push_back(piece);
    scans_size += piece.size();
  }
};

std::optional<JpegSplit> split_jpeg(std::string_view jpeg) {
  auto at = [&jpeg](std::size_t i) { return static_cast<std::uint8_t>(jpeg[i]); };
  auto restart = [](std::uint8_t marker) { return marker >= 0xD0 && marker <= 0xD7; };
  JpegSplit split;
  bool in_scans = false;
  std::size_t pos = 2;  // after SOI
  while (pos + 2 <= jpeg.size()) {
    if (at(pos) != 0xFF) return std::nullopt;
    const std::uint8_t marker = at(pos + 1);
    if (marker == 0xFF) {  // fill before a marker
      ++pos;
      continue;
    }
    if (marker == 0xD9) {
      if (!in_scans) return std::nullopt;
      split.add(jpeg.substr(pos, 2));
      return split;
    }
    if (restart(marker) || marker == 0x01) {  // no length
      if (in_scans) split.add(jpeg.substr(pos, 2));
      pos += 2;
      continue;
    }
    if (pos + 4 > jpeg.size()) return std::nullopt;
    const std::size_t next = pos + 2 + (static_cast<std::size_t>(at(pos + 2)) << 8 | at(pos + 3));
    if (next > jpeg.size() || next < pos + 4) return std::nullopt;
    const bool metadata = (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE;
    if (in_scans && !metadata) split.add(jpeg.substr(pos, next - pos));
    pos = next;
    if (marker != 0xDA) continue;
    if (!in_scans) split.head = jpeg.substr(0, pos);
    in_scans = true;
    const std::size_t data = pos;
    for (;; ++pos) {  // to the next marker that is not stuffing, fill or a restart
      pos = jpeg.find('\xFF', pos);
      if (pos == std::string_view::npos || pos + 1 >= jpeg.size()) return std::nullopt;
      const std::uint8_t after = at(pos + 1);
      if (after != 0x00 && after != 0xFF && !restart(after)) break;
    }
    split.add(jpeg.substr(data, pos - data));
  }
  return std::nullopt;  // no EOI: not a whole image
}

int exiv2_type(const EvidenceKind& kind) {
  if (kind.media_type == kJpeg.media_type) return Exiv2::ImageType::jpeg;
  if (kind.media_type == kPng.media_type) return Exiv2::ImageType::png;
  if (kind.media_type == kWebp.media_type) return Exiv2::ImageType::webp;
  return Exiv2::ImageType::none;
}

// libexiv2 0.27's XMP toolkit keeps global state that is not thread-safe, and it must be
// initialised before the first use; both are simplest with one lock around every call. A strip
// takes milliseconds and officers view a few photos a minute, so the lock is never contended
// for long.
std::mutex& exiv2_lock() {
  static std::mutex lock;
  return lock;
}

void initialise_exiv2_once() {
  static const bool initialised = [] {
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);  // its warnings would land in our log stream
    return Exiv2::XmpParser::initialize();
  }();
  (void)initialised;
}

// The metadata-free copy of a whole image file by libexiv2, or `bytes` itself when it finds
// nothing to remove (a portal photo, re-encoded by the browser, is then served byte for byte).
Result<std::string> exiv2_without_metadata(std::string_view bytes, int expected_type) {
  try {
    std::lock_guard<std::mutex> hold(exiv2_lock());
    initialise_exiv2_once();
    auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(bytes.data()),
                                           static_cast<long>(bytes.size()));
    if (image.get() == nullptr || image->imageType() != expected_type) {
      return Error{"evidence.unreadable", "the image library reads another type"};
    }
    image->readMetadata();
    if (image->exifData().empty() && image->iptcData().empty() && image->xmpPacket().empty() &&
        image->xmpData().empty() && image->comment().empty()) {
      return std::string(bytes);
    }
    image->clearMetadata();  // EXIF (GPS included), IPTC, XMP and the comment
    image->writeMetadata();
    Exiv2::BasicIo& io = image->io();
    const long size = static_cast<long>(io.size());
    if (io.seek(0, Exiv2::BasicIo::beg) != 0) return Error{"evidence.unreadable", "seek failed"};
    Exiv2::DataBuf copy = io.read(size);
    if (copy.size_ != size) return Error{"evidence.unreadable", "short read of the stripped copy"};
    return std::string(reinterpret_cast<const char*>(copy.pData_),
                       static_cast<std::size_t>(copy.size_));
  } catch (const Exiv2::AnyError& error) {
    return Error{"evidence.unreadable", error.what()};
  } catch (const std::exception& error) {
    return Error{"evidence.unreadable", error.what()};
  }
}

}  // namespace

Result<ImageFacts> image_facts(std::string_view bytes, const EvidenceKind& kind) {
  const int expected = exiv2_type(kind);
  try {
    std::lock_guard<std::mutex> hold(exiv2_lock());
    initialise_exiv2_once();
    auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(bytes.data()),
                                           static_cast<long>(bytes.size()));
    if (image.get() == nullptr || expected == Exiv2::ImageType::none || image->imageType() != expected) {
      return Error{"evidence.unreadable", "the image library reads another type"};
    }
    image->readMetadata();
    ImageFacts facts{image->pixelWidth(), image->pixelHeight(), 1};
    auto found = image->exifData().findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
    if (found != image->exifData().end() && found->count() > 0) {
      const long orientation = found->toLong();
      if (orientation >= 1 && orientation <= 8) facts.orientation = static_cast<int>(orientation);
    }
    return facts;
  } catch (const Exiv2::AnyError& error) {
    return Error{"evidence.unreadable", error.what()};
  } catch (const std::exception& error) {
    return Error{"evidence.unreadable", error.what()};
  }
}

std::optional<EvidenceKind> evidence_kind(std::string_view bytes) {
  const std::string_view type = rules::media_type_by_signature(bytes);
  for (const EvidenceKind& kind : {kJpeg, kPng, kWebp, kPdf})
    if (kind.media_type == type) return kind;
  return std::nullopt;
}

Result<std::string> without_metadata(std::string_view bytes, const EvidenceKind& kind) {
  const int expected = exiv2_type(kind);
  if (expected == Exiv2::ImageType::none) {
    return Error{"evidence.not_an_image", std::string(kind.media_type) + " is not stripped"};
  }
  if (kind.media_type != kJpeg.media_type) return exiv2_without_metadata(bytes, expected);
  auto split = split_jpeg(bytes);
  if (!split) return Error{"evidence.unreadable", "not a whole JPEG image"};
  // libexiv2 sees the head followed by an EOI, a file it reads and writes like any other.
  auto head = exiv2_without_metadata(std::string(split->head) + "\xFF\xD9", expected);
  if (!head) return head.error();
  std::string out = std::move(head.value());
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\xFF\xD9") != 0) {
    return Error{"evidence.unreadable", "the stripped head does not end as written"};
  }
  out.resize(out.size() - 2);
  out.reserve(out.size() + split->scans_size);
  for (std::string_view piece : split->scans) out.append(piece);
  return out;
}

}  // namespace aduan::server
