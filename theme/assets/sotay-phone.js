/* Reading on a phone: the "Mục lục" sheet of the page's parts (theme/partials/sotay-toc.html).
   Text size lives in sotay-prefs.js, which must run before the text is painted. */
(function () {
  var open = document.querySelector("[data-sotay-toc-open]");
  var dialog = document.getElementById("sotay-toc");
  if (!open || !dialog || typeof dialog.showModal !== "function") return;
  open.hidden = false;
  open.addEventListener("click", function () { dialog.showModal(); });
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
})();
