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
