// web/device.js: the browser chores of the portal's device layer (shell/device/device_services.h):
// storage persistence and estimates, online/offline events, the link's kind
// (navigator.connection, for lite mode), fetch with a timeout (the sync
// engine's transport and the tracking lookup), the clipboard and file downloads.
//
// Linked with --js-library like web/storage.js (see there for why). Answers go back through
// exported C functions (device_services_web.cpp, fetch_transport_web.cpp); nothing here keeps
// state a screen reads, so a reload loses nothing.
mergeInto(LibraryManager.library, {
  $AduanDevice: {
    text: function (s) {
      var bytes = new TextEncoder().encode(String(s));
      var ptr = _aduan_js_inbox(bytes.length + 1);
      HEAPU8.set(bytes, ptr);
      HEAPU8[ptr + bytes.length] = 0;
      return ptr;
    },
    headers: function (ptr) {  // "Name: value\n" lines -> an object
      var out = {};
      UTF8ToString(ptr).split('\n').forEach(function (line) {
        var colon = line.indexOf(':');
        if (colon > 0) out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      });
      return out;
    },
    // fetch with an AbortController timeout; done(ok, status, bytes) is called exactly once.
    request: function (url, init, timeoutMs, done) {
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      if (controller) init.signal = controller.signal;
      var finished = false;
      var finish = function (ok, status, bytes) {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        done(ok, status, bytes);
      };
      var timer = setTimeout(function () {
        if (controller) controller.abort();
        finish(false, 0, new Uint8Array(0));
      }, timeoutMs);
      try {
        fetch(url, init).then(function (response) {
          return response.arrayBuffer().then(function (buffer) {
            finish(true, response.status, new Uint8Array(buffer));
          });
        }).catch(function () { finish(false, 0, new Uint8Array(0)); });
      } catch (error) {
        setTimeout(function () { finish(false, 0, new Uint8Array(0)); }, 0);
      }
    },
  },

  aduan_device_start__deps: ['$AduanDevice'],
  aduan_device_start: function () {
    window.addEventListener('online', function () { _aduan_device_on_online(1); });
    window.addEventListener('offline', function () { _aduan_device_on_online(0); });
    // navigator.connection (Chromium's browsers only): its guess of the link, now and at each
    // change, as a number the C side maps back (0 unknown, 1 slow-2g, 2 2g, 3 3g, 4 4g).
    var connection = navigator.connection;
    if (connection) {
      var types = { 'slow-2g': 1, '2g': 2, '3g': 3, '4g': 4 };
      var report = function () {
        _aduan_device_on_connection(types[connection.effectiveType] || 0, connection.saveData ? 1 : 0);
      };
      if (connection.addEventListener) connection.addEventListener('change', report);
      report();
    }
    var storage = navigator.storage;
    if (!storage || !storage.persist) return;
    // Asked once per start: a browser that refuses (headless Chromium always does; Chrome
    // decides by engagement) may grant later, and the screens word it by the answer.
    storage.persisted().then(function (already) {
      return already || storage.persist();
    }).then(function (granted) {
      _aduan_device_on_persistence(granted ? 1 : 2);
    }).catch(function () { _aduan_device_on_persistence(2); });
  },

  aduan_device_estimate: function () {
    if (!navigator.storage || !navigator.storage.estimate) return;
    navigator.storage.estimate().then(function (estimate) {
      _aduan_device_on_estimate(estimate.usage || 0, estimate.quota || 0);
    }).catch(function () { /* the browser will not say; the screens show nothing */ });
  },

  aduan_device_online: function () { return navigator.onLine === false ? 0 : 1; },

  aduan_fetch_start__deps: ['$AduanDevice'],
  aduan_fetch_start: function (id, url, method, headers, body, bodyLength, timeoutMs) {
    var init = { method: UTF8ToString(method), headers: AduanDevice.headers(headers),
      cache: 'no-store', credentials: 'same-origin' };
    if (bodyLength > 0) init.body = HEAPU8.slice(body, body + bodyLength);
    AduanDevice.request(UTF8ToString(url), init, timeoutMs, function (ok, status, bytes) {
      var ptr = _aduan_fetch_body_buffer(id, bytes.length);
      if (bytes.length > 0) HEAPU8.set(bytes, ptr);
      _aduan_fetch_on_done(id, ok ? 1 : 0, status);
    });
  },

  // The tracking JSON (shell/server/tracking.cpp) flattened for C++: records split by \x1e,
  // fields by \x1f; the first is status, title, received_at (ms), then E(vent) and A(nswer).
  // Returns the text in the module's inbox, or 0 when the answer is not JSON.
  aduan_track_flatten__deps: ['$AduanDevice'],
  aduan_track_flatten: function (data, length) {
    var view;
    try {
      view = JSON.parse(new TextDecoder().decode(HEAPU8.subarray(data, data + length)));
    } catch (error) {
      return 0;
    }
    var clean = function (s) { return String(s === undefined || s === null ? '' : s).replace(/[\x1e\x1f]/g, ' '); };
    var ms = function (s) { var t = Date.parse(s); return isNaN(t) ? 0 : t; };
    var records = [[clean(view.status), clean(view.title), ms(view.received_at)].join('\x1f')];
    (view.timeline || []).forEach(function (step) {
      records.push(['E', clean(step.status), ms(step.at), clean(step.agency_id)].join('\x1f'));
    });
    (view.answers || []).forEach(function (answer) {
      records.push(['A', clean(answer.agency_id), ms(answer.at), clean(answer.text)].join('\x1f'));
    });
    return AduanDevice.text(records.join('\x1e'));
  },

  aduan_clipboard_write: function (text) {
    var value = UTF8ToString(text);
    var fallback = function () {
      // Older browsers and pages without clipboard permission: a selected, hidden textarea.
      var area = document.createElement('textarea');
      area.value = value;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      try { document.execCommand('copy'); } catch (error) { /* nothing else to try */ }
      document.body.removeChild(area);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).catch(fallback);
    } else {
      fallback();
    }
  },

  aduan_download: function (name, type, data, length) {
    try {
      var blob = new Blob([HEAPU8.slice(data, data + length)], { type: UTF8ToString(type) });
      var url = URL.createObjectURL(blob);
      var link = document.createElement('a');
      link.href = url;
      link.download = UTF8ToString(name);
      link.rel = 'noopener';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      return 1;
    } catch (error) {
      console.error('download failed', error);
      return 0;
    }
  },
});
