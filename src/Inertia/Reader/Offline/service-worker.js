// Inertia service worker (served at /sw.js by OfflineSupport, which writes in VERSION and ASSETS).
// Static assets: cache first, in a cache named after the build, so an update brings a new worker and new caches.
// Reader pages: network first; a copy of each page opened is kept, and shown when the network is gone; a page never
// opened gets the offline page. Nothing else is stored: no POST, nothing of sign-in, no output feed, no public page.
// The page copies belong to whoever was signed in: any request to /signin or /signout clears them.

const VERSION = '__VERSION__';
const ASSETS = '__ASSETS__';
const ASSET_CACHE = `inertia-assets-${VERSION}`;
const PAGE_CACHE = 'inertia-pages';
const OFFLINE_CACHE = 'inertia-offline';
const OFFLINE_URL = '/reader/offline';

const isAsset = (path) => /^\/(css|js|icons|public)\//.test(path) || path === '/manifest.webmanifest';
const isAccount = (path) => path === '/signin' || path === '/signout';
const isReaderPage = (path) => path === '/reader' || (path.startsWith('/reader/') && path !== OFFLINE_URL);

async function refreshOfflinePage() {
  const response = await fetch(OFFLINE_URL, { credentials: 'same-origin', cache: 'no-store' });
  if (response.ok) await (await caches.open(OFFLINE_CACHE)).put(OFFLINE_URL, response);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await (await caches.open(ASSET_CACHE)).addAll(ASSETS);
    await refreshOfflinePage();
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keep = new Set([ASSET_CACHE, PAGE_CACHE, OFFLINE_CACHE]);
    for (const name of await caches.keys()) if (!keep.has(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isAccount(url.pathname)) {
    // Signing in or out, or sent to the sign-in page because the session ended (a navigation cannot see that
    // redirect, it only arrives here next): whoever comes next must not find the pages of the last person.
    event.waitUntil(caches.delete(PAGE_CACHE));
    return;
  }
  if (request.method !== 'GET') return;
  if (isAsset(url.pathname)) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate') event.respondWith(networkFirst(event, url));
});

async function cacheFirst(request) {
  const cache = await caches.open(ASSET_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Offline with a page kept from an older build: its asset URLs carry an older ?v=; the current file serves.
    const fallback = await cache.match(request, { ignoreSearch: true });
    if (fallback) return fallback;
    throw error;
  }
}

async function networkFirst(event, url) {
  const request = event.request;
  try {
    const response = await fetch(request);
    // Only a page itself: a redirect reaches a navigation as an opaque response, not ok, never kept.
    if (isReaderPage(url.pathname) && response.ok && response.type === 'basic'
        && (response.headers.get('Content-Type') ?? '').startsWith('text/html')) {
      const copy = response.clone();
      event.waitUntil(caches.open(PAGE_CACHE).then((cache) => cache.put(request, copy)));
      event.waitUntil(keepOfflinePageInLanguage(response.headers.get('Content-Language')));
    }
    return response;
  } catch (error) {
    const cached = isReaderPage(url.pathname) && await (await caches.open(PAGE_CACHE)).match(request);
    if (cached) return cached;
    const offline = await (await caches.open(OFFLINE_CACHE)).match(OFFLINE_URL);
    if (offline) return offline;
    throw error;
  }
}

// The offline page was fetched in the language of the day it was installed; follow the reader's language since.
async function keepOfflinePageInLanguage(language) {
  if (!language) return;
  const offline = await (await caches.open(OFFLINE_CACHE)).match(OFFLINE_URL);
  if (offline?.headers.get('Content-Language') === language) return;
  try { await refreshOfflinePage(); } catch { /* next time */ }
}
