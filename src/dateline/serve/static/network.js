/* dateline: the actor network, drawn from /api/network with a small force layout. No dependencies. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                 "#bcbd22", "#393b79", "#637939", "#7b4173"];

  function svg(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function mix(a, b, t) {
    var pa = [1, 3, 5].map(function (i) { return parseInt(a.slice(i, i + 2), 16); });
    var pb = [1, 3, 5].map(function (i) { return parseInt(b.slice(i, i + 2), 16); });
    return "rgb(" + pa.map(function (v, i) { return Math.round(v + (pb[i] - v) * t); }).join(",") + ")";
  }

  function edgeColour(g) {
    var x = Math.max(-10, Math.min(10, g || 0)) / 10;
    return x < 0 ? mix("#a3a3a3", "#cb181d", -x) : mix("#a3a3a3", "#08519c", x);
  }

  function layout(nodes, edges, w, h) {
    var n = nodes.length, k = Math.sqrt((w * h) / Math.max(1, n)) * 0.75;
    nodes.forEach(function (d, i) {
      var a = (2 * Math.PI * i) / n, r = Math.min(w, h) * 0.35;
      d.x = w / 2 + r * Math.cos(a); d.y = h / 2 + r * Math.sin(a);
    });
    var index = {};
    nodes.forEach(function (d, i) { index[d.id] = i; });
    var temp = w / 8;
    for (var it = 0; it < 300; it++) {
      var disp = nodes.map(function () { return [0, 0]; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
          var dist = Math.max(0.01, Math.sqrt(dx * dx + dy * dy));
          var f = (k * k) / dist;
          disp[i][0] += (dx / dist) * f; disp[i][1] += (dy / dist) * f;
          disp[j][0] -= (dx / dist) * f; disp[j][1] -= (dy / dist) * f;
        }
      }
      edges.forEach(function (e) {
        var a = index[e.source], b = index[e.target];
        if (a === undefined || b === undefined) return;
        var dx = nodes[a].x - nodes[b].x, dy = nodes[a].y - nodes[b].y;
        var dist = Math.max(0.01, Math.sqrt(dx * dx + dy * dy));
        var f = ((dist * dist) / k) * Math.min(1, 0.3 + Math.log(1 + e.events) / 4);
        disp[a][0] -= (dx / dist) * f; disp[a][1] -= (dy / dist) * f;
        disp[b][0] += (dx / dist) * f; disp[b][1] += (dy / dist) * f;
      });
      nodes.forEach(function (d, i) {
        disp[i][0] += (w / 2 - d.x) * 0.02 * k / 10; disp[i][1] += (h / 2 - d.y) * 0.02 * k / 10;
        var len = Math.max(0.01, Math.sqrt(disp[i][0] * disp[i][0] + disp[i][1] * disp[i][1]));
        d.x += (disp[i][0] / len) * Math.min(len, temp); d.y += (disp[i][1] / len) * Math.min(len, temp);
        d.x = Math.max(30, Math.min(w - 30, d.x)); d.y = Math.max(20, Math.min(h - 20, d.y));
      });
      temp = Math.max(1, temp * 0.98);
    }
    return index;
  }

  function draw(root, data, mode) {
    var w = 1000, h = 640, nodes = data.nodes, edges = data.edges;
    var index = layout(nodes, edges, w, h);
    var top = Math.max.apply(null, nodes.map(function (d) { return d.events; }).concat([1]));
    var topEdge = Math.max.apply(null, edges.map(function (e) { return e.events; }).concat([1]));
    var counts = {};
    nodes.forEach(function (d) { var c = d[mode] || "none"; counts[c] = (counts[c] || 0) + 1; });
    var cats = Object.keys(counts).filter(function (c) { return c !== "none"; })
      .sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); }).slice(0, PALETTE.length);
    function colour(d) { var i = cats.indexOf(d[mode]); return i < 0 ? "#9aa4ad" : PALETTE[i]; }
    var defs = svg("defs");
    var marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", markerUnits: "userSpaceOnUse", orient: "auto" });
    marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#888" }));
    defs.appendChild(marker);
    root.appendChild(defs);
    var edgeLayer = svg("g", { "class": "edges" }), nodeLayer = svg("g", { "class": "nodes" });
    root.appendChild(edgeLayer); root.appendChild(nodeLayer);
    function radius(d) { return 4 + 18 * Math.sqrt(d.events / top); }
    var lines = edges.map(function (e) {
      var a = nodes[index[e.source]], b = nodes[index[e.target]];
      var path = svg("path", { "class": "edge", stroke: edgeColour(e.goldstein), "stroke-width": (0.8 + 5 * e.events / topEdge).toFixed(2), "marker-end": "url(#arrow)" });
      var t = svg("title"); t.textContent = a.name + " → " + b.name + ": " + e.events + " events, mean Goldstein " + e.goldstein;
      path.appendChild(t);
      edgeLayer.appendChild(path);
      return { el: path, a: a, b: b };
    });
    function route(l) {
      var dx = l.b.x - l.a.x, dy = l.b.y - l.a.y, dist = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      var ex = l.b.x - (dx / dist) * (radius(l.b) + 2), ey = l.b.y - (dy / dist) * (radius(l.b) + 2);
      var mx = (l.a.x + ex) / 2 - dy * 0.12, my = (l.a.y + ey) / 2 + dx * 0.12;
      l.el.setAttribute("d", "M" + l.a.x.toFixed(1) + "," + l.a.y.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) + " " + ex.toFixed(1) + "," + ey.toFixed(1));
    }
    lines.forEach(route);
    var dragging = null, moved = false;
    nodes.forEach(function (d) {
      var g = svg("g", { "class": "node", "data-id": d.id, transform: "translate(" + d.x.toFixed(1) + "," + d.y.toFixed(1) + ")" });
      var c = svg("circle", { r: radius(d).toFixed(1), fill: colour(d) });
      var t = svg("title"); t.textContent = d.name + (d.country ? " (" + d.country + ")" : "") + (d.sector ? " · " + d.sector : "") + ": " + d.events + " events";
      c.appendChild(t);
      var label = svg("text", { x: (radius(d) + 2).toFixed(1), y: "3" });
      label.textContent = d.name.length > 28 ? d.name.slice(0, 27) + "…" : d.name;
      g.appendChild(c); g.appendChild(label);
      g.addEventListener("mousedown", function (ev) { dragging = { d: d, g: g }; moved = false; ev.preventDefault(); });
      g.addEventListener("click", function () { if (!moved) location.href = "/actors/" + encodeURIComponent(d.id); });
      nodeLayer.appendChild(g);
    });
    root.addEventListener("mousemove", function (ev) {
      if (!dragging) return;
      var pt = root.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
      var p = pt.matrixTransform(root.getScreenCTM().inverse());
      dragging.d.x = p.x; dragging.d.y = p.y; moved = true;
      dragging.g.setAttribute("transform", "translate(" + p.x.toFixed(1) + "," + p.y.toFixed(1) + ")");
      lines.forEach(function (l) { if (l.a === dragging.d || l.b === dragging.d) route(l); });
    });
    window.addEventListener("mouseup", function () { dragging = null; });
    var legend = document.getElementById("network-legend");
    cats.concat(["other"]).forEach(function (c, i) {
      var li = document.createElement("li");
      var sw = svg("svg", { width: "12", height: "12" });
      sw.appendChild(svg("circle", { cx: "6", cy: "6", r: "6", fill: i < cats.length ? PALETTE[i] : "#9aa4ad" }));
      li.appendChild(sw);
      li.appendChild(document.createTextNode(" " + (c === "other" ? "other / unknown" : c)));
      legend.appendChild(li);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("network");
    var status = document.getElementById("network-status");
    if (!root) return;
    var params = new URLSearchParams(location.search);
    params.set("nodes", root.getAttribute("data-nodes"));
    params.delete("color");
    fetch("/api/network?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = (res.body.error && res.body.error.detail) || "could not load the network"; return; }
        draw(root, res.body, root.getAttribute("data-color"));
        status.textContent = res.body.nodes.length + " actors, " + res.body.edges.length + " links";
        root.setAttribute("data-ready", "1");
      })
      .catch(function (err) { status.textContent = "could not load the network: " + err; });
  });
})();
