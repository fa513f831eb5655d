/* Reading on a phone: the "Mục lục" sheet of the page's parts (theme/partials/sotay-toc.html).
   Text size lives in sotay-prefs.js, which must run before the text is painted. */
(function () {
  var open = document.querySelector("[data-sotay-toc-open]");
  var dialog = document.getElementById("sotay-toc");
  if (!open || !dialog || typeof dialog.showModal !== "function") return;
  open.hidden = false;
  open.addEventListener("click", function () { dialog.showModal(); });
  inlineButton(open, dialog);
  dialog.querySelector("[data-sotay-toc-close]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) { dialog.close(); return; } /* a tap outside the sheet */
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    /* Close first: the link then goes to its part as any link would (and :target is set). */
    dialog.close();
    if (!target) return;
    /* Screen readers and the keyboard continue from the chosen part, not from the button. */
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    setTimeout(function () { target.focus({ preventScroll: true }); }, 0);
  });

  /* Where the page has a row of buttons at its top, "Mục lục" joins that row's first line, and
     the floating button shows only when that row has scrolled away: on the first screen it
     would sit on top of "Đọc toàn văn". */
  function inlineButton(floating, sheet) {
    var row = document.querySelector("article .vb-actions");
    if (!row || typeof IntersectionObserver !== "function") return;
    var button = floating.cloneNode(true);
    button.className = "md-button sotay-toc-inline";
    button.removeAttribute("hidden");
    button.addEventListener("click", function () { sheet.showModal(); });
    var after = row.querySelector(".vb-fulltext") || row.firstElementChild;
    row.insertBefore(button, after ? after.nextSibling : null);
    row.insertBefore(document.createTextNode(" "), button);
    function place() {
      var box = button.getBoundingClientRect();
      var inView = box.bottom > 0 && box.top < window.innerHeight;
      floating.classList.toggle("sotay-toc-open--away", inView);
    }
    place();
    var steps = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    new IntersectionObserver(place, { threshold: steps }).observe(button);
  }
})();
