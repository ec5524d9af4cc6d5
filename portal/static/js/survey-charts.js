// SKM charts with the vendored Chart.js. Data comes from <script type="application/json" data-skm-charts>
// blocks (the CSP forbids inline script). Every chart has its table next to it; without JS the tables say it all.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var Chart = window.Chart;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var PALETTE = ["#8b0000", "#0d6efd", "#198754", "#b8860b", "#6f42c1", "#0aa2c0", "#d63384", "#495057",
    "#fd7e14", "#20c997"];

  function show(canvas) {
    var figure = canvas.closest("[data-skm-chart]");
    if (figure) { figure.classList.remove("d-none"); }
  }

  function options(extra) {
    var base = { responsive: true, maintainAspectRatio: false, animation: reduceMotion ? false : { duration: 400 },
      plugins: { legend: { display: false } } };
    Object.keys(extra || {}).forEach(function (k) { base[k] = extra[k]; });
    return base;
  }

  function unsurChart(canvas, d) {
    // On a phone the long unsur names would be cut: the axis shows U1..U9, the tooltip the full name.
    var narrow = canvas.parentNode.clientWidth < 520;
    var o = options({ indexAxis: "y", scales: { x: { min: 1, max: 4, ticks: { stepSize: 0.5 } } } });
    o.plugins.tooltip = { callbacks: { title: function (items) { return d.labels[items[0].dataIndex]; } } };
    return new Chart(canvas, {
      type: "bar",
      data: { labels: narrow && d.codes ? d.codes : d.labels, datasets: [{ label: d.label, data: d.data,
        backgroundColor: d.weakest.map(function (w) { return w ? "#b02a37" : "#0d6efd"; }) }] },
      options: o
    });
  }

  function doughnut(canvas, d) {
    var o = options();
    o.plugins = { legend: { display: true, position: "bottom" } };
    return new Chart(canvas, {
      type: "doughnut",
      data: { labels: d.labels, datasets: [{ data: d.data,
        backgroundColor: d.labels.map(function (_l, i) { return PALETTE[i % PALETTE.length]; }) }] },
      options: o
    });
  }

  function bars(canvas, d) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ label: d.label, data: d.data, backgroundColor: "#8b0000" }] },
      options: options({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
    });
  }

  function total(d) { return (d && d.data || []).reduce(function (a, b) { return a + (b || 0); }, 0); }

  function draw(block) {
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    var t = data.targets || {};
    var jobs = [
      [t.unsur, data.unsur, unsurChart, data.unsur && data.unsur.data.some(function (v) { return v !== null; })],
      [t.gender, data.gender, doughnut, total(data.gender) > 0],
      [t.age, data.age, bars, total(data.age) > 0],
      [t.education, data.education, bars, total(data.education) > 0],
      [t.occupation, data.occupation, bars, total(data.occupation) > 0]
    ];
    jobs.forEach(function (job) {
      var canvas = job[0] && document.getElementById(job[0]);
      if (!canvas || !job[1] || !job[3]) { return; }
      show(canvas);
      job[2](canvas, job[1]);
    });
  }

  function init() {
    document.querySelectorAll("script[type='application/json'][data-skm-charts]").forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances || {}).forEach(function (chart) { chart.resize(); });
  });
})();
