// shell/server/form_photo.cpp: see form_photo.h.
//
// Order of work: the signature (evidence_kind) and the byte cap; the header's size and
// orientation (image_facts); decode; one area-averaging resample onto a white canvas (which
// also flattens a PNG's or WebP's transparency, which JPEG cannot hold); the orientation's
// rotation; a progressive JPEG, so a slow link shows the whole picture coarsely first.
#include "shell/server/form_photo.h"

#include <gd.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include "core/rules/report_rules.h"
#include "shell/server/evidence_media.h"

namespace aduan::server {
namespace {

struct ImageDeleter {
  void operator()(gdImage* image) const { gdImageDestroy(image); }
};
using Image = std::unique_ptr<gdImage, ImageDeleter>;

Error unreadable(std::string detail) {
  return Error{"lapor.photo.unreadable", std::move(detail)};
}

Image decode(std::string_view bytes, std::string_view media_type) {
  // libgd takes a non-const pointer but only reads through it.
  void* data = const_cast<char*>(bytes.data());
  const int size = static_cast<int>(bytes.size());
  if (media_type == "image/jpeg") return Image(gdImageCreateFromJpegPtrEx(size, data, 1));
  if (media_type == "image/png") return Image(gdImageCreateFromPngPtr(size, data));
  if (media_type == "image/webp") return Image(gdImageCreateFromWebpPtr(size, data));
  return nullptr;
}

// The EXIF orientation as libgd's counter-clockwise rotation: 3 is upside down, 6 must turn a
// quarter clockwise, 8 a quarter counter-clockwise. The mirrored ones (2, 4, 5, 7) come from
// front cameras set to mirror; they are also flipped.
Image upright(Image image, int orientation) {
  if (orientation == 2 || orientation == 4 || orientation == 5 || orientation == 7)
    gdImageFlipHorizontal(image.get());
  int angle = 0;
  if (orientation == 3 || orientation == 4) angle = 180;
  if (orientation == 6 || orientation == 5) angle = 270;
  if (orientation == 8 || orientation == 7) angle = 90;
  if (angle == 0) return image;
  Image turned(gdImageRotateInterpolated(image.get(), static_cast<float>(angle), 0));
  return turned ? std::move(turned) : std::move(image);
}

// One decode at a time: a 40-megapixel bitmap is 160 MB, and the form is a rare path.
std::mutex& decode_lock() {
  static std::mutex lock;
  return lock;
}

}  // namespace

Result<FormPhoto> reencode_form_photo(std::string_view bytes) {
  auto kind = evidence_kind(bytes);
  if (!kind || !kind->image) return unreadable("not a JPEG, PNG or WebP image");
  if (bytes.size() > rules::kMaxAttachmentBytes)
    return Error{"photo.too_large", "over the byte cap"};
  auto facts = image_facts(bytes, *kind);
  if (!facts || facts.value().width <= 0 || facts.value().height <= 0)
    return unreadable("the header gives no size");
  const long long pixels = static_cast<long long>(facts.value().width) * facts.value().height;
  if (pixels > kFormPhotoMaxPixels) return Error{"photo.too_large", "over the pixel cap"};

  std::lock_guard<std::mutex> hold(decode_lock());
  Image source = decode(bytes, kind->media_type);
  if (!source) return unreadable("the decoder refused it");
  const int width = gdImageSX(source.get());
  const int height = gdImageSY(source.get());
  if (width <= 0 || height <= 0) return unreadable("an empty image");
  const double scale =
      std::min(1.0, static_cast<double>(kFormPhotoLongEdge) / std::max(width, height));
  const int out_width = std::max(1, static_cast<int>(std::lround(width * scale)));
  const int out_height = std::max(1, static_cast<int>(std::lround(height * scale)));
  Image canvas(gdImageCreateTrueColor(out_width, out_height));
  if (!canvas) return unreadable("no memory for the copy");
  gdImageFilledRectangle(canvas.get(), 0, 0, out_width - 1, out_height - 1,
                         gdTrueColor(255, 255, 255));
  gdImageAlphaBlending(canvas.get(), 1);
  gdImageCopyResampled(canvas.get(), source.get(), 0, 0, 0, 0, out_width, out_height, width,
                       height);
  source.reset();
  canvas = upright(std::move(canvas), facts.value().orientation);
  gdImageInterlace(canvas.get(), 1);

  int size = 0;
  void* encoded = gdImageJpegPtr(canvas.get(), &size, kFormPhotoQuality);
  if (!encoded || size <= 0) return unreadable("the encoder failed");
  FormPhoto photo{std::string(static_cast<const char*>(encoded), static_cast<std::size_t>(size)),
                  gdImageSX(canvas.get()), gdImageSY(canvas.get())};
  gdFree(encoded);
  return photo;
}

}  // namespace aduan::server
