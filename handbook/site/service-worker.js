/* The handbook's service worker: keeps one release of the site in the browser, so
 * its pages, search and assets keep working when the server or the network is gone.
 *
 * handbook/site/service_worker.py writes sw.js into the root of each built site (each
 * mike version's folder): a line that sets HB (release, build date, build identity,
 * the files to keep and the unit pages' PDFs), then this file. Its scope is that
 * folder, so every version has a cache of its own, named after the scope, the
 * release and the build identity; a new build of the same scope replaces it.
 *
 * The network comes first, so a reachable server always shows what it has now; the
 * copy answers only when the server cannot be reached (or answers 5xx). No request
 * to another host is touched, and the worker itself fetches only its own folder. */
/* global HB */
"use strict";

const ROOT = new URL("./", self.location).href;
const PREFIX = "kontinuitetshandboken " + new URL(ROOT).pathname + " ";
const CACHE = PREFIX + HB.release + " " + HB.identity;
/* How long a slow network is waited for before a kept copy answers instead. */
const NETWORK_WAIT_MS = 4000;

function fresh(path) {
  return new Request(new URL(path, ROOT).href, { cache: "reload" });
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(HB.precache.map(fresh));
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

function escapeAttribute(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/* A page from the copy says so: handbook.js shows the notice when <html> has it. */
async function marked(response) {
  const text = await response.text();
  const html = text.replace(/<html\b/, '<html data-hb-cached="' + HB.built
                           + '" data-hb-release="' + escapeAttribute(HB.release) + '"');
  return new Response(html, { status: response.status, statusText: response.statusText,
                              headers: response.headers });
}

async function fromCopy(request, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (!hit) { return null; }
  const html = (hit.headers.get("Content-Type") || "").startsWith("text/html");
  return request.mode === "navigate" && html ? marked(hit) : hit;
}

function later(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms, null); });
}

async function respond(request, key) {
  const network = fetch(request);
  let first = null;
  try {
    first = await Promise.race([network, later(NETWORK_WAIT_MS)]);
  } catch (unreachable) {
    first = null;
  }
  if (first && first.status < 500) { return first; }
  const copy = await fromCopy(request, key);
  if (copy) { return copy; }
  return first || network;  /* no copy: the server's answer or the browser's own error */
}

/* The PDF of a unit page the reader opened is kept too (once per build). */
async function keepPdf(opened, path) {
  const response = await opened;
  if (!response || !response.ok) { return; }
  const cache = await caches.open(CACHE);
  const request = fresh(path);
  if (await cache.match(request.url)) { return; }
  const pdf = await fetch(request);
  if (pdf.ok) { await cache.put(request.url, pdf); }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin
      || !url.href.startsWith(ROOT) || url.href === self.location.href) {
    return;  /* not this site's: the browser handles it as if there were no worker */
  }
  const key = keyOf(url);
  const answer = respond(request, key);
  event.respondWith(answer);
  const pdf = request.mode === "navigate" ? HB.pdfs[key.slice(ROOT.length)] : undefined;
  if (pdf) {
    event.waitUntil(keepPdf(answer, pdf).catch(() => undefined));
  }
});
