/* The reader's text size, applied before the page's text is painted (no jump), and the A−/A+
   buttons that change it. Loaded without defer from the header; remembered in localStorage. */
(function () {
  var KEY = "sotay:co-chu";
  var SIZES = [90, 100, 115, 130, 150]; /* per cent of the normal size; index 1 is normal */
  var root = document.documentElement;
  function stored() {
    try {
      var value = Number(localStorage.getItem(KEY));
      return SIZES.indexOf(value) >= 0 ? value : 100;
    } catch (error) {
      return 100; /* storage refused (private mode): the normal size */
    }
  }
  function apply(size) {
    root.setAttribute("data-sotay-size", String(size));
    var at = SIZES.indexOf(size);
    Array.prototype.forEach.call(document.querySelectorAll("[data-sotay-size-step]"), function (button) {
      var step = Number(button.getAttribute("data-sotay-size-step"));
      var next = SIZES[at + step];
      button.setAttribute("aria-disabled", next === undefined ? "true" : "false");
      button.title = (step < 0 ? "Chữ nhỏ hơn" : "Chữ to hơn") + " (đang " + size + "%)";
    });
  }
  var current = stored();
  apply(current);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-sotay-size-step]");
    if (!button) return;
    var at = SIZES.indexOf(current) + Number(button.getAttribute("data-sotay-size-step"));
    if (at < 0 || at >= SIZES.length) return;
    current = SIZES[at];
    try { localStorage.setItem(KEY, String(current)); } catch (error) { /* this page only */ }
    apply(current);
  });
  /* The buttons are parsed after this script: label them once they exist. */
  document.addEventListener("DOMContentLoaded", function () { apply(current); });
})();
