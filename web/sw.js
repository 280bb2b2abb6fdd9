// The service worker: keeps this build's files so the portal starts with no network.
// make-dist stamps VERSION (a hash of the build's files) and FILES. A new build gets a new
// cache; the old one is removed only once the new one is complete, so an update never leaves
// the portal half-cached. A new worker waits until the page's update prompt is accepted
// (message 'skip-waiting'). Reports live in IndexedDB, never in this cache, so no update can
// strand them: the new version opens the same database.
const VERSION = '__ADUAN_VERSION__';
const FILES = ["__ADUAN_FILES__"];
const CACHE = 'aduan-' + VERSION;
// The officer console's copies of evidence (web/evidence.js): never this worker's to fill,
// serve or delete; it is wiped at logout by the page.
const EVIDENCE = 'aduan-evidence';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', ...FILES])));
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((key) => key.startsWith('aduan-') && key !== CACHE && key !== EVIDENCE)
      .map((key) => caches.delete(key)))));
});

// App files: cache first. API calls and the tracking page: always the network.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/t')) return;
  // Only this build's cache: caches.match() would search every cache of the origin.
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(event.request, { ignoreSearch: true }))
    .then((hit) => hit || fetch(event.request)));
});
