// The page's side of start-up: the Module object the WebAssembly program reads, progress, the
// hand-over from the HTML shell to the canvas, and the service worker. Kept out of index.html so
// the Content-Security-Policy needs no 'unsafe-inline' for scripts. No business rules here.
var statusLine = document.getElementById('status');
document.getElementById('canvas').addEventListener('contextmenu', function (e) { e.preventDefault(); });
var Module = {
  canvas: document.getElementById('canvas'),
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
  },
  printErr: function (text) { console.error(text); }
};
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch(function (e) { console.warn('service worker', e); });
}
