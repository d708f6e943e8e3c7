(function () {
  "use strict";
  var table = document.getElementById("reports");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filters = {
    agency: document.getElementById("f-agency"),
    year: document.getElementById("f-year"),
    rule: document.getElementById("f-rule"),
    status: document.getElementById("f-status")
  };
  var shown = document.getElementById("shown");

  function apply() {
    var a = filters.agency.value.trim();
    var y = filters.year.value;
    var r = filters.rule.value;
    var s = filters.status.value;
    var n = 0;
    rows.forEach(function (tr) {
      var d = tr.dataset;
      var ok = (!a || d.agency.indexOf(a) >= 0 || d.path.indexOf(a) >= 0) &&
        (!y || d.year === y) &&
        (!r || (" " + d.rules + " ").indexOf(" " + r + " ") >= 0) &&
        (!s || d.status === s);
      tr.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
    var parts = [];
    Object.keys(filters).forEach(function (k) {
      if (filters[k].value) { parts.push(k + "=" + encodeURIComponent(filters[k].value)); }
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", parts.length ? "#" + parts.join("&") : window.location.pathname);
    }
  }

  // Filters given in the address (#status=fail&rule=applications.balance).
  window.location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
    var i = kv.indexOf("=");
    if (i < 0) { return; }
    var k = kv.slice(0, i);
    var v = decodeURIComponent(kv.slice(i + 1));
    if (Object.prototype.hasOwnProperty.call(filters, k)) { filters[k].value = v; }
  });
  Object.keys(filters).forEach(function (k) {
    filters[k].addEventListener("input", apply);
    filters[k].addEventListener("change", apply);
  });

  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    if (!th.classList.contains("sortable")) { return; }
    th.tabIndex = 0;
    function key(tr) {
      var c = tr.cells[i];
      return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
    }
    function sort() {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(heads, function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "num";
      rows.sort(function (x, y) {
        var a = key(x);
        var b = key(y);
        if (numeric) {
          var fa = a === "" ? -Infinity : parseFloat(a);
          var fb = b === "" ? -Infinity : parseFloat(b);
          return dir * ((fa > fb) - (fa < fb));
        }
        return dir * a.localeCompare(b, "zh-CN");
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
  apply();
}());
