// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Confirmation before destructive or publishing actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);
  // Print buttons: <button data-print>.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
  // Wide tables scroll sideways inside .table-responsive. A box that really scrolls becomes a named,
  // focusable region so keyboard users can reach and scroll it (WCAG 2.1.1; axe scrollable-region-focusable).
  function markScrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var table = box.querySelector("table");
        var name = (caption && caption.textContent.trim()) || (table && table.getAttribute("aria-label")) ||
          (document.documentElement.lang === "en" ? "Table" : "Tabel");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name);
        box.setAttribute("data-scroll-region", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  markScrollableTables();
  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollableTables, 150);
  });
  // Disable submit buttons while a form is sent (slow connections: avoid double submissions).
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) { return; }
    var buttons = event.target.querySelectorAll("button[type=submit], input[type=submit]");
    buttons.forEach(function (b) { b.setAttribute("aria-disabled", "true"); b.classList.add("disabled"); });
  });
})();
