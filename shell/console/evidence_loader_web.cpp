// shell/console/evidence_loader_web.cpp: evidence_loader.h in the browser (web/evidence.js).
//
// Owns the requests in flight, by number, and the hand-over of each answer to its callback
// between frames. The fetching, the cache and the decoding into a texture are web/evidence.js's
// (they are browser APIs: fetch, Cache Storage, createImageBitmap, texImage2D); what arrives
// here is a status and, for a photo, the name of a texture already registered with
// Emscripten's GL layer, which ImGui draws like its own font texture.
#include <GLES2/gl2.h>
#include <emscripten.h>

#include <map>
#include <string>
#include <utility>

#include "shell/console/evidence_loader.h"
#include "shell/ui/widgets.h"

extern "C" {
void aduan_evidence_fetch(int request, const char* url, const char* session, int document);
void aduan_evidence_forget_all();
}

namespace aduan::app::evidence {
namespace {

struct Requests {
  std::map<int, Done> pending;
  int next = 1;
  int generation = 0;
  std::string inbox;  // the server's error code of the answer being delivered
};

Requests& requests() {
  static Requests instance;
  return instance;
}

int start(const std::string& url, const std::string& session, Done done, bool document) {
  Requests& r = requests();
  const int id = r.next++;
  r.pending.emplace(id, std::move(done));
  aduan_evidence_fetch(id, url.c_str(), session.c_str(), document ? 1 : 0);
  return id;
}

void delete_texture(std::uint32_t texture) {
  if (texture == 0) return;
  const GLuint name = texture;
  glDeleteTextures(1, &name);
}

}  // namespace

int load_picture(const std::string& url, const std::string& session, Done done) {
  return start(url, session, std::move(done), false);
}

int open_document(const std::string& url, const std::string& session, Done done) {
  return start(url, session, std::move(done), true);
}

void cancel(int request) {
  requests().pending.erase(request);
}

void release(const ui::Picture& picture) {
  delete_texture(picture.texture);
}

void forget_all() {
  requests().pending.clear();
  aduan_evidence_forget_all();
}

int gl_generation() {
  return requests().generation;
}

}  // namespace aduan::app::evidence

extern "C" {

EMSCRIPTEN_KEEPALIVE char* aduan_evidence_inbox(int size) {
  std::string& inbox = aduan::app::evidence::requests().inbox;
  inbox.assign(static_cast<std::size_t>(size > 0 ? size : 0) + 1, '\0');
  return inbox.data();
}

// `reached`: the server answered; `from_device`: the copy kept on the device was used.
EMSCRIPTEN_KEEPALIVE void aduan_evidence_done(int request, int reached, int status, int texture,
                                              int width, int height, int from_device) {
  using namespace aduan::app::evidence;
  Requests& r = requests();
  auto found = r.pending.find(request);
  if (found == r.pending.end()) {  // cancelled: nobody will draw or free it
    delete_texture(static_cast<std::uint32_t>(texture));
    return;
  }
  Done done = std::move(found->second);
  r.pending.erase(found);
  Loaded loaded;
  loaded.reached = reached != 0;
  loaded.http_status = status;
  loaded.from_device = from_device != 0;
  loaded.code = r.inbox.c_str();
  r.inbox.clear();
  loaded.picture = {static_cast<std::uint32_t>(texture), width, height};
  if (done) done(std::move(loaded));
  aduan::app::ui::request_frame();
}

// The GL context was lost or restored: every texture made before is gone.
EMSCRIPTEN_KEEPALIVE void aduan_evidence_context_changed() {
  ++aduan::app::evidence::requests().generation;
  aduan::app::ui::request_frame();
}

}  // extern "C"
