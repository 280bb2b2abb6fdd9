// shell/server/form_photo.h: a photo from the plain HTML form (/lapor), made into what the
// portal would have sent: a JPEG of at most kFormPhotoLongEdge pixels on its long side, with no
// metadata at all.
//
// Owns decoding, downscaling and re-encoding with libgd (Debian's libgd-dev): the portal does
// the same in the browser before upload, and a browser without JavaScript cannot, so the
// server does it for the form. A re-encode writes pixels only, so EXIF (GPS included), XMP,
// IPTC, comments and any picture appended after the main image are all gone by construction.
// The EXIF orientation is applied first, so a phone's upright photo stays upright.
// Does not own storing the result (api_lapor.cpp) or what officers are served (evidence_media.h,
// which strips what other channels upload).
//
// Bounded: the pixel count is read from the file's header (libexiv2, as evidence_media.cpp
// does) before anything is decoded, so a small file that claims 30000x30000 pixels is refused
// without allocating them; decodes are serialised, so at most one full-size bitmap is in memory.
#pragma once

#include <string>
#include <string_view>

#include "core/domain/result.h"

namespace aduan::server {

inline constexpr int kFormPhotoLongEdge = 1600;  // the portal's PHOTO_LONG_EDGE (web/bridge.js)
inline constexpr int kFormPhotoQuality = 80;     // the portal's PHOTO_QUALITY, 0.8
inline constexpr long long kFormPhotoMaxPixels = 40'000'000;

struct FormPhoto {
  std::string jpeg;
  int width = 0;
  int height = 0;
};

// Errors, whose codes are message keys the form shows beside its photo field:
//   "lapor.photo.unreadable"  not a JPEG, PNG or WebP by its bytes, or the decoder failed on it;
//   "photo.too_large"   over rules::kMaxAttachmentBytes, or over kFormPhotoMaxPixels.
Result<FormPhoto> reencode_form_photo(std::string_view bytes);

}  // namespace aduan::server
