// The monitoring wall (decision 0032). HTMX polls the tiles (one request for all of them); this script
// only (1) turns a camera image that fails to load into the clear "camera down" notice at once, instead
// of a broken image until the next poll, and (2) on a desk's page refreshes its live snapshot every few
// seconds (data-live), trying again after a failure.
(function () {
  function down(img) {
    var note = document.createElement("p");
    note.className = "wall-camera camera-down";
    note.setAttribute("role", "status");
    note.setAttribute("data-camera-down", "");
    note.textContent = img.getAttribute("data-down-message") || "Không kết nối được camera";
    if (img.hasAttribute("data-live")) {
      note.setAttribute("data-live", img.getAttribute("data-live"));
      note.setAttribute("data-src", img.getAttribute("src"));
    }
    img.replaceWith(note);
  }

  // Error events do not bubble: listen in the capture phase, for images swapped in later too.
  document.addEventListener("error", function (event) {
    var el = event.target;
    if (el && el.tagName === "IMG" && el.classList.contains("wall-camera")) down(el);
  }, true);

  function fresh(src) {
    return src.replace(/([?&])v=[^&]*/, "$1v=" + Date.now());
  }

  var live = document.querySelector("[data-live]");
  if (!live) return;
  var every = (parseInt(live.getAttribute("data-live"), 10) || 2) * 1000;
  setInterval(function () {
    var el = document.querySelector("[data-live]");
    if (!el) return;
    if (el.tagName === "IMG") {
      var next = new Image();
      next.onload = function () { el.src = next.src; };
      next.onerror = function () { down(el); };
      next.src = fresh(el.getAttribute("src"));
    } else {
      // The notice of a camera down: try again; put the picture back when it answers.
      var probe = new Image();
      var src = fresh(el.getAttribute("data-src"));
      probe.onload = function () {
        var img = document.createElement("img");
        img.className = "wall-camera wall-snapshot";
        img.src = src;
        img.alt = "Ảnh camera";
        img.setAttribute("data-live", el.getAttribute("data-live"));
        img.setAttribute("data-down-message", el.textContent);
        el.replaceWith(img);
      };
      probe.src = src;
    }
  }, every);
})();
