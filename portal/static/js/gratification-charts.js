// Charts of the gratification recap (/rekap/gratifikasi/<period>, /admin/gratifikasi/rekap) with the vendored
// Chart.js: an enhancement, the complete table is beside each chart. Data comes from
// <script type="application/json" data-gratification-charts> (the CSP forbids inline script); each
// <figure data-gratification-chart="<id>"> is shown only once it is drawn.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var Chart = window.Chart;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var COLOURS = ["#8b0000", "#6c757d", "#0d6efd"];

  function draw(block) {
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    document.querySelectorAll("[data-gratification-chart]").forEach(function (figure) {
      var chart = data[figure.getAttribute("data-gratification-chart")];
      var canvas = figure.querySelector("canvas");
      if (!chart || !canvas) { return; }
      var values = chart.series.reduce(function (a, s) { return a.concat(s.data); }, []);
      if (!values.some(function (v) { return v > 0; })) { return; }
      figure.classList.remove("d-none");
      new Chart(canvas, { type: "bar", data: { labels: chart.labels, datasets: chart.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: COLOURS[i % COLOURS.length], maxBarThickness: 36 };
      }) }, options: { responsive: true, maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 }, plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
    });
  }

  function init() {
    document.querySelectorAll("script[type='application/json'][data-gratification-charts]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  function resizeAll() {
    Object.values(Chart.instances || {}).forEach(function (chart) { chart.resize(); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
