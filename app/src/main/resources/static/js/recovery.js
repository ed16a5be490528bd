// Draws the restoration curve (systems restored over hours since the event), as reported against
// as planned, from the data attribute the server rendered (no inline script under the CSP).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("recovery-chart");
  if (!el || typeof echarts === "undefined") {
    return;
  }
  var curve = JSON.parse(el.dataset.curve);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["planned", "reported"] },
    xAxis: { type: "value", name: "hours since the event" },
    yAxis: { type: "value", name: "systems restored", max: curve.total, minInterval: 1 },
    series: [
      { name: "planned", type: "line", step: "end", showSymbol: false, data: curve.planned,
        lineStyle: { type: "dashed" } },
      { name: "reported", type: "line", step: "end", data: curve.actual }
    ]
  });
  el.dataset.rendered = "true";
  window.addEventListener("resize", function () { chart.resize(); });
});
