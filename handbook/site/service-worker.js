/* The handbook's service worker: keeps one release of the site in the browser, so
 * its pages, search and assets keep working when the server or the network is gone.
 *
 * handbook/site/service_worker.py writes sw.js into the root of each built site (each
 * mike version's folder): a line that sets HB (release, build date, build identity,
 * the files to keep, the unit pages' PDFs and where each unit's paper binder is, the
 * network wait, how many days a kept copy may be served, and the words of the page
 * that says a file is not kept), then this file. Its scope is that folder, so every
 * version has a cache of its own, named after the scope, the release and the build
 * identity; a new build of the same scope replaces it.
 *
 * The network comes first, so a reachable server always shows what it has now; the
 * copy answers only when the server cannot be reached, answers 5xx or has not
 * answered within HB.wait ms. The network is asked with `cache: "no-cache"`: the
 * browser's HTTP cache (which the precache fills) may not answer by heuristic
 * freshness for a server that sends Last-Modified and no Cache-Control (the default
 * of nginx, Apache and IIS), since then a page from a stopped server would show with
 * no notice. Once the server failed to answer, the rest of that page's files (its
 * styles, scripts, the search worker's files and index) come from the copy at once,
 * until the server answers again. No request to another host is touched, and the
 * worker itself fetches only its own folder. */
/* global HB */
"use strict";

const ROOT = new URL("./", self.location).href;
const PREFIX = "kontinuitetshandboken " + new URL(ROOT).pathname + " ";
const CACHE = PREFIX + HB.release + " " + HB.identity;
/* How long a slow network is waited for before a kept copy answers instead
 * (handbook/settings.py NETWORK_WAIT_MS). */
const NETWORK_WAIT_MS = HB.wait;
/* How long, after the server last failed, a file with a copy is not asked for. */
const UNREACHABLE_MS = 30000;
/* When each kept file was stored (ms since 1970), for HB.keepDays. */
const KEPT_HEADER = "X-Handbook-Kept";
const DAY_MS = 86400000;

let unreachableSince = 0;  /* when the server last failed to answer; 0: it answers */

function fresh(path) {
  return new Request(new URL(path, ROOT).href, { cache: "reload" });
}

/* A response as the copy keeps it: the same, with the time it was stored. */
function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set(KEPT_HEADER, String(Date.now()));
  return new Response(response.body, { status: response.status,
                                       statusText: response.statusText, headers: headers });
}

async function keep(cache, request) {
  const response = await fetch(request);
  if (!response.ok) { throw new Error(request.url + ": " + response.status); }
  await cache.put(request.url, stamped(response));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(HB.precache.map((path) => keep(cache, fresh(path))));
    await self.skipWaiting();
  })());
});

/* Older builds of this scope go; other scopes (other mike versions) are theirs. */
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

/* The cache key of an address: no query or fragment, and ".../index.html" as ".../". */
function keyOf(url) {
  return url.origin + url.pathname.replace(/\/index\.html$/, "/");
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/* A page from the copy says so: handbook.js shows the notice when <html> has it. */
async function marked(response) {
  const text = await response.text();
  const html = text.replace(/<html\b/, '<html data-hb-cached="' + HB.built
                           + '" data-hb-release="' + escapeHtml(HB.release) + '"');
  return new Response(html, { status: response.status, statusText: response.statusText,
                              headers: response.headers });
}

/* The kinds of file that hold the plan's values (personal ones in an internal
 * build): the ones that expire. Styles, scripts and images do not. */
function personal(response) {
  return /^(text\/html|application\/json|application\/pdf)/.test(
    response.headers.get("Content-Type") || "");
}

/* Whether a kept file is older than HB.keepDays (0: kept files never expire). */
function expired(response) {
  if (!HB.keepDays || !personal(response)) { return false; }
  const kept = Number(response.headers.get(KEPT_HEADER) || 0);
  return Date.now() - kept > HB.keepDays * DAY_MS;
}

async function fromCopy(request, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (!hit) { return null; }
  if (expired(hit)) {
    await cache.delete(key);
    return null;
  }
  const html = (hit.headers.get("Content-Type") || "").startsWith("text/html");
  return request.mode === "navigate" && html ? marked(hit) : hit;
}

/* Once the server answers again, the copy of a page or data file is that answer
 * (so an active reader's copy does not expire), in this build's cache only. */
async function refresh(key, response) {
  /* caches.open would make the cache anew after the site cleared it (a logout's
   * Clear-Site-Data): a copy that is gone stays gone. */
  if (!(await caches.has(CACHE))) { return; }
  const cache = await caches.open(CACHE);
  if (await cache.match(key)) { await cache.put(key, stamped(response)); }
}

function later(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms, null); });
}

/* The page that answers, in Swedish, for a file that is neither reachable nor kept:
 * a binder not opened before, or a page whose copy expired. */
