// The page's side of start-up: the Module object the WebAssembly program reads, progress, the
// hand-over from the HTML shell to the canvas, and the service worker with its update prompt.
// Kept out of index.html so the Content-Security-Policy needs no 'unsafe-inline' for scripts.
// No business rules here.
var statusLine = document.getElementById('status');
document.getElementById('canvas').addEventListener('contextmenu', function (e) { e.preventDefault(); });
var Module = {
  canvas: document.getElementById('canvas'),
  aduanUi: window.aduanUi,
  setStatus: function (text) {
    var m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text || '');
    if (m) document.getElementById('progress').value = 100 * m[1] / m[2];
  },
  onInteractive: function () { document.body.classList.add('ready'); },
  onFatal: function (what) {
    var el = document.getElementById('fatal');
    el.textContent = 'Aplikasi tidak dapat berjalan di peramban ini (' + what +
      '). Gunakan halaman pelacakan di bawah.';
    el.hidden = false;
    statusLine.hidden = true;
    document.getElementById('progress').hidden = true;
    document.body.classList.remove('ready');
  },
  printErr: function (text) { console.error(text); },
  // The program's own file names pass through here; the wasm one is kept for the download.
  locateFile: function (path, prefix) {
    if (/\.wasm$/.test(path)) wasmUrl = prefix + path;
    return prefix + path;
  },
  // Downloads the program, still compiling as it streams in, while a copy of the stream counts
  // its bytes for the progress bar (make-dist writes the size into the page). The compiler gets
  // the fetched response itself: V8 keeps the compiled code only for a response that has its
  // URL (from the HTTP cache or the service worker's), so the repeat visit skips compiling.
  instantiateWasm: function (imports, done) {
    var total = Number((document.querySelector('meta[name=aduan-wasm-bytes]') || {}).content) || 0;
    var bar = document.getElementById('progress');
    fetch(wasmUrl, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      if (response.body && total) countDownload(response.clone().body.getReader(), total, bar);
      return response;
    }).then(function (response) {
      if (WebAssembly.instantiateStreaming) return WebAssembly.instantiateStreaming(response, imports);
      return response.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, imports); });
    }).then(function (result) {
      statusLine.textContent = 'Menyiapkan…';
      done(result.instance, result.module);
    }).catch(function (e) {
      Module.onFatal('unduhan gagal: ' + e.message);
    });
    return {};
  }
};
var wasmUrl = '';

function countDownload(reader, total, bar) {
  var received = 0;
  function next() {
    return reader.read().then(function (part) {
      if (part.done) return;
      received += part.value.length;
      bar.value = Math.min(100, 100 * received / total);
      return next();
    });
  }
  next().catch(function () { /* the compile's own error is the one reported */ });
}

// No WebAssembly, or neither WebGL2 nor WebGL1 (Opera Mini, KaiOS, old WebViews): the program
// could not run or draw, so the browser goes to the plain HTML form the server renders
// (/lapor), which reports with no script at all. The message stays in case the move is blocked.
// The probe is the program's own canvas with the attributes the program asks for
// (platform_web.cpp), so the program is handed this context instead of making a second one.
(function () {
  var probe = Module.canvas;
  var attributes = { alpha: false, depth: false, stencil: false, antialias: false,
    powerPreference: 'low-power' };
  var gl = null;
  try {
    gl = probe.getContext('webgl2', attributes) || probe.getContext('webgl', attributes);
  } catch (e) { gl = null; }
  var missing = typeof WebAssembly !== 'object' ? 'WebAssembly' : (!gl ? 'WebGL' : '');
  if (missing) {
    Module.noWebGL = !gl;
    Module.onFatal(missing + ' tidak tersedia');
    location.replace('/lapor');
  }
})();

// A new version installs in the background and waits; it takes over only when the citizen
// says so (a reload in the middle of a report would lose what is being typed). Reports waiting
// to be sent live in IndexedDB, which the new version opens as it is.
Module.aduanUpdate = {
  waiting: null,
  accept: function () {
    if (!this.waiting) return;
    this.waiting.postMessage({ type: 'skip-waiting' });
  }
};
if ('serviceWorker' in navigator) {
  var reloading = false;
  var offer = function (worker) {
    Module.aduanUpdate.waiting = worker;
    document.getElementById('update').hidden = false;
    if (Module.aduanNative) Module.aduanNative.requestFrame();
  };
  // Registered once the app is usable: on a slow first visit the worker's copy of every file
  // would otherwise compete with the page's own downloads; afterwards it reads them from the
  // HTTP cache the page has just filled.
  var registerWorker = function () {
    navigator.serviceWorker.register('sw.js').then(function (registration) {
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener('statechange', function () {
          // A first install has no controller yet: nothing to update from.
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
        });
      });
    }).catch(function (e) { console.warn('service worker', e); });
  };
  // The officers' page (console.html), the kiosk's and the official's ask the worker to keep their
  // program: the worker does not precache them (citizens never need them), and this page may
  // have been loaded before the worker controlled it. aduanProgramKept resolves once the copy
  // is complete.
  var keepProgram = function () {
    var page = /\/(console|kiosk|official)\.html$/.exec(location.pathname);
    if (!page) return;
    window.aduanProgramKept = navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage({ type: 'keep-program', program: page[1] }, [channel.port2]);
      });
    });
  };
  var shown = Module.onInteractive;
  Module.onInteractive = function () {
    shown();
    registerWorker();
    keepProgram();
  };
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    if (!Module.aduanUpdate.waiting || reloading) return;
    reloading = true;
    location.reload();
  });
  document.getElementById('update-accept').addEventListener('click', function () {
    Module.aduanUpdate.accept();
  });
}

// Installing: when the browser offers it (beforeinstallprompt: a manifest with icons, a
// service worker controlling the page), a button asks; the browser's own dialog decides. Shown
// once per offer, hidden after the answer or once installed.
(function () {
  var bar = document.getElementById('install');
  var offer = null;
  window.addEventListener('beforeinstallprompt', function (event) {
    event.preventDefault();
    offer = event;
    bar.hidden = false;
  });
  document.getElementById('install-accept').addEventListener('click', function () {
    bar.hidden = true;
    if (!offer) return;
    var asked = offer;
    offer = null;
    asked.prompt();
  });
  window.addEventListener('appinstalled', function () { bar.hidden = true; offer = null; });
})();
