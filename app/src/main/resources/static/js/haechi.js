// Sends the CSRF token with every htmx request (the console's forms carry it as a field).
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("meta[name=_csrf]");
  var header = document.querySelector("meta[name=_csrf_header]");
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

document.addEventListener("DOMContentLoaded", function () {
  // A print button on report views.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // Long actions (planning a restoration, running a drill) say that they are working and for how
  // long at most, instead of a page that seems stuck; the button cannot be pressed twice.
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
      if (limit > 0) {
        bar.max = limit;
        bar.value = 0;
      }
      var words = document.createElement("span");
      words.textContent = " " + form.dataset.busy;
      status.replaceChildren(bar, words);
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      if (limit > 0) {
        setInterval(function () {
          var s = Math.min(limit, (Date.now() - started) / 1000);
          bar.value = s;
          words.textContent = " " + form.dataset.busy + " (" + Math.round(s) + " of at most " + limit + " s)";
        }, 500);
      }
    });
  });
});
