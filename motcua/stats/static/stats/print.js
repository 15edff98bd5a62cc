// "In trang" buttons (data-print): print the page. A file, not an inline handler: the CSP allows no inline script.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
