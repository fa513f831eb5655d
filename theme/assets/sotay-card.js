/* "Tải ảnh" on a directive's page (builder/render/templates/card_preview.html): the share
   card as a PNG made here in the browser from the page's own SVG, named <slug>.png, so it
   can be sent by hand in Zalo or Facebook, which take pictures but not SVG. Nothing leaves
   the site: the SVG is drawn on a canvas and saved. Where a browser cannot (no canvas,
   no toBlob, a picture it refuses to draw), the link does what it says without script:
   it downloads the SVG itself. */
(function () {
  var links = document.querySelectorAll("a[data-card-png]");
  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function (event) {
      var canvas = document.createElement("canvas");
      if (!canvas.getContext || !canvas.toBlob || link.hasAttribute("data-card-busy")) return;
      event.preventDefault();
      link.setAttribute("data-card-busy", "");
      var picture = new Image();
      picture.onload = function () {
        canvas.width = picture.naturalWidth || 1080;
        canvas.height = picture.naturalHeight || 1350;
        try {
          canvas.getContext("2d").drawImage(picture, 0, 0, canvas.width, canvas.height);
          canvas.toBlob(function (blob) { blob ? save(blob) : asSvg(); }, "image/png");
        } catch (error) {
          asSvg();
        }
      };
      picture.onerror = asSvg;
      picture.src = link.href;

      function save(blob) {
        var address = URL.createObjectURL(blob);
        click(address, link.getAttribute("data-card-png"));
        setTimeout(function () { URL.revokeObjectURL(address); }, 60000);
        link.removeAttribute("data-card-busy");
      }
      function asSvg() {
        click(link.href, link.getAttribute("download") || "");
        link.removeAttribute("data-card-busy");
      }
    });
  });

  function click(href, name) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.download = name;
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
  }
})();
