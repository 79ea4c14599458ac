// vaconsult: the pages work without this script; it only improves them.
// It focuses the error summary, counts characters, copies an access link,
// and autosaves the question form. Autosave keeps a copy of unsaved text
// in this browser until the server confirms it, so that text typed while
// the network is down is never lost.
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

  var key = form.dataset.key;
  form.addEventListener("submit", function () {
    // The form carries everything now; a stale copy must not come back
    // over the person's choices (keeping another's version, say).
    try { localStorage.removeItem(key); } catch (e) { /* storage off */ }
  });
  if (!form.dataset.autosave) return;

  var box = form.querySelector("[data-autosave-box]");
  var status = form.querySelector("[data-autosave-status]");
  var compare = form.querySelector("[data-compare]");
  box.hidden = false;

  function say(text) { status.textContent = text; }
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

  // The local copy: for each question edited and not yet confirmed, its
  // value and the version and hash it started from.
  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function store(copy) {
    try {
      if (Object.keys(copy).length) localStorage.setItem(key, JSON.stringify(copy));
      else localStorage.removeItem(key);
    } catch (e) { /* storage full or off: the server copy is all there is */ }
  }
  var local = load();

  function remember(id) {
    var entry = local[id] || { v: input("q-" + id + "-v").value, h: input("q-" + id + "-h").value };
    var v = value(id);
    entry.choice = v.choice;
    entry.text = v.text;
    local[id] = entry;
    store(local);
  }

  var timer = null, inflight = false, again = false, halted = false, delay = 2000;

  function schedule(ms) {
    if (halted) return;
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  function save() {
    if (halted) return;
    if (inflight) { again = true; return; }
    if (!Object.keys(local).length) return;
    inflight = true;
    var sent = {};
    Object.keys(local).forEach(function (id) { sent[id] = value(id); });
    say(msg.msgSaving);
    fetch(form.dataset.autosave, {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; },
        function () { return { status: res.status, body: null }; });
    }).then(function (r) {
      inflight = false;
      handle(r.status, r.body, sent);
    }, function () {
      inflight = false;
      say(navigator.onLine === false ? msg.msgOffline : msg.msgRetry);
      retry();
    });
  }

  function retry() {
    schedule(delay);
    delay = Math.min(delay * 2, 30000);
  }

  function handle(code, body, sent) {
    if (body && (code === 200 || (code === 409 && body.saved))) {
      delay = 2000;
      body.saved.forEach(function (s) {
        input("q-" + s.id + "-v").value = s.v;
        input("q-" + s.id + "-h").value = s.h;
        if (!local[s.id]) return;
        if (same(value(s.id), sent[s.id])) delete local[s.id];
        else { local[s.id].v = String(s.v); local[s.id].h = s.h; }
      });
      store(local);
      body.answers.forEach(function (a) {
        var last = document.getElementById("q-" + a.id + "-last");
        if (last) last.textContent = a.last;
      });
      if (body.conflicts.length) {
        halted = true;
        say(fill(msg.msgConflict, "n", body.conflicts.join(", ")));
        compare.hidden = false;
        return;
      }
      var time = new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
      say(fill(msg.msgSaved, "time", time));
      if (again || Object.keys(local).some(function (id) { return !same(value(id), sent[id] || {}); })) {
        again = false;
        schedule(500);
      }
      return;
    }
    if (code === 401 || code === 403) {
      halted = true;
      say(msg.msgSession);
      return;
    }
    if (code === 422 || code === 409) {
      // The error's shape is the API's: {"error": {"code", "message", "fields"}}.
      var e = body && body.error;
      var fields = e && e.fields ? Object.keys(e.fields).map(function (k) { return e.fields[k]; }) : [];
      say(e ? [e.message].concat(fields).join(" ") : msg.msgRetry);
      return;
    }
    say(msg.msgRetry);
    retry();
  }

  form.addEventListener("input", function (e) {
    var m = /^q-(\d+)-(text|choice)$/.exec(e.target.name || "");
    if (!m) return;
    remember(m[1]);
    schedule(1500);
  });
  window.addEventListener("online", function () { if (Object.keys(local).length) schedule(0); });

  // Put back text typed earlier that the server never confirmed.
  var restored = false;
  ids.forEach(function (id) {
    var entry = local[id];
    if (!entry) return;
    if (same(value(id), entry)) { delete local[id]; return; }
    setValue(id, entry);
    input("q-" + id + "-v").value = entry.v;
    input("q-" + id + "-h").value = entry.h;
    restored = true;
  });
  store(local);
  if (restored) {
    say(msg.msgRestored);
    schedule(0);
  }
})();
