/* Buttons of the directive page: print, copy link. No network, no framework. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-action]");
  if (!button) return;
  if (button.dataset.action === "print") {
    window.print();
  } else if (button.dataset.action === "copy-link") {
    var url = window.location.href.split("#")[0];
    var done = function () { button.textContent = "Đã sao chép liên kết"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt("Sao chép liên kết:", url); });
    } else {
      window.prompt("Sao chép liên kết:", url);
    }
  }
});

/* Deadlines: "còn N ngày" or "đã hết hạn", computed from the reader's clock, not the build's. */
(function () {
  var today = new Date();
  var midnight = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  function daysLeft(iso) {
    var p = iso.split("-");
    return Math.round((Date.UTC(+p[0], +p[1] - 1, +p[2]) - midnight) / 86400000);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-deadline]"), function (el) {
    var left = daysLeft(el.getAttribute("data-deadline"));
    if (el.classList.contains("dht-left")) {
      el.textContent = left > 0 ? "(còn " + left + " ngày)" : left === 0 ? "(hôm nay là hạn cuối)" : "(đã hết hạn)";
      el.classList.add(left < 0 ? "dht-left--over" : left <= 7 ? "dht-left--soon" : "dht-left--ok");
    } else if (el.classList.contains("dht-card") && left < 0) {
      el.classList.add("dht-card--over");
      el.parentNode.appendChild(el); /* expired campaigns go last; the nearest deadline leads */
    }
  });
})();

/* All-documents page: filter by level, type and year without reloading. */
(function () {
  var form = document.querySelector("[data-vb-filter]");
  if (!form) return;
  var count = form.querySelector("[data-vb-count]");
  function apply() {
    var level = form.elements.level.value, type = form.elements.type.value, year = form.elements.year.value;
    var chain = form.elements.chain ? form.elements.chain.value : "";
    var shown = 0;
    Array.prototype.forEach.call(document.querySelectorAll("[data-vb-group]"), function (group) {
      var visible = 0;
      Array.prototype.forEach.call(group.querySelectorAll("li[data-level]"), function (li) {
        var ok = (!level || li.dataset.level === level) && (!type || li.dataset.type === type) && (!year || li.dataset.year === year) &&
          (!chain || (" " + li.dataset.chain + " ").indexOf(" " + chain + " ") >= 0);
        li.hidden = !ok;
        visible += ok ? 1 : 0;
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    count.textContent = shown + " văn bản";
  }
  var wanted = /[?&]chuoi=([^&#]+)/.exec(location.search);
  if (wanted && form.elements.chain) {
    form.elements.chain.value = decodeURIComponent(wanted[1]);
    apply();
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();

/* Offline after one visit: register the service worker at the site's root (any sub-path). */
(function () {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var script = document.querySelector('script[src*="assets/sotay.js"]');
  if (!script) return;
  var root = script.src.replace(/assets\/sotay\.js.*$/, "");
  navigator.serviceWorker.register(root + "sw.js", { scope: root }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var keep = [location.href.split("#")[0]].concat(performance.getEntriesByType("resource")
      .map(function (entry) { return entry.name; })
      .filter(function (url) { return url.indexOf(location.origin) === 0; }));
    if (registration.active) registration.active.postMessage({ keep: keep });
  }).catch(function () { /* no offline copy; the site still works online */ });
})();
