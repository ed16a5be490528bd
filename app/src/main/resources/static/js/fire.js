// The fire drill: draws every system as a dot around the zone it runs in (zones grouped by site),
// asks the server to simulate losing the chosen zone, and colours the blast radius.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("fire-form");
  if (!form || typeof echarts === "undefined") {
    return;
  }
  var catalog = form.dataset.catalog;
  var base = "/api/v1/resilience/catalogs/" + encodeURIComponent(catalog);
  var map = echarts.init(document.getElementById("fire-map"));
  // drawn as SVG: its labels are text a test (and a screen reader's find) can read
  var grades = echarts.init(document.getElementById("fire-grades"), null, { renderer: "svg" });
  var layout = null;
  var edges = [];
  var gradeColour = { 1: "#1c4e80", 2: "#3f7cac", 3: "#7ea6c9", 4: "#b9cde0", 0: "#cccccc" };

  function place(data) {
    var nodes = [];
    var sites = data.sites;
    var zonesBySite = {};
    data.zones.forEach(function (z) {
      (zonesBySite[z.site] = zonesBySite[z.site] || []).push(z);
    });
    var centre = {};
    sites.forEach(function (site, si) {
      (zonesBySite[site] || []).forEach(function (z, zi) {
        var x = 200 + si * 420 + (zi % 2) * 200;
        var y = 120 + Math.floor(zi / 2) * 220;
        centre[z.name] = [x, y];
        // the box shows the room's name (its prefix names the site); the tooltip says both. The
        // map is scaled to its box but symbols are not: boxes narrower than a column's spacing
        // at that scale, or neighbours' labels overlap ("daegu / dg-1f-r1daegu / dg-2f-r1")
        nodes.push({ id: "zone:" + z.name, name: site + " / " + z.name, x: x, y: y,
          symbol: "roundRect", symbolSize: [84, 22], itemStyle: { color: "#eef0f4", borderColor: "#5c6475" },
          label: { show: true, fontSize: 10, formatter: z.name, width: 80, overflow: "truncate" }, kind: "zone" });
      });
    });
    var count = {};
    data.workloads.forEach(function (w) {
      var z = w.zones.length ? w.zones[0] : null;
      if (!z || !centre[z]) { return; }
      var k = count[z] = (count[z] || 0) + 1;
      var ring = 1 + Math.floor(k / 24);
      var angle = (k % 24) / 24 * 2 * Math.PI + ring * 0.3;
      nodes.push({ id: w.ref, name: w.ref + (w.publicName ? " (" + w.publicName + ")" : "") + " grade " + w.grade,
        x: centre[z][0] + Math.cos(angle) * (30 + ring * 14) * 2.2,
        y: centre[z][1] + Math.sin(angle) * (30 + ring * 14),
        symbolSize: w.grade === 1 ? 9 : 6, grade: w.grade,
        itemStyle: { color: gradeColour[w.grade] || "#cccccc" }, kind: "workload" });
    });
    var present = new Set(nodes.map(function (n) { return n.id; }));
    edges = [];
    data.workloads.forEach(function (w) {
      (w.dependsOn || []).forEach(function (d) {
        if (present.has(w.ref) && present.has(d)) {
          edges.push({ source: w.ref, target: d });
        }
      });
    });
    return nodes;
  }

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // Dependencies are drawn faintly; after a simulation, those of stopped systems turn red.
  function draw(nodes, stopped) {
    map.setOption({
      // A formatter's string is HTML to ECharts: every catalog string in it is escaped (issue 12).
      tooltip: { formatter: function (p) { return p.dataType === "edge" ? esc(p.data.source) + " depends on " + esc(p.data.target) : esc(p.data.name); } },
      series: [{ type: "graph", layout: "none", roam: true, animation: false, data: nodes,
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 4,
        edges: edges.map(function (e) {
          var hit = stopped && stopped.has(e.source);
          return Object.assign({}, e, { lineStyle: { color: hit ? "#e03131" : "#c5cad3", opacity: hit ? 0.5 : 0.25, width: 0.6 } });
        }) }]
    });
  }

  fetch(base + "/map", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      layout = place(data);
      draw(layout);
      document.getElementById("fire-map").dataset.rendered = "true";
      colour();
    });

  // The button says what it will do for the chosen event.
  var labels = { fire: "Set on fire", power: "Cut the power", cooling: "Cut the cooling" };
  var eventSelect = document.getElementById("fire-event");
  var button = document.getElementById("set-on-fire");
  eventSelect.addEventListener("change", function () {
    button.textContent = labels[eventSelect.value] || labels.fire;
  });

  // The result is counted by the server (the same way as the restoration); the map is coloured
  // from the simulation of the same loss, the chart from the result's table.
  var result = document.getElementById("fire-result");
  function colour() {
    if (!result || !layout) {
      return;
    }
    var zone = result.dataset.zone;
    var event = result.dataset.event;
    var counts = JSON.parse(result.dataset.chart);
    var keys = Object.keys(counts);
    grades.setOption({
      animation: false,
      tooltip: { trigger: "axis" }, legend: { data: ["stopped", "burned", "data lost"] },
      // every grade is labelled: ECharts drops labels that would crowd (grade 2 and 4 went missing)
      xAxis: { type: "category", data: keys, axisLabel: { interval: 0, hideOverlap: false, fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1, name: "systems" },
      series: [
        { name: "stopped", type: "bar", itemStyle: { color: "#e03131" }, data: keys.map(function (k) { return counts[k][0]; }) },
        { name: "burned", type: "bar", itemStyle: { color: "#111111" }, data: keys.map(function (k) { return counts[k][1]; }) },
        { name: "data lost", type: "bar", itemStyle: { color: "#f08c00" }, data: keys.map(function (k) { return counts[k][2]; }) }
      ]
    });
    document.getElementById("fire-grades").dataset.rendered = "true";
    fetch(base + "/simulate?lose=" + encodeURIComponent("zone:" + zone) + "&event=" + encodeURIComponent(event),
      { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (sim) {
        var stopped = new Set(sim.stopped);
        var destroyed = new Set(sim.destroyed);
        var lost = new Set(sim.dataLoss.filter(function (d) { return d.lost === "all"; })
          .map(function (d) { return d.entity; }));
        draw(layout.map(function (n) {
          if (n.kind !== "workload") {
            return n.id === "zone:" + zone
              ? Object.assign({}, n, { itemStyle: { color: "#ffd8a8", borderColor: "#d9480f" } }) : n;
          }
          var burned = destroyed.has(n.id) && stopped.has(n.id);
          var c = burned ? "#111111" : stopped.has(n.id) ? "#e03131" : "#2f9e44";
          return Object.assign({}, n, { itemStyle: { color: c,
            borderColor: lost.has(n.id) ? "#ffd43b" : c, borderWidth: lost.has(n.id) ? 3 : 0 } });
        }), stopped);
        document.getElementById("fire-map").dataset.coloured = "true";
      });
  }
});
