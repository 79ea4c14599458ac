// vaconsult: the pages work without this script; it only improves them.
// It focuses the error summary, counts characters, copies an access link,
// quotes a selected passage of an answer, and autosaves the question form. Autosave keeps a copy of unsaved text
// in this browser until the server confirms it, so that text typed while
// the network is down is never lost, and a service worker keeps the form
// so that it opens again without a connection.
(function () {
  "use strict";

  // A link to a field (from another page's error summary) keeps focus in
  // the field, as the browser gave it; otherwise the summary takes it.
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var summary = document.querySelector("[data-error-summary]");
  if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) target.focus();
  else if (summary) summary.focus();

  function fill(msg, key, value) { return msg.replace("{" + key + "}", value); }

  // Copy the access link shown after registration.
  var copy = document.querySelector("[data-copy]");
  if (copy) {
    var field = document.getElementById(copy.getAttribute("data-copy"));
    var copyStatus = document.querySelector("[data-copy-status]");
    copy.hidden = false;
    copy.addEventListener("click", function () {
      field.select();
      var done = function () { copyStatus.textContent = copy.getAttribute("data-copied"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  }

  // Quote the selected passage of an answer: the form sends where the
  // selection starts and ends in the answer's text, in characters (code
  // points, as the server counts them), with its words, which the server
  // checks against the answer. The last selection made inside an answer is
  // kept, so that reaching the button (by mouse or keyboard) cannot lose it.
  function chars(s) { return Array.from(s).length; }
  var passageForms = document.querySelectorAll("form.quote-passage");
  function passageOf(range, text) {
    if (range.collapsed || !text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    var before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = chars(before.toString()), words = range.toString();
    return { start: start, end: start + chars(words), words: words };
  }
  Array.prototype.forEach.call(passageForms, function (f) {
    var text = f.closest("article").querySelector(".quotable");
    if (!text) return;
    f.hidden = false;
    f.addEventListener("submit", function (ev) {
      if (f.elements.passage.value) return;
      ev.preventDefault();
      var note = f.querySelector(".error");
      if (!note) {
        note = document.createElement("p");
        note.className = "error";
        note.setAttribute("role", "alert");
        f.appendChild(note);
      }
      note.textContent = f.getAttribute("data-select-first");
    });
  });
  if (passageForms.length) {
    document.addEventListener("selectionchange", function () {
      var sel = window.getSelection();
      if (!sel.rangeCount || sel.isCollapsed) return;
      var range = sel.getRangeAt(0);
      Array.prototype.forEach.call(passageForms, function (f) {
        var p = passageOf(range, f.closest("article").querySelector(".quotable") || f);
        f.elements.start.value = p ? p.start : "";
        f.elements.end.value = p ? p.end : "";
        f.elements.passage.value = p ? p.words : "";
      });
    });
  }

  var form = document.getElementById("answers");
  if (!form || !form.dataset.msgLeft) return;
  var msg = form.dataset;

  // Character counts against each answer's limit, in the plural form the
  // page's language wants for the number: the server gives every form.
  var leftForms = JSON.parse(msg.msgLeft), overForms = JSON.parse(msg.msgOver);
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
  function plural(forms, n) {
    return fill(forms[rules ? rules.select(n) : "other"] || forms.other, "n", n);
  }
  function count(area) {
    var out = document.getElementById(area.id.replace(/-text$/, "-count"));
    var left = Number(area.dataset.max) - Array.from(area.value).length;
    out.textContent = left >= 0 ? plural(leftForms, left) : plural(overForms, -left);
    out.classList.toggle("over", left < 0);
  }
  var areas = form.querySelectorAll("textarea[data-max]");
  areas.forEach(function (a) { count(a); a.addEventListener("input", function () { count(a); }); });

  var key = msg.key;
  if (!key) return;

  var status = form.querySelector("[data-autosave-status]");
  function input(name) { return form.elements.namedItem(name); }

  // The questions of the form, by id.
  var ids = [];
  Array.prototype.forEach.call(form.elements, function (el) {
    var m = /^q-(\d+)-h$/.exec(el.name || "");
    if (m) ids.push(m[1]);
  });
  function value(id) {
    var text = input("q-" + id + "-text");
    var choice = form.querySelector("input[name='q-" + id + "-choice']:checked");
    return { choice: choice ? choice.value : "", text: text ? text.value : "" };
  }
  function setValue(id, v) {
    var text = input("q-" + id + "-text");
    if (text) { text.value = v.text; count(text); }
    form.querySelectorAll("input[name='q-" + id + "-choice']").forEach(function (r) { r.checked = r.value === v.choice; });
  }
  function same(a, b) { return a.choice === b.choice && a.text === b.text; }
  function base(id, v, h) { input("q-" + id + "-v").value = v; input("q-" + id + "-h").value = h; }

  // Each question's own save state, beside it. Only changes of state are
  // said aloud, by the one live region.
  function mark(id, text, compare) {
    var el = document.getElementById("q-" + id + "-state");
    if (!el) return;
    el.textContent = text;
    el.hidden = !text;
    el.className = "save-state" + (compare ? " conflict" : "");
    if (compare) {
      var b = document.createElement("button");
      b.type = "submit"; b.name = "action"; b.value = "compare";
      b.className = "button secondary"; b.setAttribute("data-compare", "");
      b.textContent = msg.msgCompare;
      el.appendChild(b);
    }
  }
  var state = "ok";
  function announce(to, text) {
    if (to !== state || to === "conflict") status.textContent = text;
    state = to;
  }

  // The local copy: for each question edited and not yet confirmed, its
  // value and the version and hash it started from. An answer the server
  // confirmed stays, marked saved (s), until a page from the server shows
  // it: the form the service worker kept may be older.
  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function store() {
    try {
      if (Object.keys(local).length) localStorage.setItem(key, JSON.stringify(local));
      else localStorage.removeItem(key);
    } catch (e) { /* storage full or off: the server copy is all there is */ }
  }
  var local = load(), conflicts = {};
  function pending() {
    return Object.keys(local).filter(function (id) { return !local[id].s && ids.indexOf(id) >= 0; });
  }

  function remember(id) {
    var entry = local[id] && !local[id].s ? local[id] : { v: input("q-" + id + "-v").value, h: input("q-" + id + "-h").value };
    var v = value(id);
    entry.choice = v.choice;
    entry.text = v.text;
    local[id] = entry;
    store();
  }

  var timer = null, inflight = Promise.resolve(), busy = false, again = false, halted = false, delay = 2000;

  function schedule(ms) {
    if (halted || !msg.autosave) return;
    clearTimeout(timer);
    timer = setTimeout(autosave, ms);
  }

  function autosave() {
    if (busy) { again = true; return; }
    if (!pending().some(function (id) { return !conflicts[id]; })) return;
    send(false);
  }

  // send posts the form to the autosave address, without the questions in
  // conflict unless all is set, and resolves to the server's answer, or
  // null when it could not be reached or could not answer.
  function send(all) {
    busy = true;
    var body = new URLSearchParams(new FormData(form)), sent = {};
    ids.forEach(function (id) {
      if (!all && conflicts[id]) body.delete("q-" + id + "-h");
      else if (local[id] && !local[id].s) { sent[id] = value(id); mark(id, msg.msgSaving); }
    });
    inflight = fetch(msg.draft, {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: body,
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (b) { return { code: res.status, body: b || {} }; },
        function () { return { code: res.status, body: {} }; });
    }).then(function (r) {
      busy = false;
      return handle(r.code, r.body, sent) ? r : null;
    }, function () {
      busy = false;
      failed(navigator.onLine === false ? msg.msgOffline : msg.msgRetry);
      return null;
    });
    return inflight;
  }

  function failed(text) {
    pending().forEach(function (id) { if (!conflicts[id]) mark(id, msg.msgUnsaved); });
    announce(text === msg.msgOffline ? "offline" : "retry", text);
    schedule(delay);
    delay = Math.min(delay * 2, 15000);
  }

  // The server's refusal, in either shape: {message, problems: [{field,
  // message}]} or {error: {code, message, fields: {field: message}}}.
  // A refusal has the API's shape: {"error": {"code", "message", "fields"}}.
  function message(body) {
    var e = body.error;
    return (e && e.message) || msg.msgRetry;
  }
  function problems(body) {
    var f = body.error && body.error.fields, out = [];
    if (f && typeof f === "object") Object.keys(f).forEach(function (k) { out.push({ field: k, message: f[k] }); });
    return out;
  }

  // handle applies the server's answer and reports whether it came.
  function handle(code, body, sent) {
    if (code >= 500 || code === 0) { failed(msg.msgRetry); return false; }
    if (body.saved && (code === 200 || code === 409)) {
      delay = 2000;
      var was = state;
      body.saved.forEach(function (s) {
        base(s.id, s.v, s.h);
        var entry = local[s.id];
        if (!entry || entry.s) return;
        if (sent[s.id] && same(value(s.id), sent[s.id])) {
          local[s.id] = { v: String(s.v), h: s.h, choice: entry.choice, text: entry.text, s: 1 };
          mark(s.id, fill(msg.msgSaved, "time", body.at || ""));
        } else { entry.v = String(s.v); entry.h = s.h; }
      });
      // On the compare page the person chose another's version: theirs
      // stands, and nothing of theirs is left to keep here.
      ids.forEach(function (id) {
        var r = form.querySelector("input[name='q-" + id + "-resolve']:checked");
        if (r && r.value === "theirs" && code === 200) delete local[id];
      });
      store();
      (body.answers || []).forEach(function (a) {
        var last = document.getElementById("q-" + a.id + "-last");
        if (last) last.textContent = a.last;
      });
      var fresh = (body.conflict_ids || []).filter(function (id) { return !conflicts[id]; });
      fresh.forEach(function (id) { conflicts[id] = true; mark(id, msg.msgHere, true); });
      if (fresh.length) announce("conflict", fill(msg.msgConflict, "n", body.conflicts.join(", ")));
      else if (was === "offline" || was === "retry") announce("ok", msg.msgBack);
      if (again || pending().some(function (id) { return !conflicts[id] && !same(value(id), sent[id] || {}); })) {
        again = false;
        schedule(500);
      }
      return true;
    }
    if (code === 401 || code === 403) {
      halted = true;
      pending().forEach(function (id) { mark(id, msg.msgSession); });
      announce("session", msg.msgSession);
      return true;
    }
    var text = message(body);
    announce("refused", text);
    problems(body).forEach(function (p) {
      var m = /^q-(\d+)-/.exec(p.field || "");
      if (m) mark(m[1], p.message);
    });
    pending().forEach(function (id) {
      var el = document.getElementById("q-" + id + "-state");
      if (el && (el.hidden || el.textContent === msg.msgSaving)) mark(id, text);
    });
    return true;
  }

  form.addEventListener("input", function (e) {
    var m = /^q-(\d+)-(text|choice)$/.exec(e.target.name || "");
    if (!m) return;
    remember(m[1]);
    if (!conflicts[m[1]]) schedule(1500);
  });
  window.addEventListener("online", function () { delay = 2000; schedule(0); });

  // Leaving the page by one of its buttons, or signing out, first saves
  // what is kept here; when the server cannot be reached the person stays,
  // with their text, and is told.
  var through = false;
  function before(f, e) {
    if (through || !pending().length) {
      if (f !== form) { try { localStorage.removeItem(key); } catch (x) { /* off */ } }
      return;
    }
    e.preventDefault();
    var button = e.submitter;
    clearTimeout(timer);
    inflight.then(function () { return send(true); }).then(function (r) {
      if (!r || halted) return;
      through = true;
      if (f.requestSubmit) f.requestSubmit(button && button.form === f ? button : undefined);
      else f.submit();
    });
  }
  form.addEventListener("submit", function (e) { before(form, e); });
  var signout = document.querySelector(".foot form");
  if (signout) signout.addEventListener("submit", function (e) { before(signout, e); });
  window.addEventListener("pageshow", function () { through = false; });

  // Put back what the server has not shown yet: text typed earlier and
  // never confirmed, or saved since the page the service worker kept.
  var restored = false;
  ids.forEach(function (id) {
    var entry = local[id];
    if (!entry) return;
    var v = Number(input("q-" + id + "-v").value);
    // A page the server rendered from what was sent (an error, a
    // conflict) shows the person's text: the copy stays as it is.
    if (!msg.fresh) return;
    if (entry.s) {
      if (v >= Number(entry.v)) { delete local[id]; return; }
      setValue(id, entry);
      base(id, entry.v, entry.h);
      return;
    }
    if (same(value(id), entry)) { delete local[id]; return; }
    setValue(id, entry);
    base(id, entry.v, entry.h);
    mark(id, msg.msgUnsaved);
    restored = true;
  });
  store();
  if (restored) {
    announce("restored", msg.msgRestored);
    schedule(0);
  }

  if (msg.sw && navigator.serviceWorker) {
    navigator.serviceWorker.register(msg.sw, { scope: msg.scope }).then(function () {
      if (!navigator.serviceWorker.controller) {
        navigator.serviceWorker.ready.then(function (reg) { reg.active.postMessage("keep"); });
      }
    }, function () { /* the form works without it */ });
  }
})();
