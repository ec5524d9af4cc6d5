/* DUMAS inbox: a "tick every row" box and a count for the bulk action bar (progressive enhancement: without
   JavaScript each row's box works on its own and the bar still posts). */
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var all = form.querySelector("[data-bulk-all]");
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-bulk-row]"));
  var count = form.querySelector("[data-bulk-count]");
  var template = form.getAttribute("data-count-text") || "(%n)";

  function update() {
    var ticked = rows.filter(function (box) { return box.checked; }).length;
    if (all) {
      all.checked = ticked > 0 && ticked === rows.length;
      all.indeterminate = ticked > 0 && ticked < rows.length;
    }
    if (count) {
      count.textContent = template.replace("%n", String(ticked));
      count.hidden = false;
    }
  }

  if (all) {
    all.hidden = false;
    all.addEventListener("change", function () {
      rows.forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  rows.forEach(function (box) { box.addEventListener("change", update); });
  update();
}());
