// zhwatch search page: talks to /api/v1 only; no other origin, no framework.
//
// Every view has an address: the search is /?q=&sort=&offset= (and script=
// once the reader picks 简 or 繁), an article /articles/{id}?<the search>,
// an entity /entities/{id}?<the search>. Links are real links; a click
// pushes the address and route() draws what it names, so reload, Back and
// Forward all work.
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) if (c != null) e.append(c);
  return e;
};
const SVG = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs = {}) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const PAGE = 20;
const ZONE = "Asia/Shanghai";

// names holds every catalog entry the server has sent, by id.
const names = new Map();
let lastSearch = null; // the search parameters the results show
let lastResponse = null;

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// ---- addresses ----

function searchParams() {
  const p = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const k of ["q", "sort", "offset", "script"]) if (p.get(k)) out.set(k, p.get(k));
  return out;
}

function addressOf(path, params) {
  const s = params.toString();
  return path + (s ? "?" + s : "");
}

function go(path, params, replace = false) {
  const url = addressOf(path, params);
  // Remember that this view was opened from the results, so that
  // "← results" can be Back (keeping the results' scroll position).
  const state = { fromResults: location.pathname === "/" && path !== "/" };
  if (replace) history.replaceState(history.state, "", url);
  else history.pushState(state, "", url);
  route();
}

// link makes an <a> to one of the page's own addresses that navigates
// without reloading (a middle click still opens a new tab).
function link(path, params, props, ...children) {
  const a = el("a", { href: addressOf(path, params), ...props }, ...children);
  a.addEventListener("click", (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(path, params);
  });
  return a;
}

// external is a link to the original page, which must not learn where the
// reader came from nor get a handle on this window.
function external(href, text) {
  return el("a", { href, textContent: text, rel: "noopener noreferrer", target: "_blank", className: "orig", title: href });
}

function withParams(changes) {
  const p = searchParams();
  for (const [k, v] of Object.entries(changes)) {
    if (v === "" || v == null || v === 0) p.delete(k);
    else p.set(k, v);
  }
  return p;
}

async function route() {
  const p = searchParams();
  $("#q").value = p.get("q") || "";
  $("#sort").value = p.get("sort") || "";
  const key = ["q", "sort", "offset"].map((k) => p.get(k) || "").join("\u0001");
  if (p.get("q") && key !== lastSearch) {
    lastSearch = key;
    await runSearch(p);
  } else if (!p.get("q")) {
    lastSearch = null;
    clearResults();
  } else if (lastResponse) {
    render(lastResponse); // the script choice may have changed
  }
  const path = location.pathname;
  const art = path.match(/^\/articles\/([^/]+)$/);
  const ent = path.match(/^\/entities\/([^/]+)$/);
  document.body.classList.toggle("detail-open", Boolean(art || ent));
  if (art) await showArticle(decodeURIComponent(art[1]));
  else if (ent) await showEntity(decodeURIComponent(ent[1]));
  else { $("#detail").hidden = true; $("#detail").replaceChildren(); }
  updateScriptButton();
}

// ---- script of the names shown ----

// script is the reader's choice (script=hans|hant in the address), else the
// query's script.
function script() {
  const chosen = searchParams().get("script");
  if (chosen === "hans" || chosen === "hant") return chosen;
  return lastResponse && lastResponse.script === "hant" ? "hant" : "hans";
}

function updateScriptButton() {
  const b = $("#script");
  const s = script();
  b.textContent = s === "hant" ? "繁 → 简" : "简 → 繁";
  b.title = s === "hant" ? "names in traditional characters; click for simplified" : "names in simplified characters; click for traditional";
  b.dataset.script = s;
}

function displayName(id) {
  const e = names.get(id);
  if (!e) return id;
  const order = script() === "hant" ? [e.hant, e.hans, e.en] : [e.hans, e.en, e.hant];
  for (const list of order) if (list && list.length) return list[0];
  return e.name || id;
}

function remember(entities) {
  for (const [id, e] of Object.entries(entities || {})) names.set(id, e);
}

// entityLink is a link to an entity's page, showing its name.
function entityLink(id, extra = "") {
  const a = link("/entities/" + encodeURIComponent(id), searchParams(), { className: "entity-link", title: id }, displayName(id) + extra);
  a.dataset.entity = id;
  return a;
}

// ---- times ----

