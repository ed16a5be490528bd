// Draws the findings-by-severity chart of the overview page from the data attributes the server
// rendered (no inline script: the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("severity-chart");
  if (!el || typeof echarts === "undefined") {
    return;
  }
  var counts = JSON.parse(el.dataset.counts);
  var titles = JSON.parse(el.dataset.titles);
  var capabilities = Object.keys(counts);
  var severities = ["critical", "high", "medium", "low", "info"];
  var colours = { critical: "#8b0000", high: "#d9480f", medium: "#e8a800", low: "#2f9e44", info: "#868e96" };
  var chart = echarts.init(el);
  // the page that lists a capability's findings of a severity (exercise has no findings list: its
  // runs)
  function findingsHref(capability, severity) {
    return capability === "exercise" ? "/exercise"
      : "/" + encodeURIComponent(capability) + "?severity=" + encodeURIComponent(severity);
  }
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: severities },
    xAxis: { type: "category", data: capabilities.map(function (c) { return titles[c]; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: severities.map(function (s) {
      return {
        name: s, type: "bar", stack: "findings", itemStyle: { color: colours[s] },
        data: capabilities.map(function (c) { return counts[c][s]; })
      };
    })
  });
  // a bar is a way in: it opens that capability's findings of that severity (the table below the
  // chart and the cards' badges link the same way, for the keyboard and for screen readers)
  chart.on("click", function (p) {
    var c = capabilities[p.dataIndex];
    if (c === undefined || !p.seriesName) {
      return;
    }
    window.location.href = findingsHref(c, p.seriesName);
  });
  el.dataset.rendered = "true";
  window.addEventListener("resize", function () { chart.resize(); });
});
