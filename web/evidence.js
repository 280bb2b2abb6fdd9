// web/evidence.js: the browser's side of shell/console/evidence_loader.h: fetching an evidence
// file with the officer's session, keeping a copy on the device, decoding a photo into a
// WebGL texture and opening a document in a new tab.
//
// Linked with --js-library like web/device.js. Glue only: which file to ask for, when, and
// what a refusal means are decided in shell/console/console_evidence.cpp.
//
// Why this way:
// - The photo is decoded by the browser (createImageBitmap, upright per its EXIF orientation)
//   and uploaded straight into a texture registered in Emscripten's GL table, so C++ gets a
//   texture name for ImGui and the pixels never pass through the program's memory.
// - The copies live in their own Cache Storage cache (NAME), keyed by the file's URL. The
//   service worker neither fills nor serves it (it answers only from its own cache and never
//   for /api/). Bounded: the newest MAX_FILES files and MAX_BYTES bytes, the oldest evicted
//   first. A wipe (logout, the session ended, another officer) deletes the whole cache; copies
//   fetched before a wipe are not stored after it (epoch), and every cache step runs in order.
// - Network first: each view is recorded by the server's audit log; the copy is used only
//   when no answer comes (offline, server down, time-out) or the server fails (5xx).
mergeInto(LibraryManager.library, {
  $AduanEvidence: {
    NAME: 'aduan-evidence',
    MAX_FILES: 60,
    MAX_BYTES: 31457280,  // 30 MiB: six times the largest file the rules allow
    MAX_EDGE: 2048,       // larger photos are scaled down before upload: GPU memory on phones
    TIMEOUT_MS: 30000,
    epoch: 0,
    chain: null,
    watching: false,
    ours: null,  // texture names this file registered, so a lost context can unregister them

    serial: function (step) {
      var next = (AduanEvidence.chain || Promise.resolve()).then(step);
      AduanEvidence.chain = next.catch(function () {});
      return next;
    },
    cache: function () {
      if (typeof caches === 'undefined') return Promise.reject(new Error('no Cache Storage'));
      return caches.open(AduanEvidence.NAME);
    },
    keep: function (url, blob, epoch) {
      return AduanEvidence.serial(function () {
        if (epoch !== AduanEvidence.epoch) return null;  // wiped since this fetch began
        return AduanEvidence.cache().then(function (cache) {
          var headers = { 'Content-Type': blob.type || 'application/octet-stream',
            'X-Aduan-Bytes': String(blob.size) };
          return cache.put(url, new Response(blob, { headers: headers })).then(function () {
            return AduanEvidence.evict(cache);
          });
        });
      }).catch(function (error) { console.warn('evidence: not kept on the device', error); });
    },
    // A put moves its key to the end of cache.keys(), so the keys run oldest first.
    evict: function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.map(function (key) {
          return cache.match(key).then(function (r) { return r ? Number(r.headers.get('X-Aduan-Bytes')) || 0 : 0; });
        })).then(function (sizes) {
          var total = sizes.reduce(function (a, b) { return a + b; }, 0);
          var count = keys.length;
          var drops = [];
          for (var i = 0; i < keys.length - 1 && (count > AduanEvidence.MAX_FILES ||
              total > AduanEvidence.MAX_BYTES); i++) {
            drops.push(cache.delete(keys[i]));
            total -= sizes[i];
            count -= 1;
          }
          return Promise.all(drops);
        });
      });
    },
    cached: function (url) {
      return AduanEvidence.serial(function () {
        return AduanEvidence.cache().then(function (cache) { return cache.match(url); })
          .then(function (response) { return response ? response.blob() : null; });
      }).catch(function () { return null; });
    },
    drop: function (url) {
      AduanEvidence.serial(function () {
        return AduanEvidence.cache().then(function (cache) { return cache.delete(url); });
      }).catch(function () {});
    },
    wipe: function () {
      AduanEvidence.epoch += 1;
      return AduanEvidence.serial(function () {
        return typeof caches === 'undefined' ? null : caches.delete(AduanEvidence.NAME);
      }).catch(function (error) { console.warn('evidence: wipe failed', error); });
    },

    // -> { reached, status, code, blob, fromDevice }
    fetchFile: function (url, session) {
      var epoch = AduanEvidence.epoch;
      var fromDevice = function (answer) {
        return AduanEvidence.cached(url).then(function (blob) {
          if (blob) return { reached: false, status: 200, code: '', blob: blob, fromDevice: true };
          return answer || { reached: false, status: 0, code: '' };
        });
      };
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      var timer = setTimeout(function () { if (controller) controller.abort(); }, AduanEvidence.TIMEOUT_MS);
      var init = { headers: { 'X-Aduan-Session': session }, cache: 'no-store', credentials: 'same-origin' };
      if (controller) init.signal = controller.signal;
      return fetch(url, init).then(function (response) {
        if (response.ok) {
          return response.blob().then(function (blob) {
            clearTimeout(timer);
            AduanEvidence.keep(url, blob, epoch);
            return { reached: true, status: 200, code: '', blob: blob, fromDevice: false };
          });
        }
        return response.text().then(function (text) {
          clearTimeout(timer);
          var code = '';
          try { code = JSON.parse(text).error.code || ''; } catch (e) { code = ''; }
          var answer = { reached: true, status: response.status, code: code };
          if (response.status >= 500) return fromDevice(answer);
          // Refused for good (gone, out of scope, no session): no copy of it stays either.
          if (response.status !== 429) AduanEvidence.drop(url);
          return answer;
        });
      }).catch(function () {
        clearTimeout(timer);
        return fromDevice(null);
      });
    },

    // -> { texture, width, height }: a name in GL.textures, as glGenTextures would give.
    toTexture: function (blob) {
      var gl = GLctx;
      if (!gl || gl.isContextLost()) return Promise.reject(new Error('context lost'));
      return createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none' })
        .catch(function () { return createImageBitmap(blob); })  // a browser with fewer options
        .then(function (bitmap) {
          var limit = Math.min(AduanEvidence.MAX_EDGE, gl.getParameter(gl.MAX_TEXTURE_SIZE) || 2048);
          var edge = Math.max(bitmap.width, bitmap.height);
          if (edge <= limit) return bitmap;
          var scale = limit / edge;
          return createImageBitmap(bitmap, { resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
            resizeHeight: Math.max(1, Math.round(bitmap.height * scale)), resizeQuality: 'high' })
            .then(function (smaller) { bitmap.close(); return smaller; });
        }).then(function (bitmap) {
          if (gl.isContextLost()) { bitmap.close(); throw new Error('context lost'); }
          var previous = gl.getParameter(gl.TEXTURE_BINDING_2D);
          var texture = gl.createTexture();
          gl.bindTexture(gl.TEXTURE_2D, texture);
          gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
          gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
          // Clamped and not mipmapped: what WebGL1 allows for any size, not only powers of two.
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
          gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
          gl.bindTexture(gl.TEXTURE_2D, previous);
          var name = GL.getNewId(GL.textures);
          texture.name = name;
          GL.textures[name] = texture;
          AduanEvidence.ours = AduanEvidence.ours || [];
          AduanEvidence.ours.push(name);
          var out = { texture: name, width: bitmap.width, height: bitmap.height };
          bitmap.close();
          return out;
        });
    },

    // A blob: URL in a new tab; where pop-ups are blocked, a download instead. The server's
    // sandboxing CSP does not follow a blob, but the tab is not scriptable from here (no
    // opener) and only PDF reaches this (the server decides the type by the bytes).
    openDocument: function (blob) {
      var url = URL.createObjectURL(new Blob([blob], { type: blob.type || 'application/pdf' }));
      var tab = window.open(url, '_blank');
      if (tab) {
        try { tab.opener = null; } catch (e) { /* already gone */ }
      } else {
        var link = document.createElement('a');
        link.href = url;
        link.download = 'dokumen.pdf';
        link.rel = 'noopener';
        document.body.appendChild(link);
        link.click();
        link.remove();
      }
      setTimeout(function () { URL.revokeObjectURL(url); }, 300000);
    },

    // A lost context takes every texture with it: unregister ours so nothing binds a dead one,
    // and tell C++, which asks again once the context is back.
    watch: function () {
      if (AduanEvidence.watching || !Module.canvas) return;
      AduanEvidence.watching = true;
      var changed = function () {
        (AduanEvidence.ours || []).forEach(function (name) { GL.textures[name] = null; });
        AduanEvidence.ours = [];
        _aduan_evidence_context_changed();
      };
      Module.canvas.addEventListener('webglcontextlost', changed);
      Module.canvas.addEventListener('webglcontextrestored', changed);
    },

    reply: function (request, answer, picture) {
      var code = new TextEncoder().encode(answer.code || '');
      var pointer = _aduan_evidence_inbox(code.length);
      HEAPU8.set(code, pointer);
      _aduan_evidence_done(request, answer.reached ? 1 : 0, answer.status,
        picture ? picture.texture : 0, picture ? picture.width : 0, picture ? picture.height : 0,
        answer.fromDevice ? 1 : 0);
    },
  },

  aduan_evidence_fetch__deps: ['$AduanEvidence', '$GL'],
  aduan_evidence_fetch: function (request, url, session, asDocument) {
    AduanEvidence.watch();
    AduanEvidence.fetchFile(UTF8ToString(url), UTF8ToString(session)).then(function (answer) {
      if (answer.status !== 200) return AduanEvidence.reply(request, answer, null);
      if (asDocument) {
        AduanEvidence.openDocument(answer.blob);
        return AduanEvidence.reply(request, answer, null);
      }
      return AduanEvidence.toTexture(answer.blob).then(function (picture) {
        AduanEvidence.reply(request, answer, picture);
      }, function () {
        var lost = !GLctx || GLctx.isContextLost();
        AduanEvidence.reply(request, { reached: answer.reached, status: 422,
          code: lost ? 'evidence.gl_lost' : 'evidence.unreadable', fromDevice: answer.fromDevice }, null);
      });
    });
  },

  aduan_evidence_forget_all__deps: ['$AduanEvidence'],
  aduan_evidence_forget_all: function () { AduanEvidence.wipe(); },
});
