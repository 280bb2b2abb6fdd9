// web/storage.js: the browser's side of the portal's device layer (shell/device/device_services.h):
// the database's pages in IndexedDB, the Web Lock that keeps one writer per browser, storage
// persistence and estimates, online events, fetch with a timeout, clipboard and downloads.
//
// Linked into the program with --js-library (see shell/portal/CMakeLists.txt), not loaded as a
// page script: the functions are then plain imports of the WebAssembly module, content-hashed
// and cached with it, and C++ calls them without a string of JavaScript per call (EM_JS) or a
// second request. No business rules here: what a page holds and when to write it is decided by
// shell/device/page_vfs.cpp; this file only carries bytes and events across.
//
// IndexedDB layout (database "aduan", version 1):
//   pages: key = page number (0, 1, ...), value = ArrayBuffer of 4096 bytes of the SQLite file
//   meta:  key "file" = { size, generation, pageBytes, savedAt }
// One commit = one readwrite transaction with durability 'strict': its dirty pages, the delete
// of pages past the new end of the file, and the meta record. Transactions on the same stores
// complete in the order they were created, and C++ keeps at most one in flight.
//
// Module.aduanStorage (read-only; documented in /tmp/notes/readme-data.md for tests): state,
// lock, generation, durable, pages, fileBytes, transactions, puts, lastCommit, commits (the
// last 64), failures, error, persistence, estimate. With "aduan-diagnostics" in the page's
// query string, Module.aduanStorage.diagnostics offers test-only writes (device_diagnostics_web).
mergeInto(LibraryManager.library, {
  $AduanStorage: {
    db: null,
    info: {
      state: 'opening', lock: 'none', generation: 0, durable: 0, pages: 0, fileBytes: 0,
      transactions: 0, puts: 0, lastCommit: null, commits: [], failures: 0, error: '',
      persistence: 'unknown', estimate: { used: 0, quota: 0 }, online: true,
    },
    waiters: [],

    publish: function () {
      var info = AduanStorage.info;
      var view = {};
      Object.keys(info).forEach(function (key) {
        Object.defineProperty(view, key, { enumerable: true, get: function () {
          var value = info[key];
          return value && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
        } });
      });
      Module['aduanStorage'] = view;
    },

    // Resolves the promises of diagnostics.waitDurable() and rejects them on a failed write.
    settle: function () {
      var info = AduanStorage.info;
      AduanStorage.waiters = AduanStorage.waiters.filter(function (w) {
        if (info.durable >= w.generation) { w.resolve(info.durable); return false; }
        if (info.error) { w.reject(new Error(info.error)); return false; }
        return true;
      });
    },

    text: function (s) {  // a JavaScript string handed to C++ through the module's inbox
      var bytes = new TextEncoder().encode(String(s));
      var ptr = _aduan_js_inbox(bytes.length + 1);
      HEAPU8.set(bytes, ptr);
      HEAPU8[ptr + bytes.length] = 0;
      return ptr;
    },

    fail: function (message) {
      AduanStorage.info.state = 'failed';
      AduanStorage.info.error = message;
      _aduan_storage_on_failed(AduanStorage.text(message));
    },

    describe: function (error) {
      if (!error) return 'unknown error';
      return (error.name || 'Error') + ': ' + (error.message || String(error));
    },

    acquire: function () {
      var held = function () {
        AduanStorage.info.lock = 'held';
        _aduan_storage_on_lock(1);
        AduanStorage.open();
        return new Promise(function () {});  // held for the life of the tab
      };
      if (!navigator.locks || !navigator.locks.request) {
        console.warn('Web Locks unavailable: nothing keeps a second tab from writing');
        AduanStorage.info.lock = 'unsupported';
        _aduan_storage_on_lock(2);
        AduanStorage.open();
        return;
      }
      navigator.locks.request('aduan-store', { ifAvailable: true }, function (lock) {
        if (lock) return held();
        AduanStorage.info.lock = 'waiting';
        AduanStorage.info.state = 'waiting_for_other_tab';
        _aduan_storage_on_lock(0);
        navigator.locks.request('aduan-store', held);
        return undefined;
      }).catch(function (error) {
        // Locks refused (an opaque origin): one tab is all this browser can safely run.
        if (AduanStorage.info.lock !== 'none') return;
        console.warn('Web Locks unavailable', error);
        AduanStorage.info.lock = 'unsupported';
        _aduan_storage_on_lock(2);
        AduanStorage.open();
      });
    },

    open: function () {
      if (!window.indexedDB) {
        return AduanStorage.fail('IndexedDB is not available in this browser (private window?)');
      }
      var request;
      try {
        request = indexedDB.open('aduan', 1);
      } catch (error) {
        return AduanStorage.fail('IndexedDB could not be opened: ' + AduanStorage.describe(error));
      }
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains('pages')) db.createObjectStore('pages');
        if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
      };
      request.onerror = function () {
        AduanStorage.fail('IndexedDB could not be opened: ' + AduanStorage.describe(request.error));
      };
      request.onsuccess = function () {
        AduanStorage.db = request.result;
        AduanStorage.db.onversionchange = function () { AduanStorage.db.close(); };
        AduanStorage.load();
      };
    },

    load: function () {
      var tx = AduanStorage.db.transaction(['pages', 'meta'], 'readonly');
      var meta = tx.objectStore('meta').get('file');
      var keys = tx.objectStore('pages').getAllKeys();
      var values = tx.objectStore('pages').getAll();
      tx.onabort = function () {
        AduanStorage.fail('stored pages could not be read: ' + AduanStorage.describe(tx.error));
      };
      tx.oncomplete = function () {
        var file = meta.result || { size: 0, generation: 0 };
        var info = AduanStorage.info;
        var pageCount = Math.ceil(file.size / 4096);
        var loaded = 0;
        for (var i = 0; i < keys.result.length; ++i) {
          if (keys.result[i] >= pageCount) continue;  // stale: the file was shrunk
          var buffer = _aduan_storage_page_buffer();
          HEAPU8.set(new Uint8Array(values.result[i]), buffer);
          _aduan_storage_on_page(keys.result[i]);
          ++loaded;
        }
        info.pages = pageCount;
        info.fileBytes = file.size;
        info.generation = file.generation;
        info.durable = file.generation;
        _aduan_storage_on_loaded(file.size, file.generation);
      };
    },

    commit: function (generation, size, bytes, indexes, count) {
      var info = AduanStorage.info;
      var pages = [];
      for (var i = 0; i < count; ++i) {
        pages.push([HEAPU32[(indexes >> 2) + i], HEAPU8.slice(bytes + i * 4096, bytes + (i + 1) * 4096)]);
      }
      var keep = Math.ceil(size / 4096);
      var failed = function (why) {
        info.failures++;
        info.error = why;
        AduanStorage.settle();
        _aduan_storage_on_commit_failed(generation, AduanStorage.text(why));
      };
      var tx;
      try {
        tx = AduanStorage.db.transaction(['pages', 'meta'], 'readwrite', { durability: 'strict' });
        var store = tx.objectStore('pages');
        pages.forEach(function (page) { store.put(page[1].buffer, page[0]); });
        store.delete(IDBKeyRange.lowerBound(keep));
        tx.objectStore('meta').put(
          { size: size, generation: generation, pageBytes: 4096, savedAt: Date.now() }, 'file');
      } catch (error) {
        if (tx) try { tx.abort(); } catch (ignored) { /* already finished */ }
        var why = 'saving to IndexedDB failed: ' + AduanStorage.describe(error);
        setTimeout(function () { failed(why); }, 0);  // callers expect an answer later, not now
        return;
      }
      tx.oncomplete = function () {
        info.transactions++;
        info.puts += pages.length;
        info.lastCommit = { generation: generation, puts: pages.length, fileBytes: size };
        info.commits.push(info.lastCommit);
        if (info.commits.length > 64) info.commits.shift();
        info.pages = keep;
        info.fileBytes = size;
        info.durable = generation;
        info.error = '';
        AduanStorage.settle();
        _aduan_storage_on_durable(generation);
      };
      tx.onabort = function () {
        failed('saving to IndexedDB failed: ' + AduanStorage.describe(tx.error || { name: 'AbortError',
          message: 'the transaction was aborted' }));
      };
    },
  },

  aduan_storage_start__deps: ['$AduanStorage'],
  aduan_storage_start: function () {
    AduanStorage.publish();
    AduanStorage.acquire();
  },

  aduan_storage_commit__deps: ['$AduanStorage'],
  aduan_storage_commit: function (generation, size, bytes, indexes, count) {
    AduanStorage.commit(generation, size, bytes, indexes, count);
  },

  // state: the StorageState name; generation: committed; durable: IndexedDB has it.
  aduan_storage_report__deps: ['$AduanStorage'],
  aduan_storage_report: function (state, generation, durable, error, persistence, used, quota,
    online) {
    var info = AduanStorage.info;
    info.state = UTF8ToString(state);
    info.generation = generation;
    info.durable = durable;
    info.error = UTF8ToString(error);
    info.persistence = ['unknown', 'granted', 'refused'][persistence] || 'unknown';
    info.estimate = { used: used, quota: quota };
    info.online = !!online;
    AduanStorage.settle();
  },

  aduan_storage_enable_diagnostics__deps: ['$AduanStorage'],
  aduan_storage_enable_diagnostics: function () {
    if (!/[?&]aduan-diagnostics\b/.test(location.search)) return 0;
    var view = Module['aduanStorage'];
    Object.defineProperty(view, 'diagnostics', { value: {
      // Saves `count` sample reports, one transaction (and one commit) each; returns the
      // generation of the last commit.
      saveReports: function (count) { return _aduan_diag_save_reports(count); },
      // Saves one sample report and resolves with milliseconds from the call to durable.
      timedSave: function () {
        var start = performance.now();
        var generation = _aduan_diag_save_reports(1);
        return view.diagnostics.waitDurable(generation).then(function () {
          return performance.now() - start;
        });
      },
      // Writes `count` settings rows of `bytes` each, erases them, or VACUUMs the file.
      fill: function (count, bytes) { return _aduan_diag_fill(count, bytes); },
      clear: function () { return _aduan_diag_clear(); },
      vacuum: function () { return _aduan_diag_vacuum(); },
      // Stops (true) or restarts the sync engine's ticks, so a storage test sees only its own
      // commits and no requests.
      holdSync: function (held) { _aduan_diag_hold_sync(held ? 1 : 0); },
      // The outbox's counts: { queued, sending, delivered, rejected }.
      counts: function () { return JSON.parse(UTF8ToString(_aduan_diag_counts())); },
      // Starts the export download; returns '' or why not.
      exportUnsent: function () { return UTF8ToString(_aduan_diag_export()); },
      reportCount: function () { return _aduan_diag_report_count(); },
      queuedCount: function () { return _aduan_diag_queued_count(); },
      waitDurable: function (generation) {
        return new Promise(function (resolve, reject) {
          AduanStorage.waiters.push({ generation: generation, resolve: resolve, reject: reject });
          AduanStorage.settle();
        });
      },
    } });
    return 1;
  },
});