function missingPage(key) {
  const path = key.slice(ROOT.length);
  const words = HB.words;
  const binder = HB.binders[path];
  const pdf = path.endsWith(".pdf");
  const lines = [pdf ? words.pdf : words.page];
  if (binder && binder.places.length) {
    lines.push(words.binder_places.replace("{unit}", binder.unit));
  } else {
    lines.push(words.binder_unknown);
  }
  const places = binder && binder.places.length
    ? "<ul>" + binder.places.map((p) => "<li>" + escapeHtml(p) + "</li>").join("") + "</ul>" : "";
  const html = "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\">"
    + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
    + "<title>" + escapeHtml(words.title) + "</title><style>body{font:1.1rem/1.5 system-ui,"
    + "sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}"
    + "h1{font-size:1.5rem}li{margin:.3rem 0}</style></head><body><h1>"
    + escapeHtml(words.title) + "</h1><p>" + escapeHtml(lines[0]) + "</p><p>"
    + escapeHtml(lines[1]) + "</p>" + places + "<p><a href=\"" + escapeHtml(ROOT) + "\">"
    + escapeHtml(words.start) + "</a></p></body></html>";
  return new Response(html, { status: 503, statusText: "Not kept",
                              headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/* Asked of the server itself: a revalidation (a 304 is fine) rather than the HTTP
 * cache's guess. Navigations and HTML, the search index and data; other files too,
 * since the precache filled the HTTP cache with them. */
function asked(request) {
  return new Request(request, { cache: "no-cache" });
}

async function network(request, key, controller) {
  const response = await fetch(asked(request), { signal: controller.signal });
  if (response.status < 500) {
    unreachableSince = 0;
    const noStore = /no-store/i.test(response.headers.get("Cache-Control") || "");
    if (response.ok && HB.keepDays && personal(response) && !noStore) {
      await refresh(key, response.clone()).catch(() => undefined);
    }
  }
  return response;
}

async function respond(request, key) {
  const navigate = request.mode === "navigate";
  /* The server just failed: a file with a copy does not wait for it again. */
  if (!navigate && unreachableSince && Date.now() - unreachableSince < UNREACHABLE_MS) {
    const copy = await fromCopy(request, key);
    if (copy) { return copy; }
  }
  const controller = new AbortController();
  const answer = network(request, key, controller);
  let first = null;
  try {
    first = await Promise.race([answer, later(NETWORK_WAIT_MS)]);
  } catch (unreachable) {
    first = null;
  }
  if (first && first.status < 500) { return first; }
  unreachableSince = Date.now();
  const copy = await fromCopy(request, key);
  if (copy) {
    controller.abort();  /* frees the connection a hanging server holds */
    return copy;
  }
  try {
    const late = first || await answer;  /* no copy: the server's answer, if any */
    if (late.status < 500 || !navigate) { return late; }
  } catch (failed) {
    if (!navigate) { throw failed; }  /* a script's request fails as without a worker */
  }
  return missingPage(key);
}

/* A PDF the reader opened is kept too (once per build): a unit page's binder when
 * the page is opened, any binder (handbok.pdf too) when it is itself opened. */
async function keepPdf(opened, path) {
  const response = await opened;
  if (!response || !response.ok) { return; }
  const cache = await caches.open(CACHE);
  const request = fresh(path);
  if (await cache.match(request.url)) { return; }
  const pdf = await fetch(request);
  if (pdf.ok) { await cache.put(request.url, stamped(pdf)); }
}

async function keepOpenedPdf(opened, key) {
  const response = await opened;
  if (!response || !response.ok || response.headers.has(KEPT_HEADER)) { return; }
  const cache = await caches.open(CACHE);
  if (await cache.match(key)) { return; }
  /* Revalidated: the bytes just downloaded come from the HTTP cache, not again. */
  const pdf = await fetch(new Request(key, { cache: "no-cache" }));
  if (pdf.ok) { await cache.put(key, stamped(pdf)); }
}

/* A kept file older than HB.keepDays goes, whether or not it is asked for. */
let swept = 0;
async function sweep() {
  if (!HB.keepDays || Date.now() - swept < 3600000) { return; }  /* hourly at most */
  swept = Date.now();
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const hit = await cache.match(request);
    if (hit && expired(hit)) { await cache.delete(request); }
  }
}

/* mike's list of releases, beside the version folders: Material's version menu and
 * the unit page's comparison read it. When the server cannot answer, this release
 * alone, so neither fails (and a site not laid out by mike has no list). */
const VERSIONS = new URL("../versions.json", ROOT).href;

async function versions(request) {
  const controller = new AbortController();
  try {
    const first = await Promise.race([fetch(asked(request), { signal: controller.signal }),
                                      later(NETWORK_WAIT_MS)]);
    if (first && first.ok) { return first; }
  } catch (unreachable) { /* below */ }
  controller.abort();  /* none (not mike's layout), or no answer: this release */
  const only = [{ version: HB.release, title: HB.release, aliases: [] }];
  return new Response(JSON.stringify(HB.release ? only : []),
                      { headers: { "Content-Type": "application/json" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === "GET" && url.href === VERSIONS) {
    event.respondWith(versions(request));
    return;
  }
  if (request.method !== "GET" || url.origin !== self.location.origin
      || !url.href.startsWith(ROOT) || url.href === self.location.href) {
    return;  /* not this site's: the browser handles it as if there were no worker */
  }
  const key = keyOf(url);
  const answer = respond(request, key);
  event.respondWith(answer);
  if (request.mode === "navigate") {
    event.waitUntil(sweep().catch(() => undefined));
  }
  const pdf = request.mode === "navigate" ? HB.pdfs[key.slice(ROOT.length)] : undefined;
  if (pdf) {
    event.waitUntil(keepPdf(answer, pdf).catch(() => undefined));
  } else if (url.pathname.endsWith(".pdf") && !request.headers.has("Range")) {
    event.waitUntil(keepOpenedPdf(answer, key).catch(() => undefined));
  }
});
