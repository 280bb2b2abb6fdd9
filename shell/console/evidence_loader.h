// shell/console/evidence_loader.h: the browser fetches, keeps and decodes the evidence files.
//
// Owns the requests for one attachment of a report (GET the officer route with the session
// header), the device's copy of each file fetched (a bounded browser cache, so photos of
// reports the officer already opened show offline) and turning a photo into a GL texture.
// The file's bytes never enter the program's memory: the browser decodes a photo straight
// into a texture, and a document goes to a new tab. Does not own which attachments to show
// or the words for a failure (console_evidence.cpp), nor the session.
//
// Order: load_picture() / open_document() -> later, between frames, `done` once (a frame is
// then asked for). forget_all() drops every request in flight (their textures are freed when
// they arrive) and wipes the device's copies; called at logout and whenever the session ends.
// gl_generation() changes when the browser restored a lost GL context: textures made before
// are gone and must be asked for again. Implemented in evidence_loader_web.cpp + web/evidence.js.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "shell/ui/widgets_image.h"

namespace aduan::app::evidence {

struct Loaded {
  bool reached = false;      // the server answered (any HTTP status)
  int http_status = 0;       // 200 also when served from the device's copy
  bool from_device = false;  // no answer from the server: this is the copy kept on the device
  std::string code;          // the server's error code on a refusal, e.g. "officer.out_of_scope"
  ui::Picture picture;       // open_document: texture 0
  bool ok() const { return http_status == 200; }
};

using Done = std::function<void(Loaded)>;

// `url` is the server address plus the route; `session` the officer's session token.
// Returns a request number for cancel().
int load_picture(const std::string& url, const std::string& session, Done done);
// Fetches a document (from the device's copy when there is no answer) and opens it in a new
// tab; `done` says whether it could.
int open_document(const std::string& url, const std::string& session, Done done);
// The answer to `request` is dropped; a texture it brings is freed.
void cancel(int request);
void release(const ui::Picture& picture);
void forget_all();
int gl_generation();

}  // namespace aduan::app::evidence
