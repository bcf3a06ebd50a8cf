/* dateline: the event map. Basemap from /static/world.json (pre-projected: x = lon + 180, y = 90 - lat),
   clusters from /api/map, regrouped on a finer grid as you zoom. No dependencies. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

  function svg(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("map");
    if (!root) return;
    var status = document.getElementById("map-status"), info = document.getElementById("map-info");
    var params = new URLSearchParams(location.search);
    var view = { z: Math.max(1, Math.min(32, parseFloat(params.get("z")) || 1)),
                 x: parseFloat(params.get("mx")) || 180, y: parseFloat(params.get("my")) || 75 };
    var land = svg("g", { "class": "basemap" }), dots = svg("g", { "class": "clusters" });
    root.appendChild(land); root.appendChild(dots);
    var grid = null, timer = null;

    function gridFor(z) { var g = 6 / z; return g >= 1 ? Math.round(g) : Math.max(0.1, Math.round(g * 10) / 10); }

    function applyView() {
      var w = 360 / view.z, h = 150 / view.z;
      view.x = Math.max(w / 2, Math.min(360 - w / 2, view.x));
      view.y = Math.max(h / 2, Math.min(150 - h / 2, view.y));
      root.setAttribute("viewBox", [(view.x - w / 2).toFixed(2), (view.y - h / 2).toFixed(2), w.toFixed(2), h.toFixed(2)].join(" "));
      dots.querySelectorAll("circle").forEach(function (c) { c.setAttribute("r", (parseFloat(c.getAttribute("data-r")) / view.z).toFixed(3)); });
      var p = new URLSearchParams(location.search);
      if (view.z > 1) { p.set("z", view.z); p.set("mx", view.x.toFixed(1)); p.set("my", view.y.toFixed(1)); }
      else { p.delete("z"); p.delete("mx"); p.delete("my"); }
      history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p.toString() : ""));
      var g = gridFor(view.z);
      if (g !== grid) { clearTimeout(timer); timer = setTimeout(function () { load(g); }, 150); }
    }

    function showCell(c) {
      info.textContent = "";
      info.appendChild(el("h3", c.events + " events"));
      var quads = el("p", "", { "class": "note" });
      quads.textContent = Object.keys(QUADS).map(function (q) { return QUADS[q] + " " + (c.quads[q] || 0); }).join(" · ") + " · mean Goldstein " + c.goldstein;
      info.appendChild(quads);
      var table = el("table");
      c.places.forEach(function (p) {
        var tr = el("tr");
        tr.appendChild(el("td", p.name || "?"));
        var td = el("td");
        if (p.country) {
          var q = new URLSearchParams(location.search); q.set("country", p.country);
          ["z", "mx", "my"].forEach(function (k) { q.delete(k); });
          td.appendChild(el("a", p.country, { href: "/events?" + q.toString() }));
        }
        tr.appendChild(td);
        tr.appendChild(el("td", p.events, { "class": "r" }));
        table.appendChild(tr);
      });
      info.appendChild(table);
    }

    function load(g) {
      grid = g;
      var p = new URLSearchParams(location.search);
      ["z", "mx", "my"].forEach(function (k) { p.delete(k); });
      p.set("grid", g);
      status.textContent = "loading…";
      fetch("/api/map?" + p.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
        .then(function (res) {
          if (!res.ok) { status.textContent = (res.body.error && res.body.error.detail) || "could not load"; return; }
          while (dots.firstChild) dots.removeChild(dots.firstChild);
          var cells = res.body.cells, top = Math.max.apply(null, cells.map(function (c) { return c.events; }).concat([1]));
          cells.slice().reverse().forEach(function (c) {
            var best = 1;
            Object.keys(c.quads).forEach(function (q) { if (c.quads[q] > c.quads[best]) best = q; });
            var r = 1.2 + 7 * Math.sqrt(c.events / top);
            var circle = svg("circle", { "class": "cluster q" + best, cx: (c.lon + 180).toFixed(2), cy: (90 - c.lat).toFixed(2),
                                         "data-r": r.toFixed(2), r: (r / view.z).toFixed(3), "data-events": c.events });
            var t = svg("title");
            t.textContent = c.events + " events: " + c.places.map(function (pl) { return (pl.name || "?") + " (" + pl.events + ")"; }).join(", ");
            circle.appendChild(t);
            circle.addEventListener("click", function (ev) { ev.stopPropagation(); showCell(c); });
            dots.appendChild(circle);
          });
          status.textContent = cells.length + " clusters · grid " + g + "° · zoom ×" + view.z;
          root.setAttribute("data-ready", "1");
        })
        .catch(function (err) { status.textContent = "could not load: " + err; });
    }

    fetch("/static/world.json").then(function (r) { return r.json(); }).then(function (world) {
      world.countries.forEach(function (c) {
        var path = svg("path", { "class": "land", d: c.d });
        var t = svg("title"); t.textContent = c.name; path.appendChild(t);
        land.appendChild(path);
      });
    });

    function zoom(f) { view.z = Math.max(1, Math.min(32, view.z * f)); applyView(); }
    document.getElementById("zoom-in").addEventListener("click", function () { zoom(2); });
    document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.5); });
    document.getElementById("zoom-reset").addEventListener("click", function () { view = { z: 1, x: 180, y: 75 }; applyView(); });
    root.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var pt = root.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
      var p = pt.matrixTransform(root.getScreenCTM().inverse());
      var f = ev.deltaY < 0 ? 2 : 0.5, nz = Math.max(1, Math.min(32, view.z * f)), k = view.z / nz;
      view.x = p.x + (view.x - p.x) * k; view.y = p.y + (view.y - p.y) * k; view.z = nz;
      applyView();
    }, { passive: false });
    var drag = null;
    root.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y }; });
    window.addEventListener("mouseup", function () { drag = null; });
    root.addEventListener("mousemove", function (ev) {
      if (!drag) return;
      var scale = (360 / view.z) / root.getBoundingClientRect().width;
      view.x = drag.vx - (ev.clientX - drag.x) * scale; view.y = drag.vy - (ev.clientY - drag.y) * scale;
      applyView();
    });
    applyView();
  });
})();
