// Live progress of a Giliran job: polls /api/jobs/<id> and updates the page; reloads it when
// the job has finished. The page works without this script (it then refreshes itself).
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  var names = {};
  var tpl = document.getElementById("phase-names");
  if (tpl && tpl.content) {
    tpl.content.querySelectorAll("span").forEach(function (s) {
      names[s.getAttribute("data-key")] = s.textContent;
    });
  }
  function set(elementId, text) {
    var el = document.getElementById(elementId);
    if (el) { el.textContent = text; }
  }
  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        var status = document.getElementById("status");
        if (job.status !== "queued" && job.status !== "running" && job.status !== "stopping") {
          window.location.reload();
          return;
        }
        if (status && status.getAttribute("data-status") !== job.status) {
          window.location.reload();
          return;
        }
        if (job.position) { set("position", String(job.position)); }
        if (job.queue_length) { set("queue-length", String(job.queue_length)); }
        if (job.elapsed_s !== null && job.elapsed_s !== undefined) {
          set("elapsed", Number(job.elapsed_s).toFixed(1));
        }
        var p = job.progress;
        if (p) {
          set("phase", names[p.phase] || p.phase);
          document.getElementById("phase").setAttribute("data-phase", p.phase);
          set("components", p.done + " / " + p.total);
          if (p.objective !== null && p.objective !== undefined) { set("objective", Math.round(p.objective).toString()); }
          if (p.gap !== null && p.gap !== undefined) { set("gap", (100 * p.gap).toFixed(2) + "%"); }
          var bar = document.getElementById("bar");
          if (bar) { bar.max = Math.max(1, p.total); bar.value = p.done; }
        }
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { window.setTimeout(poll, 700); });
  }
  window.setTimeout(poll, 300);
}());
