// `sotay serve` only (injected into every served page by serve.PreviewServer, in place of
// MkDocs' live-reload script): after each rebuild the server's long poll answers with the site
// files the rebuild wrote or removed. When only this page's HTML changed, and the change lies
// where no script of the page has been at work, the changed nodes are swapped in place (the
// scroll stays, nothing is loaded again); anything else is a full reload, as MkDocs does.
(function (epoch, requestId, refreshed) {
  "use strict";
  var here = location.href.split("#")[0];
  var loaded = null; // the HTML this page was made from, as the server sent it
  var base = null; // the same, parsed (once idle after load, then the last patch's)
  var MARK = "data-sotay-reload";
  /* Never edited: what loads or runs something, a control (its state is the reader's). */
  var NEVER_EDITED = "script,style,link,base,meta[http-equiv],iframe,object,embed,noscript," +
    "input,button,select,textarea,option";
  /* Never put in or taken out besides: what a script finds at load and works on or holds on
     to (a form, a Material component, a heading the contents follow, what Material's content
     component wraps or decorates, what our theme's scripts look for at load: a script of
     theme/assets/ that does so adds its selector here). */
  var NEVER_MOVED = NEVER_EDITED + ",form,details,[data-md-component]," +
    "h1[id],h2[id],h3[id],h4[id],h5[id],h6[id],table,pre,.tabbed-set,.mermaid," +
    "[data-deadline],[data-sotay-save],a[data-card-png],.dht-list,.dht-fill-field";
  /* The only Material component whose nodes may be put in or taken out (what it works on is
     kept out by NEVER_MOVED); the others hold on to theirs. */
  var OPEN_COMPONENT = "content";

  function sitePath(url) {
    var path = decodeURI(new URL(url, here).pathname).slice(1);
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }
  function epochOf(html) {
    var found = new RegExp(MARK + '="(\\d+)"').exec(html);
    return found ? Number(found[1]) : -1;
  }
  function parsed(html) {
    return new DOMParser().parseFromString(html, "text/html");
  }
  function reload() {
    performance.mark("sotay-reload-full");
    location.reload();
  }
  function fetchPage() {
    return fetch(here, { cache: "no-store" }).then(function (r) {
      return r.ok ? r.text() : null;
    });
  }

  /* The edits that turn `old` (the page as sent) into `now` on the live node `live`, pushed on
     `edits`; false when they cannot be made there (a script changed that part, or the change
     would need a script to run again). */
  function plan(old, now, live, edits, structural) {
    if (old.isEqualNode(now)) return true;
    if (!live || live.nodeName !== old.nodeName) return false;
    if (old.nodeType !== now.nodeType || old.nodeName !== now.nodeName) return false;
    if (old.nodeType === Node.TEXT_NODE || old.nodeType === Node.COMMENT_NODE) {
      if (live.data !== old.data) return false;
      edits.push(retitled(live, function () { live.data = now.data; }));
      return true;
    }
    if (old.nodeType !== Node.ELEMENT_NODE || old.matches(NEVER_EDITED)) return false;
    if (!attributes(old, now, live, edits)) return false;
    var component = old.getAttribute("data-md-component");
    var held = component === null ? structural : component !== OPEN_COMPONENT;
    return children(old, now, live, edits, held);
  }

  /* `edit` of a text node, and the tooltip Material's bundle gave the line it shortens with
     "…" (`.md-ellipsis`: its own text, as it read it) made the new text. */
  function retitled(text, edit) {
    var line = text.parentElement && text.parentElement.closest(".md-ellipsis");
    if (!line) return edit;
    var tipped = line.closest("a") || line;
    return function () {
      var given = tipped.getAttribute("title") === line.innerText;
      edit();
      if (given) tipped.setAttribute("title", line.innerText);
    };
  }

  function attributes(old, now, live, edits) {
    var names = {};
    [old, now].forEach(function (el) {
      for (var i = 0; i < el.attributes.length; i++) names[el.attributes[i].name] = true;
    });
    for (var name in names) {
      var was = old.getAttribute(name), is = now.getAttribute(name);
      if (was === is) continue;
      if (name === "id" || live.getAttribute(name) !== was) return false;
      edits.push(is === null
        ? function (n) { return function () { live.removeAttribute(n); }; }(name)
        : function (n, v) { return function () { live.setAttribute(n, v); }; }(name, is));
    }
    return true;
  }

  /* Same children but some changed: each pair planned in turn; else the run between the
     common head and tail is replaced, if what goes and what comes are plain content. */
  function children(old, now, live, edits, structural) {
    var a = old.childNodes, b = now.childNodes, l = live.childNodes;
    if (l.length < a.length) return false;
    for (var i = 0; i < a.length; i++) if (l[i].nodeName !== a[i].nodeName) return false;
    if (a.length === b.length) {
      for (var j = 0; j < a.length; j++) {
        if (!plan(a[j], b[j], l[j], edits, structural)) return false;
      }
      return true;
    }
    if (structural) return false; // inside a component of Material's but "content"
    var head = 0, tail = 0;
    while (head < a.length && head < b.length && a[head].isEqualNode(b[head])) head++;
    while (tail < a.length - head && tail < b.length - head &&
      a[a.length - 1 - tail].isEqualNode(b[b.length - 1 - tail])) tail++;
    var gone = [], coming = [];
    for (var k = head; k < a.length - tail; k++) {
      if (!l[k].isEqualNode(a[k]) || !plain(a[k])) return false;
      gone.push(l[k]);
    }
    for (var m = head; m < b.length - tail; m++) {
      if (!plain(b[m])) return false;
      coming.push(b[m]);
    }
    var before = l[a.length - tail] || null;
    if (tail > 0 && !before) return false;
    edits.push(function () {
      gone.forEach(function (n) { n.remove(); });
      coming.forEach(function (n) { live.insertBefore(document.importNode(n, true), before); });
    });
    return true;
  }

  /* Content no script has to see (`NEVER_MOVED`). */
  function plain(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return true;
    return !node.matches(NEVER_MOVED) && !node.querySelector(NEVER_MOVED);
  }

  function patch(html) {
    var old = base || parsed(loaded), now = parsed(html), edits = [];
    var was = old.querySelector("script[" + MARK + "]"), is = now.querySelector("script[" + MARK + "]");
    if (!was || !is) return false;
    is.replaceWith(now.importNode(was, true)); // this script runs on: its epoch is kept apart
    if (!plan(old.documentElement, now.documentElement, document.documentElement, edits)) {
      return false;
    }
    edits.forEach(function (edit) { edit(); });
    base = now;
    return true;
  }

  /* What a full reload would fetch again, of the files the rebuild changed: besides this
     page, a file the page has loaded (an image, a script; a lazy image not shown yet is
     fetched when it is) needs the reload; the files in
     `refreshed` are read again by their own scripts on the "sotay-site-changed" event. */
  function needsReload(changed) {
    var used = {}, mine = sitePath(here);
    performance.getEntriesByType("resource").forEach(function (e) { used[sitePath(e.name)] = true; });
    Array.prototype.forEach.call(document.images, function (img) {
      if (img.complete && img.currentSrc) used[sitePath(img.currentSrc)] = true;
    });
    return changed.some(function (path) {
      return path !== mine && used[path] && !refreshed.some(function (r) { return path.indexOf(r) === 0; });
    });
  }

  function changedTo(next, changed) {
    if (changed === null || loaded === null || needsReload(changed)) return reload();
    var told = function () {
      epoch = next;
      window.dispatchEvent(new CustomEvent("sotay-site-changed", { detail: { changed: changed } }));
      poll();
    };
    if (changed.indexOf(sitePath(here)) < 0) return told();
    fetchPage().then(function (html) {
      if (html !== null && epochOf(html) !== next && retries < RETRIES) {
        retries += 1; // a rebuild since the answer: ask again what changed since this page's
        return poll();
      }
      retries = 0;
      if (html === null || epochOf(html) !== next || !patch(html)) return reload();
      loaded = html;
      performance.mark("sotay-reload-patched");
      told();
    }, reload);
  }

  var req, timeout, retries = 0;
  var RETRIES = 3;
  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      var answer = null;
      try { answer = this.status === 200 ? JSON.parse(this.responseText) : null; } catch (e) { answer = null; }
      if (answer && answer.epoch > epoch) {
        performance.mark("sotay-reload-answer");
        changedTo(answer.epoch, answer.changed);
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }
  function stop() {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  }

  window.addEventListener("load", function () {
    fetchPage().then(function (html) {
      if (html === null || epochOf(html) !== epoch) return;
      loaded = html;
      var parse = function () { if (base === null && loaded === html) base = parsed(html); };
      if (window.requestIdleCallback) window.requestIdleCallback(parse);
    }, function () {});
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
    else stop();
  });
  window.addEventListener("beforeunload", stop);
})({{ epoch }}, {{ request_id }}, {{ refreshed|tojson }});
