/* dateline: the article reader (highlights, inspector). Builds the DOM with textContent only. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var LINKS = { actor: "/actors/", source_actor: "/actors/", target_actor: "/actors/", speaker_actor: "/actors/" };
  var TITLES = { actor: "actor mention", place: "place", time: "time expression", event: "event", quote: "quote" };

  function recordBox(key, rec) {
    var box = el("div", { "class": "rec", "data-key": key });
    box.appendChild(el("h4", null, TITLES[rec.kind] || rec.kind));
    var table = el("table");
    Object.keys(rec).forEach(function (k) {
      var v = rec[k];
      if (k === "kind" || v === null || v === undefined || v === "") return;
      var tr = el("tr");
      tr.appendChild(el("th", null, k));
      var td = el("td");
      if (LINKS[k]) {
        td.appendChild(el("a", { href: LINKS[k] + encodeURIComponent(v) }, v));
      } else {
        td.textContent = Array.isArray(v) ? v.join("–") : String(v);
      }
      tr.appendChild(td);
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }

  function initArticle() {
    var data = document.getElementById("records");
    var body = document.getElementById("article-body");
    var inspector = document.getElementById("inspector");
    if (!data || !body || !inspector) return;
    var records = JSON.parse(data.textContent);
    var pinned = null;

    var toggles = document.getElementById("toggles");
    function applyToggles() {
      toggles.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        body.classList.toggle("on-" + box.value, box.checked);
      });
    }
    toggles.addEventListener("change", applyToggles);
    applyToggles();

    function show(keys) {
      inspector.textContent = "";
      keys.forEach(function (key) {
        if (records[key]) inspector.appendChild(recordBox(key, records[key]));
      });
      if (!inspector.firstChild) inspector.appendChild(el("p", { "class": "note" }, "No record here."));
    }

    function clearSelection() {
      document.querySelectorAll(".selected").forEach(function (n) { n.classList.remove("selected"); });
      document.querySelectorAll(".sel-sentence").forEach(function (n) { n.classList.remove("sel-sentence"); });
    }

    function select(key, scroll) {
      clearSelection();
      var parts = body.querySelectorAll('[data-r~="' + key + '"]');
      parts.forEach(function (n) { n.classList.add("selected"); });
      if (key.charAt(0) === "e") {
        body.querySelectorAll('[data-r~="s' + key.slice(1) + '"]').forEach(function (n) { n.classList.add("sel-sentence"); });
      }
      document.querySelectorAll('[data-key="' + key + '"]').forEach(function (n) {
        if (n.tagName !== "DIV") n.classList.add("selected");
      });
      pinned = key;
      show([key]);
      if (scroll && parts.length) parts[0].scrollIntoView({ block: "center" });
    }

    function keysAt(node) {
      var keys = (node.getAttribute("data-r") || "").split(" ").filter(function (k) { return k && k.charAt(0) !== "s"; });
      return keys;
    }

    body.addEventListener("mouseover", function (ev) {
      var span = ev.target.closest ? ev.target.closest(".hl") : null;
      if (!span || pinned) return;
      show(keysAt(span));
    });
    body.addEventListener("click", function (ev) {
      var span = ev.target.closest ? ev.target.closest(".hl") : null;
      if (!span) { pinned = null; clearSelection(); return; }
      var keys = keysAt(span);
      if (!keys.length) return;
      clearSelection();
      pinned = keys.join(" ");
      keys.forEach(function (k) { body.querySelectorAll('[data-r~="' + k + '"]').forEach(function (n) { n.classList.add("selected"); }); });
      show(keys);
    });
    document.querySelectorAll("[data-key]").forEach(function (row) {
      if (row.tagName === "DIV") return;
      row.addEventListener("click", function (ev) {
        if (ev.target.tagName === "A") return;
        select(row.getAttribute("data-key"), true);
      });
      row.addEventListener("keydown", function (ev) { if (ev.key === "Enter") select(row.getAttribute("data-key"), true); });
    });

    function fromHash() {
      var id = decodeURIComponent(location.hash.slice(1));
      if (!id) return;
      Object.keys(records).forEach(function (key) {
        if (records[key].id === id) select(key, true);
      });
    }
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { pinned = null; clearSelection(); }
    });
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.getAttribute("data-page") === "article") initArticle();
  });
})();
