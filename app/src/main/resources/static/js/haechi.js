// Sends the CSRF token with every htmx request (the console's forms carry it as a field).
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("meta[name=_csrf]");
  var header = document.querySelector("meta[name=_csrf_header]");
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

document.addEventListener("DOMContentLoaded", function () {
  // A field with a format (a UTC day, a UTC date and time) says which when what is typed does not
  // match: its title ("A day in UTC as year-month-day, e.g. 2026-12-07"), not the browser's
  // "Please match the requested format."
  document.querySelectorAll("input[pattern][title]").forEach(function (input) {
    function check() {
      input.setCustomValidity("");
      if (input.validity.patternMismatch) {
        input.setCustomValidity(input.title);
      }
    }
    input.addEventListener("input", check);
    check();
  });
  // A print button on report views.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // Long actions (planning a restoration) say what the server is doing, as the server reports it
  // (data-progress-url): simulating the loss, planning (the bar fills as the planner uses its time
  // budget; it may stop sooner when its plan is provably close to the best), saving. Without a
  // report the bar is indeterminate and only the time passed is shown. The button cannot be
  // pressed twice.
  var PHASES = {
    simulating: "simulating the loss on the catalog",
    planning: "planning",
    saving: "saving the plan",
    done: "done, opening the result"
  };
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector(".busy");
      if (!status) {
        status = document.createElement("p");
        status.className = "busy";
        status.setAttribute("role", "status");
        form.appendChild(status);
      }
      var started = Date.now();
      var limit = Number(form.dataset.busySeconds || 0);
      var bar = document.createElement("progress");
      bar.setAttribute("aria-label", "Progress reported by the server");
      var words = document.createElement("span");
      words.textContent = " " + form.dataset.busy;
      status.replaceChildren(bar, words);
      form.querySelectorAll("button[type=submit]").forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-disabled", "true");
      });
      var server = null;
      function show() {
        var s = Math.round((Date.now() - started) / 1000);
        var text = " " + form.dataset.busy + " " + s + " s so far";
        if (server && server.active) {
          status.dataset.phase = server.phase;
          text += "; the server is " + (PHASES[server.phase] || server.phase);
          if (server.phase === "planning") {
            var lim = server.plan_limit_s || limit;
            bar.max = lim;
            bar.value = Math.min(lim, server.phase_elapsed_s);
            text += " (" + Math.round(server.phase_elapsed_s) + " of at most " + lim + " s)";
          } else if (server.phase === "saving" || server.phase === "done") {
            bar.max = 1;
            bar.value = 1;
          } else {
            bar.removeAttribute("value");
          }
        } else if (limit > 0) {
          text += "; the planner searches for at most " + limit + " s";
        }
        words.textContent = text + ".";
      }
      var url = form.dataset.progressUrl;
      setInterval(function () {
        show();
        if (url) {
          fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (p) { server = p; show(); })
            .catch(function () { server = null; });
        }
      }, 500);
    });
  });
});
