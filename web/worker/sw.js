// vaconsult's service worker. It keeps the respondent's question form, as
// the server last rendered it to a GET, and the static files it uses, so
// that a person who opened their form once can open it again without a
// connection and keep writing; the form's script saves what they write
// when the connection returns. It keeps nothing else: its scope is the
// respondent's pages, it keeps no other page and no answer of the server
// to a script, and its cache is named after the respondent and deleted on
// sign-out, withdrawal and when another respondent opens their form here.
"use strict";

var PREFIX = "vaconsult-form-";
var FORM = new URL(self.registration.scope).pathname;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });

function ours() {
  return caches.keys().then(function (names) {
    return names.filter(function (n) { return n.indexOf(PREFIX) === 0; });
  });
}

function forget(except) {
  return ours().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== except; }).map(function (n) { return caches.delete(n); }));
  });
}

// keep stores the form and its static files, in the cache of the
// respondent whose form it is; a page that is not an open form is not kept.
function keep(res) {
  return res.clone().text().then(function (html) {
    var m = /data-key="([\w-]+)"/.exec(html);
    if (!m) return;
    var name = PREFIX + m[1], assets = [];
    html.replace(/(?:href|src)="(\/static\/[^"]+)"/g, function (_, u) { assets.push(u); });
    return forget(name).then(function () { return caches.open(name); }).then(function (c) {
      return c.put(FORM, res).then(function () {
        return Promise.all(assets.map(function (u) {
          return c.match(u).then(function (hit) { return hit || c.add(u); });
        }));
      });
    });
  }).catch(function () { /* kept next time */ });
}

function kept(req) {
  return ours().then(function (names) {
    return names.length ? caches.open(names[0]).then(function (c) { return c.match(req, { ignoreSearch: true }); }) : undefined;
  });
}

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate" && url.pathname === FORM) {
    // The network first: the form as it stands; the kept one only when
    // the server cannot be reached or cannot answer.
    e.respondWith(fetch(req).then(function (res) {
      // The form with a notice ("saved") is kept without it.
      if (res.status === 200) e.waitUntil(url.search ? refresh() : keep(res.clone()));
      if (res.status < 500) return res;
      return kept(FORM).then(function (hit) { return hit || res; });
    }, function () {
      return kept(FORM).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    // Static files carry a hash of their content in their name.
    e.respondWith(kept(req).then(function (hit) { return hit || fetch(req); }));
  }
});

function refresh() {
  return fetch(FORM, { credentials: "same-origin" }).then(function (res) {
    if (res.status === 200) return keep(res);
  }).catch(function () { /* kept next time */ });
}

self.addEventListener("message", function (e) {
  if (e.data === "keep") {
    // The first visit, before this worker served the page: fetch it again.
    e.waitUntil(refresh());
  } else if (e.data === "forget") {
    e.waitUntil(forget(""));
  }
});
