/* Sổ tay báo cáo viên — Phụ lục 2 filled in on the phone, one unit per return.
   What is typed stays in localStorage (so it survives a reload, offline too) and is checked as
   it is typed: counts are whole numbers ≥ 0, "được học tập" ≤ "được triệu tập" ≤ "tổng số"
   (each column's limit is written on it by the page), percentages are computed, never typed.
   "Tải tệp" makes the CSV that `sotay bao-cao` reads (BOM, the form's two header rows, one
   row). Nothing is sent anywhere: the file leaves the phone only when its owner sends it. */
(function () {
  "use strict";
  var section = document.querySelector("[data-sotay-form]");
  if (!section) return;
  var KEY = "sotay:phu-luc-2:" + location.pathname;
  var FORMULA = /^[=+\-@\t\r]/;
  var THOUSANDS = /^\d{1,3}(\.\d{3})+$/;
  var fields = Array.prototype.map.call(
    section.querySelectorAll(".dht-fill-field"),
    function (node) {
      return {
        node: node,
        kind: node.dataset.kind,
        group: node.dataset.group,
        title: node.dataset.title,
        part: Number(node.dataset.part),
        of: Number(node.dataset.of),
        atMost: Number(node.dataset.atMost),
        input: node.querySelector("input, output"),
        error: node.querySelector(".dht-fill-error")
      };
    }
  );
  var status = section.querySelector(".dht-fill-status");
  var exportLink = section.querySelector('[data-fill="export"]');
  var blobUrl = null;
  var attempted = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function store(values) {
    try { localStorage.setItem(KEY, JSON.stringify(values)); } catch (e) { /* full: keep typing */ }
  }

  /* "1.040" → 1040; "" → null; anything else that is not a whole number → NaN. */
  function whole(text) {
    var t = text.trim();
    if (t === "") return null;
    if (THOUSANDS.test(t)) t = t.replace(/\./g, "");
    return /^-?\d+$/.test(t) ? Number(t) : NaN;
  }
  function share(part, of) {
    if (part === null || !of || isNaN(part) || isNaN(of)) return null;
    return Math.round((part * 1000) / of) / 10;
  }
  function vnNumber(n) {
    var parts = n.toFixed(1).split(".");
    var grouped = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts[1] === "0" ? grouped : grouped + "," + parts[1];
  }

  /* Every field's value and problem; percentages filled in. */
  function check() {
    var counts = fields.map(function (f) {
      return f.kind === "count" ? whole(f.input.value) : null;
    });
    var problems = 0;
    fields.forEach(function (f, i) {
      var text = "";
      if (f.kind === "count") {
        var n = counts[i];
        if (isNaN(n)) text = "Ghi số nguyên, ví dụ 25.";
        else if (n !== null && n < 0) text = "Không được là số âm.";
        else if (n !== null && f.atMost >= 0 && counts[f.atMost] !== null &&
                 !isNaN(counts[f.atMost]) && n > counts[f.atMost]) {
          text = "Nhiều hơn “" + fields[f.atMost].title + "” (" + counts[f.atMost] + ").";
        }
      } else if (f.kind === "percent") {
        var p = share(counts[f.part], counts[f.of]);
        f.value = p === null ? "" : vnNumber(p);
        f.input.textContent = p === null ? "—" : f.value + "%";
      } else if (f.kind === "unit" && !f.input.value.trim()) {
        problems += 1;  /* shown once the user tries to export, not while the form is new */
        if (attempted) text = "Ghi tên đơn vị (chi bộ, cơ quan).";
      }
      if (f.error) {
        f.error.textContent = text;
        f.input.setAttribute("aria-invalid", text ? "true" : "false");
      }
      if (text && f.kind !== "unit") problems += 1;
    });
    return problems;
  }

  function cell(value) {
    var v = FORMULA.test(value) ? "'" + value : value;
    return /[",\r\n;]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function csv() {
    var top = [], sub = [], row = [];
    fields.forEach(function (f, i) {
      var first = !f.group || i === 0 || fields[i - 1].group !== f.group;
      top.push(f.group ? (first ? f.group : "") : f.title);
      sub.push(f.group ? f.title : "");
      if (f.kind === "order") row.push("1");
      else if (f.kind === "percent") row.push(f.value || "");
      else {
        var t = f.input.value.trim();
        var n = f.kind === "count" ? whole(t) : null;
        row.push(n !== null && !isNaN(n) ? String(n) : t);
      }
    });
    var lines = [[section.dataset.title], top, sub, row].map(function (r) {
      return r.map(cell).join(",");
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  function fileName() {
    var unit = fields.filter(function (f) { return f.kind === "unit"; })[0];
    var slug = (unit ? unit.input.value : "")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return section.dataset.export + (slug || "don-vi") + ".csv";
  }

  function refresh() {
    var problems = check();
    var values = {};
    fields.forEach(function (f, i) {
      if (f.kind !== "percent" && f.kind !== "order" && f.input.value) values[i] = f.input.value;
    });
    store(values);
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = null;
    if (problems) {
      exportLink.removeAttribute("download");
      exportLink.href = "#" + section.querySelector("h2").id;
    } else {
      blobUrl = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
      exportLink.href = blobUrl;
      exportLink.download = fileName();
    }
    return problems;
  }

  var saved = load();
  fields.forEach(function (f, i) {
    if (f.input && f.input.tagName === "INPUT" && saved[i] !== undefined) f.input.value = saved[i];
  });
  section.hidden = false;
  section.addEventListener("input", refresh);
  section.addEventListener("click", function (event) {
    var action = event.target.closest("[data-fill]");
    if (!action) return;
    if (action.dataset.fill === "clear") {
      if (!window.confirm("Xóa mọi số liệu đã điền trên máy này?")) return;
      fields.forEach(function (f) { if (f.input.tagName === "INPUT") f.input.value = ""; });
      attempted = false;
      refresh();
      status.textContent = "Đã xóa. Có thể điền cho đơn vị khác.";
    } else if (action.dataset.fill === "export") {
      attempted = true;
      var problems = refresh();
      if (problems) {
        event.preventDefault();
        status.textContent = "Chưa tải được: còn " + problems + " ô cần sửa (báo đỏ ở trên).";
      } else {
        status.textContent = "Đã tạo tệp " + exportLink.download + ": gửi tệp này cho nơi nhận báo cáo.";
      }
    }
  });
  refresh();
  status.textContent = "";
})();
