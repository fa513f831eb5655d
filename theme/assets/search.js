/* Sổ tay báo cáo viên — offline Vietnamese search over the index built by builder/search.py.
   Folding mirrors builder/search.py: NFD, drop marks, đ→d, lowercase, final y→i after a consonant. */
(function () {
  "use strict";
  var form = document.querySelector("[data-sotay-search]");
  if (!form) return;
  var base = form.getAttribute("data-base");
  var input = form.querySelector("input[name=q]");
  var list = document.querySelector("[data-sotay-results]");
  var status = document.querySelector("[data-sotay-status]");
  var filters = Array.prototype.slice.call(document.querySelectorAll("[data-sotay-filter]"));
  var toggle = document.getElementById("__search");
  var WEIGHTS = { 0: 30, 1: 6, 2: 4, 3: 2, 4: 5 };
  var cache = {};
  var docs = null;
  var latest = 0;

  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return cache[path];
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐðÐ]/g, "d").toLowerCase();
  }
  function foldToken(token) { return token.replace(/^(qu|[bcdghklmnpqrstvx]{1,2})y$/, "$1i"); }
  function tokens(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean).map(foldToken);
  }
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++; else if (b.length > a.length) j++; else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }
  function expand(token, shard, isLast) {
    var found = [];
    if (shard[token]) found.push([token, 1]);
    Object.keys(shard).sort().forEach(function (t) {
      if (t === token) return;
      if (isLast && token.length >= 2 && t.indexOf(token) === 0) found.push([t, 0.7]);
      else if (!shard[token] && token.length >= 3 && !/^\d+$/.test(token) && oneEdit(t, token)) found.push([t, 0.5]);
    });
    return found;
  }

  function titleNorm(doc) {
    /* A short title that matches says more than a long one that mentions the words. */
    if (doc.tn === undefined) doc.tn = Math.sqrt(15 / Math.max(15, tokens(doc.t).length));
    return doc.tn;
  }

  var LEVEL_PRIOR = { "trung-uong": 1.1, "tinh": 1.05 };

  /* A full text repeats its summary's words at length: the summary comes first. */
  var FULLTEXT_WEIGHT = 0.5;

  function score(query, shards) {
    var qtokens = tokens(query);
    var perDoc = {};
    qtokens.forEach(function (token, index) {
      var shard = shards[token.slice(0, 2)] || {};
      expand(token, shard, index === qtokens.length - 1).forEach(function (pair) {
        var postings = shard[pair[0]];
        for (var k = 0; k < postings.length; k += 3) {
          var doc = postings[k], code = postings[k + 1], tf = postings[k + 2];
          var weight = (code >= 10 ? 1 : WEIGHTS[code]) * pair[1] * (1 + Math.log(tf));
          if (code === 1) weight *= titleNorm(docs[doc]);
          var entry = perDoc[doc] || (perDoc[doc] = { tokens: {}, sections: {}, fields: {}, words: {} });
          var best = entry.tokens[index] || 0;
          if (weight > best) entry.tokens[index] = weight;
          entry.words[pair[0]] = index + 1;
          if (code >= 10) entry.sections[code - 10] = (entry.sections[code - 10] || 0) + weight;
          else if (pair[1] === 1) (entry.fields[index] = entry.fields[index] || {})[code] = true;
        }
      });
    });
    var results = [];
    Object.keys(perDoc).forEach(function (key) {
      var entry = perDoc[key], total = 0;
      for (var i = 0; i < qtokens.length; i++) {
        if (!entry.tokens[i]) return;
        total += entry.tokens[i];
      }
      var byNumber = qtokens.every(function (t, i) {
        var f = entry.fields[i] || {};
        return f[0] || f[2];
      }) && qtokens.some(function (t, i) { return /^\d+$/.test(t) && (entry.fields[i] || {})[0]; });
      if (byNumber) total += 100;
      var doc = docs[+key];
      if (qtokens.length > 1 && fold(doc.t).indexOf(fold(query).trim()) >= 0) total += 10;
      if (doc.f) total *= FULLTEXT_WEIGHT;
      /* Lower levels repeat the words of what they carry out: the original comes first. */
      total *= LEVEL_PRIOR[doc.lv] || 1;
      results.push({ id: +key, doc: doc, score: total, entry: entry });
    });
    results.sort(byScore);
    return { results: results, tokens: qtokens };
  }

  function passes(doc) {
    return filters.every(function (select) {
      var value = select.value;
      return !value || String(doc[select.getAttribute("data-sotay-filter")]) === value;
    });
  }
  function escapeHTML(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function highlight(text, words) {
    return text.split(/(\s+)/).map(function (word) {
      var folded = tokens(word);
      var hit = folded.length && folded.some(function (t) { return words[t]; });
      return hit ? "<mark>" + escapeHTML(word) + "</mark>" : escapeHTML(word);
    }).join("");
  }
  function bestSection(entry) {
    var best = -1, top = 0;
    Object.keys(entry.sections).forEach(function (k) {
      if (entry.sections[k] > top) { top = entry.sections[k]; best = +k; }
    });
    return best;
  }
  function snippet(text, words, phrase) {
    /* The sentence with the phrase, else the one matching the most distinct query words. */
    var sentences = text.split(/(?<=[.;!?])\s+/);
    var best = sentences[0] || "", top = -1;
    sentences.forEach(function (s) {
      var folded = tokens(s), seen = {};
      folded.forEach(function (t) { if (words[t]) seen[words[t]] = true; });
      var hits = Object.keys(seen).length + ((" " + folded.join(" ") + " ").indexOf(phrase) >= 0 ? 100 : 0);
      if (hits > top) { top = hits; best = s; }
    });
    return best.length > 220 ? best.slice(0, 220).replace(/\s+\S*$/, "") + " …" : best;
  }

  function byScore(a, b) {
    return (b.phrase || 0) - (a.phrase || 0) || b.score - a.score || b.doc.y - a.doc.y || (b.doc.d > a.doc.d ? 1 : b.doc.d < a.doc.d ? -1 : 0) || a.id - b.id;
  }

  /* Postings carry no positions: the words of a phrase ("bình dân học vụ số") are checked
     against the texts of the leading results, which the snippets need anyway. */
  function rankPhrases(found, texts) {
    if (found.tokens.length < 2) return;
    var phrase = " " + found.tokens.join(" ") + " ";
    /* Words without a number ("trần cẩm tú"): the exact phrase outranks scattered words. */
    var wordsOnly = found.tokens.every(function (t) { return !/\d/.test(t); });
    found.results.forEach(function (r) {
      var sections = texts[r.id];
      if (!sections) return;
      for (var i = 0; i < sections.length; i++) {
        if ((" " + tokens(sections[i][2]).join(" ") + " ").indexOf(phrase) >= 0) {
          r.score += 15; r.phraseSection = i; r.phrase = wordsOnly ? 1 : 0; return;
        }
      }
    });
    found.results.sort(byScore);
    preferOriginals(found.results);
  }

  /* A document that carries out another often copies its words: when both hold the exact
     phrase, the original comes first. */
  function preferOriginals(results) {
    var at = {};
    results.forEach(function (r, i) { at[r.id] = i; });
    results.forEach(function (r) {
      (r.doc.p || []).forEach(function (parent) {
        var p = results[at[parent]];
        if (p && p.phraseSection !== undefined && r.phraseSection !== undefined && p.score <= r.score) {
          p.score = r.score + 0.001;
        }
      });
    });
    results.sort(byScore);
  }

  function render(found, query, texts) {
    var shown = found.results.filter(function (r) { return passes(r.doc); }).slice(0, 20);
    list.setAttribute("data-query", query);
    status.textContent = shown.length ? "Tìm thấy " + shown.length + " văn bản" : "Không tìm thấy văn bản nào cho “" + query + "”";
    list.innerHTML = shown.map(function (r) {
      var section = r.phraseSection !== undefined ? r.phraseSection : bestSection(r.entry);
      var anchor = section >= 0 && r.doc.s[section] && r.doc.s[section][0] ? "#" + r.doc.s[section][0] : "";
      var part = texts[r.id] && texts[r.id][section >= 0 ? section : 0];
      var text = part ? highlight(snippet(part[2], r.entry.words, " " + found.tokens.join(" ") + " "), r.entry.words) : "";
      return '<li class="sotay-result">' +
        '<a href="' + base + r.doc.u + anchor + '"><span class="sotay-result__number">' + escapeHTML(r.doc.n) +
        '</span> <span class="sotay-result__title">' + highlight(r.doc.t, r.entry.words) + "</span></a>" +
        '<p class="sotay-result__meta">' + escapeHTML(r.doc.tl + " · " + r.doc.l + (r.doc.d ? " · " + r.doc.d : "")) + "</p>" +
        '<p class="sotay-result__snippet">' + text + "</p></li>";
    }).join("");
  }

  function withTexts(found) {
    var leading = found.results.filter(function (r) { return passes(r.doc); }).slice(0, 20);
    return Promise.all(leading.map(function (r) { return fetchJSON("search/text/" + r.id + ".json"); }))
      .then(function (loaded) {
        var texts = {};
        leading.forEach(function (r, i) { texts[r.id] = loaded[i]; });
        return texts;
      });
  }

  function search() {
    var query = input.value;
    var ticket = ++latest;
    var qtokens = tokens(query);
    if (!qtokens.length) { list.innerHTML = ""; status.textContent = "Gõ số hiệu (57-CT/TW, ct 57) hoặc nội dung, có dấu hay không dấu đều được"; return; }
    var keys = qtokens.map(function (t) { return t.slice(0, 2); }).filter(function (k, i, all) { return all.indexOf(k) === i; });
    fetchJSON("search/docs.json").then(function (index) {
      var present = keys.filter(function (k) { return index.shards.indexOf(k) >= 0; });
      return Promise.all([index].concat(present.map(function (k) { return fetchJSON("search/shards/" + k + ".json"); })))
        .then(function (loaded) { keys = present; return loaded; });
    }).then(function (loaded) {
        if (ticket !== latest) return;
        docs = loaded[0].docs;
        var shards = {};
        keys.forEach(function (k, i) { shards[k] = loaded[i + 1]; });
        var found = score(query, shards);
        return withTexts(found).then(function (texts) {
          if (ticket !== latest) return;
          rankPhrases(found, texts);
          render(found, query, texts);
        });
      });
  }

  var yearsFilled = false;
  function fillYears() {
    if (yearsFilled) return;
    yearsFilled = true;
    var select = document.querySelector('[data-sotay-filter="y"]');
    fetchJSON("search/docs.json").then(function (index) {
      var years = index.docs.map(function (d) { return d.y; }).filter(function (y, i, a) { return y && a.indexOf(y) === i; });
      years.sort(function (a, b) { return b - a; }).forEach(function (y) {
        var option = document.createElement("option");
        option.value = String(y); option.textContent = String(y);
        select.appendChild(option);
      });
    });
  }

  input.addEventListener("input", search);
  filters.forEach(function (select) { select.addEventListener("change", search); });
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) { prefetch(); input.focus(); fillYears(); } });
  function prefetch() {
    fetchJSON("search/docs.json").then(function (index) {
      if (!index.prefetch) return;
      index.shards.forEach(function (k) { fetchJSON("search/shards/" + k + ".json"); });
      index.docs.forEach(function (d, id) { fetchJSON("search/text/" + id + ".json"); });
    });
  }
  input.addEventListener("focus", prefetch, { once: true });
  /* On wide screens the box sits in the header: focusing it opens the results panel. */
  input.addEventListener("focus", function () { if (toggle && !toggle.checked) { toggle.checked = true; fillYears(); } });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input && toggle) {
      event.preventDefault(); toggle.checked = true; input.focus(); fillYears();
    } else if (event.key === "Escape" && toggle && toggle.checked) { toggle.checked = false; }
  });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { toggle.checked = true; input.value = params.get("q"); fillYears(); search(); }
})();
