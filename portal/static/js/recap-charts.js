// Recap infographics with the vendored Chart.js. Data comes from <script type="application/json" data-recap-charts>
// blocks (the CSP forbids inline script). Every chart has its table next to it; without JS the tables are complete.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var Chart = window.Chart;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var STATUS_COLOURS = {
    diterima: "#6c757d", diproses: "#0d6efd", selesai: "#198754", ditolak: "#b02a37", diteruskan: "#b8860b"
  };
  var PALETTE = ["#8b0000", "#0d6efd", "#198754", "#b8860b", "#6f42c1", "#0aa2c0", "#d63384", "#495057",
    "#fd7e14", "#20c997", "#6610f2", "#adb5bd"];

  function show(canvas) {
    var figure = canvas.closest("[data-recap-chart]");
    if (figure) { figure.classList.remove("d-none"); }
  }

  function baseOptions() {
    return { responsive: true, maintainAspectRatio: false, animation: reduceMotion ? false : { duration: 400 },
      plugins: { legend: { position: "bottom" } } };
  }

  function stacked(canvas, data) {
    var options = baseOptions();
    options.scales = { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } };
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: STATUS_COLOURS[s.key] || "#999", maxBarThickness: 64 };
        })
      },
      options: options
    });
  }

  function doughnut(canvas, data) {
    return new Chart(canvas, {
      type: "doughnut",
      data: { labels: data.labels, datasets: [{ data: data.data,
        backgroundColor: data.labels.map(function (_l, i) { return PALETTE[i % PALETTE.length]; }) }] },
      options: baseOptions()
    });
  }

  function draw(block) {
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    var targets = data.targets || {};
    var jobs = [
      [targets.status, data.status, stacked, data.status && data.status.labels.length],
      [targets.category, data.category, doughnut, data.category && data.category.data.length],
      [targets.channel, data.channel, doughnut, data.channel && data.channel.data.length]
    ];
    jobs.forEach(function (job) {
      var canvas = job[0] && document.getElementById(job[0]);
      if (!canvas || !job[1] || !job[3]) { return; }  // nothing to draw: the table says it all
      show(canvas);
      job[2](canvas, job[1]);
    });
  }

  function init() {
    document.querySelectorAll("script[type='application/json'][data-recap-charts]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  // Charts resize to the paper when printing.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances || {}).forEach(function (chart) { chart.resize(); });
  });
})();