const dateTime = new Intl.DateTimeFormat("zh-CN", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });

// localTime shows an instant in China time with the zone named; a bare date
// stays a date.
function localTime(s) {
  if (!s || s.startsWith("0001")) return "unknown";
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const t = new Date(s);
  if (isNaN(t)) return s;
  const parts = Object.fromEntries(dateTime.formatToParts(t).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} 北京时间 (UTC+8)`;
}

// ---- search ----

function quoteValue(v) {
  return /[\s()"“”]/.test(v) ? '"' + v.replace(/"/g, "") + '"' : v;
}

function addFilter(term) {
  const q = $("#q").value.trim();
  const next = q.split(/\s+/).includes(term) ? q : (q + " " + term).trim();
  go("/", withParams({ q: next, offset: 0 }));
}

function clearResults() {
  lastResponse = null;
  for (const id of ["#results", "#facets", "#timeline", "#pager", "#hints", "#exports"]) $(id).replaceChildren();
  $("#status").textContent = "";
}

async function runSearch(p) {
  const params = new URLSearchParams({ q: p.get("q"), limit: PAGE, offset: p.get("offset") || 0 });
  if (p.get("sort")) params.set("sort", p.get("sort"));
  $("#status").className = "";
  $("#status").textContent = "searching…";
  try {
    const res = await api("/api/v1/search?" + params);
    remember(res.entities);
    lastResponse = res;
    render(res);
    renderTimeline(p.get("q"));
  } catch (err) {
    clearResults();
    $("#status").className = "error";
    $("#status").textContent = err.message;
  }
}

function render(res) {
  const p = searchParams();
  const offset = Number(p.get("offset")) || 0;
  $("#status").className = "";
  $("#status").textContent = `${res.total} article(s) · ${res.took_ms} ms`;
  renderHints(res);
  if (res.total > 0) renderExports(p.get("q"));
  else $("#exports").replaceChildren();
  $("#results").replaceChildren(...res.hits.map(hitItem));
  renderFacets(res.facets);
  const pager = [];
  if (offset > 0) pager.push(link("/", withParams({ offset: Math.max(0, offset - PAGE) }), { textContent: "← previous" }));
  if (offset + PAGE < res.total) pager.push(link("/", withParams({ offset: offset + PAGE }), { textContent: "next →" }));
  $("#pager").replaceChildren(...pager);
}

function renderHints(res) {
  const box = $("#hints");
  if (!res.suggestions || res.suggestions.length === 0) { box.replaceChildren(); return; }
  const items = res.suggestions.map((s) => el("li", {}, el("code", { textContent: s.term }), " → ", el("code", { textContent: s.suggestion }), ": " + s.reason));
  const fixed = res.did_you_mean ? link("/", withParams({ q: res.did_you_mean, offset: 0 }), { className: "did-you-mean", textContent: res.did_you_mean }) : null;
  box.replaceChildren(el("p", {}, "Did you mean ", fixed, fixed ? "?" : ""), el("ul", {}, ...items));
}

function renderExports(q) {
  const mk = (format, label) => el("a", { href: "/api/v1/export?" + new URLSearchParams({ q, format }), textContent: label, className: "export", download: "" });
  $("#exports").replaceChildren("Download every match: ", mk("csv", "CSV"), " ", mk("jsonl", "JSON lines"),
    " · timeline ", el("a", { href: "/api/v1/timeline?" + new URLSearchParams({ q, format: "csv" }), textContent: "CSV", download: "" }));
}

function hitItem(h) {
  const snippet = el("div", { className: "snippet" });
  snippet.innerHTML = h.snippet; // server-escaped HTML: only <mark> is markup
  const title = link("/articles/" + encodeURIComponent(h.id), searchParams(), { className: "title", textContent: h.title || h.url });
  const meta = el("div", { className: "meta" }, el("span", { textContent: h.source }), " · ",
    el("span", { textContent: localTime(h.published_at) === "unknown" ? "date unknown" : localTime(h.published_at) }), " · ", external(h.url, h.url));
  const ids = [...new Set(h.entities)].filter((id) => names.has(id)).slice(0, 8);
  const tags = ids.length ? el("div", { className: "tags" }, ...ids.map((id) => entityLink(id))) : null;
  const li = el("li", { className: "hit" }, title, meta, snippet, tags);
  li.dataset.id = h.id;
  return li;
}

function renderFacets(f) {
  const groups = [
    ["Entities", f.entity, (v) => "entity:" + quoteValue(v), "entity"],
    ["Entity types", f.type, (v) => "type:" + quoteValue(v), "type"],
    ["Sources", f.source, (v) => "source:" + quoteValue(v), "source"],
  ];
  const out = [];
  for (const [name, counts, filter, kind] of groups) {
    if (!counts.length) continue;
    out.push(el("h3", { textContent: name }));
    for (const c of counts) {
      const label = kind === "entity" ? displayName(c.value) : c.value;
      const b = el("button", { type: "button", title: kind === "entity" ? c.value : "" }, el("span", { className: "label", textContent: label }), el("span", { className: "n", textContent: c.count }));
      b.dataset.facet = kind;
      b.dataset.value = c.value;
      b.addEventListener("click", () => addFilter(filter(c.value)));
      const row = el("div", { className: "facet" }, b);
      if (kind === "entity") row.append(link("/entities/" + encodeURIComponent(c.value), searchParams(), { className: "about", textContent: "ⓘ", title: "about " + c.value }));
      out.push(row);
    }
  }
  $("#facets").replaceChildren(...out);
}

// ---- timeline ----

// narrowTo is the filter for timeline intervals first to last (both
// included): [first's start, the start of the interval after last).
function narrowTo(first, last, interval) {
  if (interval === "month") {
    const [y, m] = last.split("-").map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
    return `after:${first} before:${next}`;
  }
  const d = new Date(last + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + (interval === "week" ? 7 : 1));
  return `after:${first} before:${d.toISOString().slice(0, 10)}`;
}

async function renderTimeline(q) {
  const box = $("#timeline");
  try {
    const tl = await api("/api/v1/timeline?" + new URLSearchParams({ q }));
    drawTimeline(box, tl, (a, b) => addFilter(narrowTo(a.value, b.value, tl.interval)));
    redrawOnResize(box);
  } catch (err) {
    box.replaceChildren(el("p", { className: "error", textContent: "timeline: " + err.message }));
  }
}

// redrawOnResize draws a chart again when its box changes width (a detail
// view opening beside the results, the window resized), from the data it
// was drawn with.
const drawn = new WeakMap();
const resized = new ResizeObserver((entries) => {
  for (const e of entries) {
    const last = drawn.get(e.target);
    if (last && Math.abs(last.width - e.target.clientWidth) > 1) drawTimeline(e.target, last.tl, last.onPick);
  }
});
function redrawOnResize(box) { resized.observe(box); }

// drawTimeline draws one bar per interval, empty ones as a zero-height bar
// on the axis, at the box's real pixel width so that labels keep their size.
// A click on a column, or a drag across several, calls onPick(first, last).
function drawTimeline(box, tl, onPick) {
  box.dataset.interval = tl.interval;
  const counts = tl.counts;
  if (counts.length === 0) { box.replaceChildren(el("p", { className: "muted", textContent: "no dated matches" })); return; }
  drawn.set(box, { tl, onPick, width: box.clientWidth });
  const w = Math.max(240, box.clientWidth || 600), h = 110, left = 34, bottom = 20, top = 8;
  const max = Math.max(1, ...counts.map((c) => c.count));
  const bw = (w - left) / counts.length;
  const svg = svgEl("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": `articles per ${tl.interval}` });
  svg.append(svgEl("line", { x1: left, y1: h - bottom, x2: w, y2: h - bottom, class: "axis" }));
  svg.append(svgEl("line", { x1: left, y1: top, x2: left, y2: h - bottom, class: "axis" }));
  const yLabel = (v, y) => { const t = svgEl("text", { x: left - 4, y, "text-anchor": "end", class: "tick" }); t.textContent = v; svg.append(t); };
  yLabel(max, top + 8);
  yLabel(0, h - bottom);
  const every = Math.max(1, Math.ceil(counts.length / Math.max(2, Math.floor((w - left) / 70))));
  counts.forEach((c, i) => {
    const bh = (h - bottom - top) * c.count / max;
    const r = svgEl("rect", { x: left + i * bw + 1, y: h - bottom - bh, width: Math.max(1, bw - 2), height: bh, class: c.count ? "bar" : "bar zero" });
    r.dataset.value = c.value;
    r.dataset.count = c.count;
    const tip = svgEl("title");
    tip.textContent = `${c.value}: ${c.count} article(s) — click or drag to narrow`;
    r.append(tip);
    // A hit area over the whole column, so that an empty interval can be picked too.
    const hit = svgEl("rect", { x: left + i * bw, y: top, width: bw, height: h - bottom - top, class: "hit-area" });
    hit.dataset.index = i;
    hit.append(tip.cloneNode(true));
    svg.append(hit, r);
    // Labels at even steps, the first and the last kept inside the box and
    // none so close to the last that they overlap it.
    const last = i === counts.length - 1;
    const x = left + i * bw + bw / 2;
    if (last || (i % every === 0 && w - x > 75)) {
      const anchor = last ? "end" : i === 0 ? "start" : "middle";
      const t = svgEl("text", { x: last ? w - 1 : i === 0 ? left + 1 : x, y: h - 5, "text-anchor": anchor, class: "tick" });
      t.textContent = c.value;
      svg.append(t);
    }
  });
  pickRange(svg, counts, (x) => Math.min(counts.length - 1, Math.max(0, Math.floor((x - left) / bw))), onPick);
  const caption = el("div", { className: "caption", textContent: `articles per ${tl.interval} (China time), ${counts[0].value} – ${counts[counts.length - 1].value}; click a bar or drag across bars to narrow` });
  box.replaceChildren(svg, caption);
}

// pickRange lets the pointer pick one column (a click) or a run of them (a
// drag), shading the run while dragging. column maps an x in the svg to a
// column's index.
function pickRange(svg, counts, column, onPick) {
  let from = null;
  const at = (e) => column(e.clientX - svg.getBoundingClientRect().left);
  const shade = (a, b) => {
    for (const r of svg.querySelectorAll(".hit-area")) {
      const i = Number(r.dataset.index);
      r.classList.toggle("selected", a !== null && i >= Math.min(a, b) && i <= Math.max(a, b));
    }
  };
  svg.addEventListener("pointerdown", (e) => {
    from = at(e);
    svg.setPointerCapture?.(e.pointerId);
    shade(from, from);
  });
  svg.addEventListener("pointermove", (e) => { if (from !== null) shade(from, at(e)); });
  svg.addEventListener("pointerup", (e) => {
    if (from === null) return;
    const to = at(e);
    const [a, b] = [Math.min(from, to), Math.max(from, to)];
    from = null;
    shade(null, null);
    onPick(counts[a], counts[b]);
  });
  svg.addEventListener("pointercancel", () => { from = null; shade(null, null); });
}

// ---- article ----

function backToResults() {
  const b = el("button", { type: "button", className: "back", textContent: "← results" });
  b.addEventListener("click", () => {
    if (history.state && history.state.fromResults) history.back();
    else go("/", searchParams());
  });
  return b;
}

function markEntities(text, tags) {
  const runes = Array.from(text);
  const nodes = [];
  let at = 0;
  for (const t of [...tags].sort((a, b) => a.start - b.start)) {
    if (t.start < at || t.end > runes.length || t.start >= t.end) continue;
    nodes.push(document.createTextNode(runes.slice(at, t.start).join("")));
    const m = el("mark", { className: "entity", title: `${displayName(t.id)} — ${t.id}`, textContent: runes.slice(t.start, t.end).join("") });
    m.dataset.entity = t.id;
    nodes.push(m);
    at = t.end;
  }
  nodes.push(document.createTextNode(runes.slice(at).join("")));
  return nodes;
}

async function showArticle(id) {
  const pane = $("#detail");
  pane.hidden = false;
  pane.replaceChildren(el("p", { textContent: "loading…" }));
  try {
    const a = await api("/api/v1/articles/" + encodeURIComponent(id));
    remember(a.entity_names);
    const p = a.provenance;
    // One chip per entity, with how often it is mentioned; an id the
    // catalog does not hold (an amount, a document number) shows the text
    // it was found as, the id on hover.
    const seen = new Map();
    for (const t of a.entities) {
      const e = seen.get(t.id) || { n: 0, text: t.text };
      e.n++;
      seen.set(t.id, e);
    }
    const times = (n) => (n > 1 ? ` ×${n}` : "");
    const chips = [...seen].map(([eid, e]) => names.has(eid) ? entityLink(eid, times(e.n)) : el("span", { className: "entity-id", title: eid, textContent: (e.text || eid) + times(e.n) }));
    const links = el("p", { className: "links" }, external(a.url, "original page ↗"));
    if (p.stored_copy) links.append(" · ", el("a", { href: p.stored_copy, rel: "noopener noreferrer", target: "_blank", className: "stored", textContent: "stored copy (as fetched, plain text)" }));
    const dl = el("dl");
    for (const [k, v] of [["source", a.source], ["published", localTime(a.published_at)], ["fetched", localTime(p.fetched_at)],
      ["final url", p.final_url], ["sha256", p.sha256], ["charset", p.charset || ""]]) {
      if (v) dl.append(el("dt", { textContent: k }), el("dd", { textContent: v }));
    }
    pane.replaceChildren(backToResults(), el("h2", { textContent: a.title }), links, dl,
      el("div", { className: "tags article-entities" }, ...chips),
      el("div", { className: "cols" },
        el("div", { className: "original" }, el("h3", { textContent: "Original" }), ...markEntities(a.original, a.entities)),
        el("div", { className: "normalized" }, el("h3", { textContent: "Normalised" }), a.normalized)));
    pane.dataset.article = a.id;
    for (const m of pane.querySelectorAll("mark.entity")) {
      m.addEventListener("click", () => go("/entities/" + encodeURIComponent(m.dataset.entity), searchParams()));
    }
  } catch (err) {
    pane.replaceChildren(backToResults(), el("p", { className: "error", textContent: err.message }));
  }
}

// ---- entity ----

async function showEntity(id) {
  const pane = $("#detail");
  pane.hidden = false;
  pane.replaceChildren(el("p", { textContent: "loading…" }));
  try {
    const [e, tl, recent] = await Promise.all([
      api("/api/v1/entities/" + encodeURIComponent(id)),
      api(`/api/v1/entities/${encodeURIComponent(id)}/timeline?interval=month`),
      api("/api/v1/search?" + new URLSearchParams({ q: "entity:" + id, sort: "date", limit: 10 })),
    ]);
    names.set(e.id, e);
    remember(recent.entities);
    const nameRow = (label, list) => list && list.length ? [el("dt", { textContent: label }), el("dd", { textContent: list.join(" / ") })] : [];
    const dl = el("dl", {}, el("dt", { textContent: "id" }), el("dd", { textContent: e.id }), el("dt", { textContent: "type" }), el("dd", { textContent: e.type }),
      ...nameRow("简体", e.hans), ...nameRow("繁體", e.hant), ...nameRow("English", e.en), el("dt", { textContent: "articles" }), el("dd", { textContent: e.articles }));
    const chart = el("div", { className: "entity-timeline" });
    const list = el("ol", { className: "recent" }, ...recent.hits.map((h) => el("li", {},
      link("/articles/" + encodeURIComponent(h.id), searchParams(), { textContent: h.title || h.url }), " ", el("span", { className: "muted", textContent: localTime(h.published_at) }))));
    const search = link("/", withParams({ q: "entity:" + e.id, offset: 0 }), { textContent: `search entity:${e.id}` });
    pane.replaceChildren(backToResults(), el("h2", { textContent: displayName(e.id) }), dl, el("h3", { textContent: "Mentions per month" }), chart,
      el("p", { className: "exports" }, el("a", { href: `/api/v1/entities/${encodeURIComponent(e.id)}/timeline?interval=month&format=csv`, textContent: "timeline CSV", download: "" })),
      el("h3", { textContent: "Most recent articles" }), list, el("p", {}, search));
    pane.dataset.entity = e.id;
    drawTimeline(chart, { interval: tl.interval, counts: tl.counts }, (a, b) => go("/", withParams({ q: `entity:${e.id} ${narrowTo(a.value, b.value, "month")}`, offset: 0 })));
    redrawOnResize(chart);
  } catch (err) {
    pane.replaceChildren(backToResults(), el("p", { className: "error", textContent: err.message }));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#search").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("#q").value.trim();
    if (!q) return;
    go("/", withParams({ q, sort: $("#sort").value, offset: 0 }));
  });
  $("#script").addEventListener("click", () => {
    go(location.pathname, withParams({ script: script() === "hant" ? "hans" : "hant" }), true);
  });
  window.addEventListener("popstate", route);
  route();
});
