// shell/server/evidence_media.h: what an officer receives for an attachment's stored bytes.
//
// Owns two decisions. The type is decided by the bytes' signature, never by the media type the
// device declared: a file that claims image/jpeg but holds HTML or SVG is not served, since a
// browser told to show it could run it. And an image is served without its metadata (EXIF with
// the camera's location, XMP, IPTC, comments), stripped with libexiv2 from a copy: the stored
// original, which the declared SHA-256 covers, is never changed.
// Does not own who may see an attachment (api_evidence.cpp) or storage (core/store).
//
// Every image is stripped, whatever channel it came through. The portal's photos already lost
// their metadata in the browser's re-encode, but aduan-cli uploads raw files and later channels
// may too; one path for all costs a few milliseconds a view (docs/api.md has the figure) and
// does not trust what a device says about itself. PDF documents are served as they are.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/domain/result.h"

namespace aduan::server {

struct EvidenceKind {
  std::string_view media_type;  // one of rules::kAllowedMediaTypes
  std::string_view extension;   // for the generated file name, without the dot
  bool image = false;           // false: a document (PDF)
};

// The kind the bytes' signature shows (JPEG, PNG, WebP or PDF), or nullopt for anything else.
std::optional<EvidenceKind> evidence_kind(std::string_view bytes);

// A copy of the image `bytes` (of `kind`) without EXIF, XMP, IPTC, comments, and for JPEG
// without anything after the main image's end (phones append further pictures there, each
// with its own EXIF). "evidence.unreadable" when libexiv2 cannot parse it: such a file is not
// served rather than served with its metadata. Thread-safe (calls are serialised).
Result<std::string> without_metadata(std::string_view bytes, const EvidenceKind& kind);

// What an image's header says, read by libexiv2 without decoding a pixel: its size, and its
// EXIF orientation (1..8; 1 when it has none). "evidence.unreadable" when libexiv2 cannot read
// it. For the form's re-encode (form_photo.h), which must refuse a huge bitmap before decoding.
struct ImageFacts {
  long width = 0;
  long height = 0;
  int orientation = 1;
};
Result<ImageFacts> image_facts(std::string_view bytes, const EvidenceKind& kind);

}  // namespace aduan::server
