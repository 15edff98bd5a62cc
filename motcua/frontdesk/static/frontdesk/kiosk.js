// The kiosk's slip: print it once on arrival, then go back to the kiosk's first screen.
(function () {
  var slip = document.querySelector("[data-autoprint]");
  if (!slip) return;
  var back = slip.getAttribute("data-return-url");
  var done = false;
  function goBack() {
    if (done || !back) return;
    done = true;
    window.setTimeout(function () { window.location.assign(back); }, 4000);
  }
  window.addEventListener("afterprint", goBack);
  window.addEventListener("load", function () {
    window.print();
    // Browsers without `afterprint` (or kiosk printing silently) still return.
    window.setTimeout(goBack, 15000);
  });
})();
