// The service worker: keeps this build's files so the portal starts with no network.
// make-dist stamps VERSION (a hash of the build's files), FILES (the citizen's program and
// everything its page needs: precached) and LATER, the other programs by page: the officers'
// (console.html, aduan-console.*), the kiosk's (kiosk.html, aduan-kiosk.*) and the village
// official's (official.html, aduan-official.*), each with every program's texts
// (assets/i18n/<lang>.txt; the citizen's are <lang>.citizen.txt, in FILES). Those are never
// precached, so a citizen's phone never downloads them; each is kept once this device has used
// it, and then kept by every later version too.
// A new build gets a new cache; the old one is removed only once the new one is complete, so an
// update never leaves the portal half-cached. A new worker waits until the page's update prompt
// is accepted (message 'skip-waiting'). Reports live in IndexedDB, never in this cache, so no
// update can strand them: the new version opens the same database.
const VERSION = '__ADUAN_VERSION__';
const FILES = ["__ADUAN_FILES__"];
const LATER = {
  console: ["__ADUAN_CONSOLE__"], kiosk: ["__ADUAN_KIOSK__"], official: ["__ADUAN_OFFICIAL__"],
};
const CACHE = 'aduan-' + VERSION;
// The officer console's copies of evidence (web/evidence.js): never this worker's to fill,
// serve or delete; it is wiped at logout by the page.
const EVIDENCE = 'aduan-evidence';

// True when an earlier version of this worker kept PROGRAM's page: this device uses it.
function usedBefore(program) {
  return caches.keys().then((keys) => Promise.all(
    keys.filter((key) => key.startsWith('aduan-') && key !== CACHE && key !== EVIDENCE)
      .map((key) => caches.open(key).then((cache) => cache.match(program + '.html', { ignoreSearch: true })))))
    .then((hits) => hits.some(Boolean));
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', ...FILES])
    .then(() => Promise.all(Object.keys(LATER).map((program) => usedBefore(program)
      .then((used) => (used ? cache.addAll(LATER[program]) : undefined)))))));
});

// 'keep-program': the page of another program (console, kiosk, official) asks for it to be kept (it
// may have been loaded before this worker controlled it, so its files did not pass through the
// fetch below). The answer on the message's port says when the copy is complete.
self.addEventListener('message', (event) => {
  if (!event.data) return;
  if (event.data.type === 'skip-waiting') self.skipWaiting();
  const program = event.data.program;
  if (event.data.type === 'keep-program' && Object.prototype.hasOwnProperty.call(LATER, program)) {
    const reply = event.ports && event.ports[0];
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(LATER[program]))
      .then(() => reply && reply.postMessage({ kept: true }),
        (error) => reply && reply.postMessage({ kept: false, error: String(error) })));
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((key) => key.startsWith('aduan-') && key !== CACHE && key !== EVIDENCE)
      .map((key) => caches.delete(key)))));
});

// App files: cache first; the other programs' files are kept as they pass. API calls
// and the tracking page: always the network.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The server's own pages (tracking, the plain form) are never the worker's to answer.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/t') || url.pathname === '/lapor') return;
  // The lists name files by their path under the worker's folder (assets/i18n/id.txt).
  const name = url.pathname.slice(new URL(self.registration.scope).pathname.length);
  // Only this build's cache: caches.match() would search every cache of the origin.
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(event.request, { ignoreSearch: true })
    .then((hit) => hit || fetch(event.request).then((response) => {
      if (response.ok && Object.values(LATER).some((files) => files.includes(name)))
        cache.put(event.request, response.clone());
      return response;
    }))));
});
