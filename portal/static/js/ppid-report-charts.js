// Charts of the PPID report (/ppid/laporan) with the vendored Chart.js: an enhancement, every chart has its
// complete table beside it. Data comes from <script type="application/json" data-ppid-report-charts> (the
// CSP forbids inline script); each <figure data-ppid-chart="<table id>"> is shown only once it is drawn.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var Chart = window.Chart;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var COLOURS = {
    dikabulkan: "#198754", dikabulkan_sebagian: "#0d6efd", ditolak: "#b02a37", tidak_dikuasai: "#b8860b",
    belum_diputus: "#6c757d"
  };
  var BAR = "#8b0000";

  function options() {
    return { responsive: true, maintainAspectRatio: false, animation: reduceMotion ? false : { duration: 400 },
      plugins: { legend: { position: "bottom" } } };
  }

  var barValues = {  // the number at the end of each bar
    id: "ppidBarValues",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.fillStyle = "#212529";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (bar, j) {
          ctx.fillText(String(dataset.data[j]), bar.x + 6, bar.y);
        });
      });
      ctx.restore();
    }
  };

  function bars(canvas, data, colours) {
    var box = canvas.parentNode;
    box.classList.add("chart-bars");
    box.style.setProperty("--bars", String(Math.max(data.labels.length, 1)));
    var o = options();
    o.indexAxis = "y";
    o.plugins.legend = { display: false };
    o.layout = { padding: { right: 36 } };
    o.scales = { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } };
    return new Chart(canvas, { type: "bar", plugins: [barValues], options: o,
      data: { labels: data.labels, datasets: [{ data: data.data, backgroundColor: colours || BAR,
        maxBarThickness: 28 }] } });
  }

  function lines(canvas, data) {
    var o = options();
    o.scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
    o.interaction = { mode: "index", intersect: false };
    return new Chart(canvas, { type: "line", options: o, data: { labels: data.labels,
      datasets: data.series.map(function (s) {
        var colour = COLOURS[s.key] || "#6c757d";
        return { label: s.label, data: s.data, borderColor: colour, backgroundColor: colour, tension: 0,
          pointRadius: 3 };
      }) } });
  }

  function draw(block) {
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    document.querySelectorAll("[data-ppid-chart]").forEach(function (figure) {
      var id = figure.getAttribute("data-ppid-chart");
      var chart = data[id];
      var canvas = figure.querySelector("canvas");
      if (!chart || !canvas) { return; }
      var values = chart.series ? chart.series.reduce(function (a, s) { return a.concat(s.data); }, [])
        : chart.data;
      if (!values.some(function (v) { return v > 0; })) { return; }  // nothing to draw: the table says it all
      figure.classList.remove("d-none");
      if (chart.series) { lines(canvas, chart); } else if (id === "keputusan") {
        bars(canvas, chart, Object.keys(COLOURS).map(function (k) { return COLOURS[k]; }));
      } else { bars(canvas, chart); }
    });
  }

  function init() {
    document.querySelectorAll("script[type='application/json'][data-ppid-report-charts]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  function resizeAll() {
    Object.values(Chart.instances || {}).forEach(function (chart) { chart.resize(); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
