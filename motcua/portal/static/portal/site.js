// Small behaviours of the public site; every page works without them.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// HTMX may have pushed a new address since the page was rendered: come back to the current one.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.classList && form.classList.contains("lang-switch")) {
    form.elements.next.value = window.location.pathname + window.location.search;
  }
});
