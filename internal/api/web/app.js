// zhwatch search page: talks to /api/v1 only; no other origin, no framework.
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
};
const SVG = "http://www.w3.org/2000/svg";
const PAGE = 20;
let offset = 0;

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// quoteValue writes a filter value so the query language reads it back whole.
function quoteValue(v) {
  return /[\s()"“”]/.test(v) ? '"' + v.replace(/"/g, "") + '"' : v;
}

function addFilter(term) {
  const q = $("#q");
  if (!q.value.split(/\s+/).includes(term)) q.value = (q.value.trim() + " " + term).trim();
  offset = 0;
  run();
}

async function run(push = true) {
  const q = $("#q").value.trim();
  if (!q) return;
  const sort = $("#sort").value;
  const params = new URLSearchParams({ q, limit: PAGE, offset });
  if (sort) params.set("sort", sort);
  if (push) history.pushState(null, "", "?" + params);
  $("#status").className = "";
  $("#status").textContent = "searching…";
  try {
    const res = await api("/api/v1/search?" + params);
    render(res);
  } catch (err) {
    $("#status").className = "error";
    $("#status").textContent = err.message;
    $("#results").replaceChildren();
    $("#facets").replaceChildren();
    $("#timeline").replaceChildren();
    $("#pager").replaceChildren();
  }
}

function render(res) {
  $("#status").textContent = `${res.total} article(s) · ${res.took_ms} ms`;
  $("#results").replaceChildren(...res.hits.map(hitItem));
  renderFacets(res.facets);
  renderTimeline(res.facets.date);
  const pager = [];
  if (offset > 0) pager.push(el("button", { textContent: "← newer/better", onclick: () => { offset = Math.max(0, offset - PAGE); run(); } }));
  if (offset + PAGE < res.total) pager.push(el("button", { textContent: "more →", onclick: () => { offset += PAGE; run(); } }));
  $("#pager").replaceChildren(...pager);
}

function hitItem(h) {
  const snippet = el("div", { className: "snippet" });
  snippet.innerHTML = h.snippet; // server-escaped HTML: only <mark> is markup
  const title = el("button", { className: "title", type: "button", textContent: h.title || h.url });
  title.addEventListener("click", () => showArticle(h.id));
  const meta = el("div", { className: "meta", textContent: [h.source, h.published_at || "date unknown", h.url].join(" · ") });
  const li = el("li", { className: "hit" }, title, meta, snippet);
  li.dataset.id = h.id;
  return li;
}

function renderFacets(f) {
  const groups = [
    ["Entities", f.entity, (v) => "entity:" + quoteValue(v), "entity"],
    ["Entity types", f.type, (v) => "type:" + quoteValue(v), "type"],
    ["Sources", f.source, (v) => "source:" + quoteValue(v), "source"],
    ["Months", f.date.slice(-12).reverse(), monthFilter, "date"],
  ];
  const out = [];
  for (const [name, counts, filter, kind] of groups) {
    if (!counts.length) continue;
    out.push(el("h3", { textContent: name }));
    for (const c of counts) {
      const b = el("button", { type: "button" }, el("span", { textContent: c.value }), el("span", { className: "n", textContent: c.count }));
      b.dataset.facet = kind;
      b.dataset.value = c.value;
      b.addEventListener("click", () => addFilter(filter(c.value)));
      out.push(b);
    }
  }
  $("#facets").replaceChildren(...out);
}

// monthFilter turns 2024-03 into after:2024-03 before:2024-04.
function monthFilter(m) {
  const [y, mo] = m.split("-").map(Number);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
  return `after:${m} before:${next}`;
}

function renderTimeline(months) {
  const box = $("#timeline");
  if (months.length === 0) { box.replaceChildren(); return; }
  const w = 800, h = 90, pad = 14;
  const max = Math.max(...months.map((m) => m.count));
  const bw = w / months.length;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("preserveAspectRatio", "none");
  months.forEach((m, i) => {
    const bh = Math.max(1, (h - pad) * m.count / max);
    const r = document.createElementNS(SVG, "rect");
    r.setAttribute("x", i * bw + 1);
    r.setAttribute("y", h - pad - bh);
    r.setAttribute("width", Math.max(1, bw - 2));
    r.setAttribute("height", bh);
    const t = document.createElementNS(SVG, "title");
    t.textContent = `${m.value}: ${m.count}`;
    r.append(t);
    r.addEventListener("click", () => addFilter(monthFilter(m.value)));
    svg.append(r);
    if (i === 0 || i === months.length - 1 || months.length <= 12) {
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", i * bw + 2);
      label.setAttribute("y", h - 2);
      label.textContent = m.value;
      svg.append(label);
    }
  });
  box.replaceChildren(svg);
}

// markEntities returns nodes for text with each tag's [start, end) (rune
// offsets) wrapped in a mark.
function markEntities(text, tags) {
  const runes = Array.from(text);
  const nodes = [];
  let at = 0;
  for (const t of [...tags].sort((a, b) => a.start - b.start)) {
    if (t.start < at || t.end > runes.length || t.start >= t.end) continue;
    nodes.push(document.createTextNode(runes.slice(at, t.start).join("")));
    const m = el("mark", { className: "entity", title: `${t.type}: ${t.id}`, textContent: runes.slice(t.start, t.end).join("") });
    m.dataset.entity = t.id;
    nodes.push(m);
    at = t.end;
  }
  nodes.push(document.createTextNode(runes.slice(at).join("")));
  return nodes;
}

async function showArticle(id) {
  const pane = $("#article");
  pane.hidden = false;
  pane.replaceChildren(el("p", { textContent: "loading…" }));
  try {
    const a = await api("/api/v1/articles/" + encodeURIComponent(id));
    const p = a.provenance;
    const dl = el("dl");
    for (const [k, v] of [["url", a.url], ["source", a.source], ["published", a.published_at || "unknown"],
      ["fetched", p.fetched_at.startsWith("0001") ? "unknown" : p.fetched_at], ["final url", p.final_url], ["sha256", p.sha256], ["charset", p.charset || ""],
      ["entities", a.entities.map((t) => t.id).join(", ") || "none"]]) {
      dl.append(el("dt", { textContent: k }), el("dd", { textContent: v }));
    }
    const close = el("button", { type: "button", textContent: "close" });
    close.addEventListener("click", () => { pane.hidden = true; });
    pane.replaceChildren(close, el("h2", { textContent: a.title }), dl,
      el("div", { className: "cols" },
        el("div", { className: "original" }, el("h3", { textContent: "Original" }), ...markEntities(a.original, a.entities)),
        el("div", { className: "normalized" }, el("h3", { textContent: "Normalised" }), a.normalized)));
  } catch (err) {
    pane.replaceChildren(el("p", { className: "error", textContent: err.message }));
  }
}

function fromURL() {
  const p = new URLSearchParams(location.search);
  $("#q").value = p.get("q") || "";
  $("#sort").value = p.get("sort") || "";
  offset = Number(p.get("offset")) || 0;
  if ($("#q").value) run(false);
}

document.addEventListener("DOMContentLoaded", () => {
  $("#search").addEventListener("submit", (e) => { e.preventDefault(); offset = 0; run(); });
  window.addEventListener("popstate", fromURL);
  fromURL();
});
