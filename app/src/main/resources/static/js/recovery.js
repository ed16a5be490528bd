// Draws the restoration curve (systems restored over hours since the event), as reported against
// as planned, from the data attribute the server rendered (no inline script under the CSP).
document.addEventListener("DOMContentLoaded", function () {
  // A row's Report button puts its system into the crew report form.
  document.querySelectorAll("button.pick-system").forEach(function (b) {
    b.addEventListener("click", function () {
      var input = document.getElementById("report-system");
      input.value = b.dataset.system;
      document.getElementById("report-form").scrollIntoView({ block: "center" });
      document.getElementById("report-state").focus();
    });
  });

  // The page refreshes itself when the background re-plan after a crew's report is done, unless
  // someone is typing in one of its forms.
  var section = document.getElementById("restoration");
  var edited = false;
  document.querySelectorAll("main form").forEach(function (f) {
    f.addEventListener("input", function () { edited = true; });
    f.addEventListener("change", function () { edited = true; });
  });
  // A restoration being planned: the bar fills as the planner uses its time (it may stop sooner
  // when its plan is provably close to the best), and the page reloads when the server says the
  // plan is ready or could not be made (offering a link instead while someone types).
  var start = document.getElementById("restoration-start");
  var planning = start && start.dataset.state === "planning";
  if (planning && window.fetch) {
    var bar = document.getElementById("start-progress");
    var words = document.getElementById("start-words");
    var base = words.textContent;
    var startTimer = setInterval(function () {
      fetch(start.dataset.progressUrl, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) {
            return;
          }
          if (p.active && p.phase === "planning") {
            bar.max = p.plan_limit_s;
            bar.value = Math.min(p.plan_limit_s, p.phase_elapsed_s);
            words.textContent = base + " Searching: " + Math.round(p.phase_elapsed_s)
              + " of at most " + p.plan_limit_s + " s.";
            return;
          }
          if (p.active) {
            bar.max = 1;
            bar.value = 1;
            words.textContent = base + " Saving the plan.";
            return;
          }
          if (String(p.id) === start.dataset.startId && p.state === "planning") {
            return;
          }
          clearInterval(startTimer);
          if (edited) {
            var link = document.createElement("a");
            link.href = window.location.pathname;
            link.id = "start-refresh";
            link.textContent = p.state === "planned" ? "Show the new plan" : "Show what happened";
            words.replaceChildren(document.createTextNode(
              p.state === "planned" ? "The plan is ready. " : "Planning stopped. "), link);
          } else {
            window.location.replace(window.location.pathname);
          }
        })
        .catch(function () {});
    }, 1000);
  }

  if (section && !planning && window.fetch) {
    var shown = section.dataset.plannedAt;
    var timer = setInterval(function () {
      fetch("/api/v1/recovery", { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          // several reports in a row re-plan several times: refresh once, for the last plan
          if (!s || !s.plan || !s.plan.plannedAt || s.plan.plannedAt === shown || s.replanning) {
            return;
          }
          var status = document.getElementById("replan-status");
          status.hidden = false;
          clearInterval(timer);
          // a flash answering what the user just did stays until they choose to refresh
          if (edited || document.querySelector("main .flash.ok, main .flash.error")) {
            // never throw away what someone is typing: offer the refresh instead
            var link = document.createElement("a");
            link.href = window.location.href;
            link.id = "replan-refresh";
            link.textContent = "Show the new plan";
            status.replaceChildren(document.createTextNode("A new plan is ready. "), link);
          } else {
            status.textContent = "A new plan is ready; refreshing the page.";
            window.location.reload();
          }
        })
        .catch(function () {});
    }, 3000);
  }

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
