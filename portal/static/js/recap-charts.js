// Recap infographics with the vendored Chart.js. Data comes from <script type="application/json" data-recap-charts>
// blocks (the CSP forbids inline script). Every chart has its table next to it; without JS the tables are complete.
// Charts that read right for one period and for many: statuses of one month are a bar per status with its
// number, several months a line per status; categories and channels are horizontal bars with their numbers
// (no legend to overlap a caption, on screen or on paper).
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var Chart = window.Chart;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var STATUS_COLOURS = {
    diterima: "#6c757d", diproses: "#0d6efd", selesai: "#198754", ditolak: "#b02a37", diteruskan: "#b8860b"
  };
  var BAR = "#8b0000";

  function show(canvas) {
    var figure = canvas.closest("[data-recap-chart]");
    if (figure) { figure.classList.remove("d-none"); }
  }

  function baseOptions() {
    return { responsive: true, maintainAspectRatio: false, animation: reduceMotion ? false : { duration: 400 },
      plugins: { legend: { position: "bottom" } } };
  }

  // The number at the end of each bar (no plugin needed: drawn after the bars).
  var barValues = {
    id: "recapBarValues",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.fillStyle = "#212529";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (bar, j) {
          var value = dataset.data[j];
          ctx.fillText(String(value), bar.x + 6, bar.y);
        });
      });
      ctx.restore();
    }
  };

  // Horizontal bars, one per label, each with its number; the box grows with the number of bars.
  function bars(canvas, labels, values, colours) {
    var box = canvas.parentNode;
    box.classList.add("chart-bars");
    box.style.setProperty("--bars", String(Math.max(labels.length, 1)));
    var options = baseOptions();
    options.indexAxis = "y";
    options.plugins.legend = { display: false };
    options.layout = { padding: { right: 36 } };
    options.scales = { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } };
    return new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: colours || BAR, maxBarThickness: 28 }] },
      options: options,
      plugins: [barValues]
    });
  }

  function statusChart(canvas, data) {
    if (data.labels.length === 1) {  // one month: how many in each status
      return bars(canvas, data.series.map(function (s) { return s.label; }),
        data.series.map(function (s) { return s.data[0]; }),
        data.series.map(function (s) { return STATUS_COLOURS[s.key] || "#6c757d"; }));
    }
    var options = baseOptions();
    options.scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
    options.interaction = { mode: "index", intersect: false };
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          var colour = STATUS_COLOURS[s.key] || "#6c757d";
          return { label: s.label, data: s.data, borderColor: colour, backgroundColor: colour, tension: 0,
            pointRadius: 3 };
        })
      },
      options: options
    });
  }

  function countChart(canvas, data) {
    return bars(canvas, data.labels, data.data);
  }

  function draw(block) {
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    var targets = data.targets || {};
    var jobs = [
      [targets.status, data.status, statusChart, data.status && data.status.labels.length],
      [targets.category, data.category, countChart, data.category && data.category.data.length],
      [targets.channel, data.channel, countChart, data.channel && data.channel.data.length]
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
  // Charts resize to the paper when printing, and back after.
  function resizeAll() {
    Object.values(Chart.instances || {}).forEach(function (chart) { chart.resize(); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
