// core/sync/sync_engine_uploads.cpp: uploading the photos of delivered reports (sync_engine.h).
//
// The server's protocol (shell/server/api_attachments.cpp): the report declares each
// attachment's size and SHA-256; PUT .../attachments/<id>?offset=N appends a chunk only at
// the offset the server holds (409 otherwise, nothing written); GET tells that offset; both
// answer {"bytes_held":N,"size":S,"complete":b}; the hash is checked at the last byte (422 and
// a restart from 0 on a mismatch).
//
// So the engine keeps no state that matters across a restart: the store's bytes_sent is what
// the server last confirmed, and after any doubt (a failure, a 409) the engine asks the
// server first. A chunk that reached the server but whose answer was lost is never sent
// twice into the file: the next PUT at the old offset is refused, the GET tells the truth.
// The local bytes are dropped once the server says "complete" unless the config keeps them.
#include <algorithm>

#include "core/json/json_reader.h"
#include "core/sync/sync_engine.h"

namespace aduan::sync {
namespace {

constexpr std::string_view kOctetStream = "application/octet-stream";
constexpr int kMaxBadOffsetsInARow = 3;

std::string attachment_path(const store::UploadTask& task) {
  return "/api/v1/reports/" + task.report_id.to_string() + "/attachments/" + task.attachment_id;
}

// The code of the server's JSON error body ({"error":{"code":...}}), or "".
std::string error_code(const wire::Bytes& body) {
  return json::read_error_body(json::text_of(body)).code;
}

struct Progress {
  std::uint64_t bytes_held = 0;
  bool complete = false;
};

// {"bytes_held":N,"size":N,"complete":b}: the server's word on how much of a photo it holds.
std::optional<Progress> parse_progress(const wire::Bytes& body) {
  json::Limits limits;
  limits.max_bytes = 4096;  // a handful of fields; anything larger is not this answer
  auto parsed = json::parse(json::text_of(body), limits);
  if (!parsed) return std::nullopt;
  const json::Value* held = parsed.value().get("bytes_held");
  const std::optional<std::uint64_t> bytes = held ? held->as_uint64() : std::nullopt;
  const std::optional<bool> complete = parsed.value().bool_at("complete");
  if (!bytes || !complete) return std::nullopt;
  return Progress{*bytes, *complete};
}

std::string http_failure(const Response& response) {
  if (!response.transport_ok) return "network: no answer from the server";
  std::string text = "http " + std::to_string(response.http_status);
  if (std::string code = error_code(response.body); !code.empty()) text += " " + code;
  return text;
}

}  // namespace

bool SyncEngine::start_upload(Timestamp now) {
  // Normally one pass; a photo whose bytes turn out to be gone is set aside and the next one
  // tried, a bounded number of times per tick.
  for (int pass = 0; pass < 8; ++pass) {
    auto next = store_.next_upload(now);
    if (!next) {
      store_failed(next.error(), now);
      return false;
    }
    if (!next.value()) {
      upload_.reset();
      return false;
    }
    const store::UploadTask& task = *next.value();
    const bool same = upload_ && upload_->task.report_id == task.report_id &&
                      upload_->task.attachment_id == task.attachment_id;
    if (!same) {
      // A photo that failed since its last progress may be further along on the server than
      // the store knows (an answer lost): ask before sending.
      upload_ = UploadJob{task, task.attempts == 0, 0, false};
    } else {
      upload_->task = task;
    }
    const std::string path = attachment_path(task);
    Request request;
    request.headers.emplace_back(kHeaderDeviceId, credentials_->device_id);
    request.headers.emplace_back(kHeaderDeviceSecret, credentials_->secret);
    if (!upload_->offset_known || task.bytes_sent >= task.size_bytes) {
      request.method = "GET";
      request.path = path;
      upload_->probing = true;
      status_.uploading = task.report_id;
      dispatch(RequestKind::upload_probe, std::move(request));
      return true;
    }
    auto chunk = store_.attachment_content(task.report_id, task.attachment_id, task.bytes_sent,
                                           link_plan().chunk_bytes);
    if (!chunk) {
      if (chunk.error().code == store::kErrorNotFound) {
        upload_refused("the photo is no longer on this device", now);
        continue;
      }
      store_failed(chunk.error(), now);
      return false;
    }
    upload_->probing = false;
    request.method = "PUT";
    request.path = path + "?offset=" + std::to_string(task.bytes_sent);
    request.body = std::move(chunk).value();
    request.headers.emplace_back(kHeaderContentType, kOctetStream);
    status_.uploading = task.report_id;
    dispatch(RequestKind::upload_chunk, std::move(request));
    return true;
  }
  return false;
}

void SyncEngine::handle_upload(const Response& response, Timestamp now) {
  if (!upload_) return;  // nothing to record against
  const int status = response.transport_ok ? response.http_status : 0;
  const std::string code = error_code(response.body);
  if (status >= 200 && status < 300) {
    auto progress = parse_progress(response.body);
    if (!progress || progress->bytes_held > upload_->task.size_bytes ||
        (progress->bytes_held == upload_->task.size_bytes && !progress->complete)) {
      const std::string why = "upload: undecodable answer";
      request_failed(response, why, now);
      return upload_failed(why, now);
    }
    return upload_answered(progress->bytes_held, progress->complete, now);
  }
  if (status == 409 && code == "attachment.bad_offset") {
    // The server holds another amount than this device thought (an answer was lost, or the
    // same chunk arrived twice): ask it, then go on from there. No backoff: nothing is wrong.
    succeeded(now);
    upload_->offset_known = false;
    if (++upload_->bad_offsets > kMaxBadOffsetsInARow) {
      upload_failed("upload: the server keeps refusing the offset", now);
    }
    return;
  }
  if (status == 422 && code == "attachment.hash_mismatch") {
    succeeded(now);
    // The server now holds nothing. If the copy here is sound, the bytes were damaged on the
    // way and a new try can succeed; if not, no try ever will.
    auto sound = store_.content_matches(upload_->task.report_id, upload_->task.attachment_id);
    if (!sound) return store_failed(sound.error(), now);
    if (!sound.value()) return upload_refused("the photo on this device is damaged", now);
    if (auto s =
            store_.set_upload_progress(upload_->task.report_id, upload_->task.attachment_id, 0);
        !s) {
      return store_failed(s.error(), now);
    }
    return upload_failed("upload: the server's copy did not match; sending again", now);
  }
  if (status == 413 || (status == 409 && code == "attachment.conflict") ||
      (status == 404 && code == "attachment.unknown")) {
    succeeded(now);
    return upload_refused("the server refuses this photo (" + http_failure(response) + ")", now);
  }
  // No answer, 5xx, 401, a report the server does not know (yet): try again later.
  const std::string why = "upload: " + http_failure(response);
  request_failed(response, why, now);
  upload_failed(why, now);
}

void SyncEngine::upload_answered(std::uint64_t bytes_held, bool complete, Timestamp now) {
  const store::UploadTask& task = upload_->task;
  Status s = complete ? store_.mark_upload_done(task.report_id, task.attachment_id,
                                                config_.keep_uploaded_content)
                      : store_.set_upload_progress(task.report_id, task.attachment_id, bytes_held);
  if (!s) {
    upload_.reset();
    return store_failed(s.error(), now);
  }
  succeeded(now);
  if (complete) {
    upload_.reset();
    return;
  }
  upload_->task.bytes_sent = bytes_held;
  upload_->task.attempts = 0;
  upload_->offset_known = true;
  // Only a chunk the server took ends a run of 409s: a server whose GET and PUT disagree for
  // good must not get a GET and a PUT at every tick.
  if (!upload_->probing) upload_->bad_offsets = 0;
}

void SyncEngine::upload_failed(const std::string& why, Timestamp now) {
  const store::UploadTask task = upload_->task;
  upload_.reset();
  const Timestamp next = now + backoff_.delay(task.attempts + 1);
  if (auto s = store_.mark_upload_failed(task.report_id, task.attachment_id, why, next); !s) {
    store_failed(s.error(), now);
  }
  status_.last_error = why;
}

void SyncEngine::upload_refused(const std::string& why, Timestamp now) {
  const store::UploadTask task = upload_->task;
  upload_.reset();
  if (auto s = store_.mark_upload_refused(task.report_id, task.attachment_id, why); !s) {
    store_failed(s.error(), now);
  }
  status_.last_error = why;
}

Timestamp SyncEngine::earliest_upload(Timestamp now) {
  auto due = store_.next_upload_due();
  if (!due) {
    store_failed(due.error(), now);
    return now;
  }
  if (!due.value()) return kNever;  // photos of reports still queued: a delivery wakes us
  return std::max(*due.value(), now);
}

}  // namespace aduan::sync
