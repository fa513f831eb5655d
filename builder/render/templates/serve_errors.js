// `sotay serve` only: show the current content errors (loi.html, beside this script), if any.
// The page reloads after every rebuild, so fetching once per load is enough.
(function () {
  var here = document.currentScript.src;
  fetch(new URL("loi.html", here), { cache: "no-store" })
    .then(function (response) {
      return response.ok ? response.text() : "";
    })
    .then(function (html) {
      if (html.trim()) document.body.insertAdjacentHTML("beforeend", html);
    })
    .catch(function () {});
})();
