// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // <body class="no-js"> until now: CSS opens the menu as a link target and hides buttons that need a script
  // (print, copy). With Bootstrap's collapse here the menu link becomes a real toggle button.
  var root = document.body;
  root.classList.remove("no-js");
  root.classList.add("js");
  var toggler = document.querySelector(".navbar-toggler[data-bs-toggle='collapse']");
  if (toggler && window.bootstrap && window.bootstrap.Collapse) {
    toggler.setAttribute("role", "button");
    toggler.setAttribute("aria-expanded", "false");
    toggler.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") { event.preventDefault(); toggler.click(); }
    });
  } else if (toggler) {
    root.classList.add("menu-fallback");  // no Bootstrap: keep the link-target menu
  }
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
  // Folded sections (<details>): a link to something inside one opens it (browsers do so for a new page's
  // fragment; not all do for a link within the page), and everything is open on paper.
  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(decodeURIComponent(id));
    var box = target && target.closest("details");
    if (box && !box.open) {
      box.open = true;
      target.scrollIntoView();
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (box) { box.open = true; reopened.push(box); });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (box) { box.open = false; });
    reopened = [];
  });
  // Error summaries (.error-summary): the summary takes the focus when the page opens, and each of its links
  // moves the focus to its field (the first control of a group of options), not only the scroll.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) { return; }
    var control = target.matches("input, select, textarea, button") ? target :
      (target.querySelector("input:checked, input:not([type=hidden]), select, textarea") || target);
    event.preventDefault();
    if (control === target && !target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.scrollIntoView({ block: "center" });
    control.focus({ preventScroll: true });
  });
  // Disable submit buttons while a form is sent (slow connections: avoid double submissions).
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) { return; }
    var buttons = event.target.querySelectorAll("button[type=submit], input[type=submit]");
    buttons.forEach(function (b) { b.setAttribute("aria-disabled", "true"); b.classList.add("disabled"); });
  });
})();
