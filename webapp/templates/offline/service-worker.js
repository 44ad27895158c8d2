// The service worker (served by webapp/offline/routes.py, which fills in what it keeps).
// It keeps the offline page of every language and the files it loads, so that when a page
// cannot load the person still sees the crisis numbers, in their language. Guides opened at
// /help are kept as they are read, to stay readable offline. The chat itself (its
// transcript) and the staff area are never kept.
const VERSION = {{ version | tojson }};
const PAGES = {{ pages | tojson }};
const ASSETS = {{ assets | tojson }};
const KEPT = `offline-${VERSION}`;
const GUIDES = "guides";
// The language of the last page shown, which chat.js and this worker write.
const SETTINGS = "settings";
const LANGUAGE_KEY = "/offline/language";

self.addEventListener("install", (event) => {
  // The pages are fetched afresh, not from the HTTP cache, so the numbers are today's. The
  // files they load were most often fetched by the page a moment ago: the browser only asks
  // whether they changed ("no-cache"), so they do not travel twice on a phone's data.
  // Without the browser's cookie, which none of them needs: sent, each answer would carry
  // the session cookie back, and one that left before the person chose a language would
  // undo the choice when it arrived after it.
  const fresh = (cache) => (url) => new Request(url, { cache, credentials: "omit" });
  const requests = [
    ...Object.values(PAGES).map(fresh("reload")),
    ...ASSETS.map(fresh("no-cache")),
  ];
  event.waitUntil(
    caches
      .open(KEPT)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  // Earlier versions' pages go: they may hold numbers that have since changed.
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("offline-") && name !== KEPT)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});

async function navigate(request, url) {
  const guide = url.pathname.startsWith("/help/") && !url.pathname.endsWith(".pdf");
  try {
    const response = await fetch(request);
    remember(response.headers.get("Content-Language"));
    if (guide && response.ok) {
      const copy = response.clone();
      caches.open(GUIDES).then((cache) => cache.put(url.pathname, copy));
    }
    return response;
  } catch (error) {
    const kept = guide && (await caches.match(url.pathname, { cacheName: GUIDES }));
    return kept || offlinePage(url);
  }
}

async function offlinePage(url) {
  const language = await languageOf(url);
  const page = await caches.match(PAGES[language] || PAGES.en);
  return page || Response.error();
}

// The language asked for (the picker's ?lang=), else the last page's, else the browser's.
async function languageOf(url) {
  const asked = url.searchParams.get("lang");
  if (asked in PAGES) return asked;
  const settings = await caches.open(SETTINGS);
  const stored = await settings.match(LANGUAGE_KEY);
  const last = stored && (await stored.text());
  if (last in PAGES) return last;
  const browser = (self.navigator.language || "en").slice(0, 2);
  return browser in PAGES ? browser : "en";
}

function remember(language) {
  if (!(language in PAGES)) return;
  caches.open(SETTINGS).then((cache) => cache.put(LANGUAGE_KEY, new Response(language)));
}
