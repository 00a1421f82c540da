/* unspin report viewer. Data sits in deflate+base64 blocks of this page (see
   unspin/report/render.py); a block is decoded the first time a view needs it. Every piece of
   text from the data goes through textContent / createTextNode, never innerHTML. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const blocks = new Map();
  const COPY = new Set(["duplicate", "near_duplicate", "spun", "paraphrase", "partial"]);
  let D = null, P = null, byId = new Map(), pairKey = new Map(), docPairs = [], stories = [];
  const state = { q: "", relation: "", site: "", from: "", to: "" };
  const PAGE = 100;

  function parsed() {
    return document.readyState === "loading"
      ? new Promise((ok) => document.addEventListener("DOMContentLoaded", ok, { once: true }))
      : Promise.resolve();
  }
  function block(name) {
    if (!blocks.has(name)) {
      // the index precedes this script, so it is complete; later blocks may still be parsing
      const ready = name === "index" ? Promise.resolve() : parsed();
      blocks.set(name, ready.then(async () => {
        const node = $("u-" + name);
        const bytes = node.dataset.enc === "64" ? fromBase64(node.textContent.trim()) : fromBytes(node.textContent);
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
        const data = JSON.parse(await new Response(stream).text());
        if (name[0] !== "t") return data;
        const words = await block("w");
        for (const item of data) item[0] = decodeWords(item[0], words);
        return data;
      }));
    }
    return blocks.get(name);
  }
  /* Texts are word-coded (unspin/report/wordcode.py): U+0001 escapes the next character;
     a character from U+0100 on (surrogates skipped) within the word list stands for a word. */
  function decodeWords(coded, words) {
    const out = [];
    let run = 0;
    for (let i = 0; i < coded.length; i++) {
      const c = coded.charCodeAt(i);
      if (c === 1 && i + 1 < coded.length) {
        out.push(coded.slice(run, i)); run = i + 1; i++;
        continue;
      }
      if (c < 0x100 || (c >= 0xD800 && c < 0xE000) || c > 0xFFFD) continue;
      const k = c - 0x100 - (c >= 0xE000 ? 0x800 : 0);
      if (k >= words.length) continue;
      out.push(coded.slice(run, i), words[k]); run = i + 1;
    }
    out.push(coded.slice(run));
    return out.join("");
  }
  /* windows-1252 maps 0x80-0x9F to these code points (WHATWG Encoding); the rest are identity */
  const CP1252 = [0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D,
    0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178];
  const BYTE_OF = new Map(CP1252.map((c, i) => [c, 0x80 + i]));
  const UNESCAPE = [0x00, 0x0D, 0x3C, 0x3D]; // "=0".."=3", see unspin/report/render.py
  function fromBytes(s) {
    const out = new Uint8Array(s.length);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0x80 && (c < 0xA0 || c > 0xFF)) c = BYTE_OF.get(c);
      if (c === 0x3D) c = UNESCAPE[s.charCodeAt(++i) - 48];
      out[n++] = c;
    }
    return out.subarray(0, n);
  }
  function fromBase64(s) {
    const raw = atob(s), out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  async function evidence(p) {
    const chunk = await block("p" + Math.floor(p / D.pairs_per_chunk));
    const [columns, rows] = chunk, k = p % D.pairs_per_chunk, [reason, spans] = rows[k];
    const scores = {};  // stored as columns per chunk (model.py pair_chunk)
    D.score_names.forEach((n, i) => { if (columns[i][k] !== null) scores[n] = columns[i][k]; });
    return { reason, scores, spans };
  }
  async function text(d) {
    const [c, k] = D.docs.text[d];
    if (c < 0) return null;
    const [body, boiler] = (await block("t" + c))[k];
    return { body, boiler };
  }

  /* ---- small DOM helpers ---- */
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
      else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined)
      e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    return e;
  }
  const enc = encodeURIComponent;
  const docName = (d) => D.docs.id[d];
  const docLink = (d) => el("a", { href: "#doc=" + enc(docName(d)), text: docName(d) });
  const pairHref = (p) => "#pair=" + enc(docName(P.a[p])) + "," + enc(docName(P.b[p]));
  const relName = (p) => D.relations[P.relation[p]];
  const pct = (x) => Math.round(100 * x) + " %";
  function relBadge(p) {
    const r = relName(p);
    const cls = COPY.has(r) ? "rel-copy" : r === "same_story" ? "rel-story" : "rel-none";
    const label = r === "same_story" ? "same story (related, not copied)" : r.replace("_", " ");
    return el("span", { class: "rel " + cls, text: label });
  }
  function original(p) {
    const s = P.source[p];
    return s === 1 ? P.a[p] : s === 2 ? P.b[p] : -1;
  }

  /* ---- index, filters ---- */
  function buildIndex() {
    const n = D.docs.id.length;
    D.docs.id.forEach((id, d) => byId.set(id, d));
    docPairs = Array.from({ length: n }, () => []);
    P.a.forEach((a, p) => {
      pairKey.set(a + "," + P.b[p], p);
      docPairs[a].push(p); docPairs[P.b[p]].push(p);
    });
    const members = new Map();
    D.docs.story.forEach((s, d) => { if (s >= 0) (members.get(s) || members.set(s, []).get(s)).push(d); });
    stories = [...members.entries()].filter(([, m]) => m.length > 1)
      .sort((x, y) => y[1].length - x[1].length || x[0] - y[0]);
    D.storyMembers = members;
    const sites = [...new Set(D.docs.site.filter(Boolean))].sort().slice(0, 2000);
    $("sites").replaceChildren(...sites.map((s) => el("option", { value: s })));
    const copies = P.relation.filter((r) => COPY.has(D.relations[r])).length;
    const same = P.relation.filter((r) => D.relations[r] === "same_story").length;
    const skipped = D.docs.skipped.filter(Boolean).length;
    const families = new Set(D.docs.family.filter((f, d) => f >= 0 && f !== d)).size;
    $("summary").textContent = `${n} records (${skipped} skipped), ${P.a.length} related pairs: ` +
      `${copies} copies, ${same} same-story; ${stories.length} stories with more than one document; ` +
      `${families} copy families.`;
  }
  function docOK(d) {
    const date = D.docs.date[d].slice(0, 10);
    if (state.from && (!date || date < state.from)) return false;
    if (state.to && (!date || date > state.to)) return false;
    if (state.site && !D.docs.site[d].toLowerCase().includes(state.site)) return false;
    if (state.q && !(D.docs.id[d] + "\n" + D.docs.title[d] + "\n" + D.docs.site[d]).toLowerCase().includes(state.q))
      return false;
    return true;
  }
  function relOK(p) {
    const r = relName(p);
    return !state.relation || r === state.relation || (state.relation === "copies" && COPY.has(r));
  }
  const pairOK = (p) => relOK(p) && (docOK(P.a[p]) || docOK(P.b[p]));
  const docShown = (d) => docOK(d) && (!state.relation || docPairs[d].some(relOK));

  /* ---- views ---- */
  function heading(text, ...extra) {
    return el("h2", { tabindex: "-1", id: "view-title" }, text, ...extra);
  }
  function paged(rows, render, head) {
    const tbody = el("tbody");
    const table = el("table", {}, el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col", text: h })))), tbody);
    let shown = 0;
    const more = el("button", { class: "more", type: "button" });
    const step = () => {
      rows.slice(shown, shown + PAGE).forEach((r) => tbody.append(render(r)));
      shown = Math.min(rows.length, shown + PAGE);
      more.textContent = `Show ${Math.min(PAGE, rows.length - shown)} more (${shown} of ${rows.length} shown)`;
      more.hidden = shown >= rows.length;
    };
    more.addEventListener("click", step);
    step();
    return [el("p", { class: "muted", text: `${rows.length} shown by the filters.` }), table, more];
  }
  function storyLabel(s) {
    const t = D.docs.title[s];
    return docName(s) + (t ? " — " + t : "");
  }
  function viewStories() {
    const rows = stories.filter(([, m]) => m.some(docShown));
    return [heading("Stories"), el("p", { class: "muted", text: "Groups of reports on one event. Open a story to see its copy families and its related, not copied, pairs." }),
      ...paged(rows, ([s, m]) => {
        const count = new Map();
        m.forEach((d) => count.set(D.docs.family[d], (count.get(D.docs.family[d]) || 0) + 1));
        const fams = [...count.values()].filter((c) => c > 1);
        const ps = new Set(m.flatMap((d) => docPairs[d]));
        const copies = [...ps].filter((p) => COPY.has(relName(p))).length;
        const dates = m.map((d) => D.docs.date[d].slice(0, 10)).filter(Boolean).sort();
        const sites = [...new Set(m.map((d) => D.docs.site[d]).filter(Boolean))];
        return el("tr", {}, el("td", {}, el("a", { href: "#story=" + enc(docName(s)), text: storyLabel(s) })),
          el("td", { class: "num", text: m.length }), el("td", { class: "num", text: fams.length }),
          el("td", { class: "num", text: copies }),
          el("td", { text: dates.length ? dates[0] + (dates.at(-1) !== dates[0] ? " to " + dates.at(-1) : "") : "" }),
          el("td", { text: sites.slice(0, 3).join(", ") + (sites.length > 3 ? ", …" : "") }));
      }, ["story", "documents", "families", "copy pairs", "dates", "sites"])];
  }
  function pairRow(p) {
    const o = original(p);
    return el("tr", {}, el("td", {}, docLink(P.a[p])), el("td", {}, docLink(P.b[p])), el("td", {}, relBadge(p)),
      el("td", {}, o >= 0 ? docName(o) : el("span", { class: "muted", text: "undecided" })),
      el("td", { class: "num", text: pct(P.coverage_a[p]) + " / " + pct(P.coverage_b[p]) }),
      el("td", { class: "num", text: P.substitutions[p] }),
      el("td", {}, el("a", { href: pairHref(p), text: "compare" })));
  }
  const PAIR_HEAD = ["A", "B", "relation", "original", "coverage A / B", "swaps", "evidence"];
  function viewPairs() {
    const rows = P.a.map((_, p) => p).filter(pairOK);
    return [heading("Pairs"), ...paged(rows, pairRow, PAIR_HEAD)];
  }
  function docRow(d) {
    const role = D.docs.skipped[d] ? "skipped" : D.docs.family[d] >= 0 && docPairs[d].some((p) => COPY.has(relName(p)))
      ? (D.docs.original[d] ? "original" : "copy") : "";
    return el("tr", {}, el("td", {}, docLink(d)), el("td", { text: D.docs.title[d] }), el("td", { text: D.docs.site[d] }),
      el("td", { text: D.docs.date[d] }), el("td", { text: role }), el("td", { class: "num", text: docPairs[d].length }));
  }
  const DOC_HEAD = ["document", "title", "site", "published", "role", "pairs"];
  function viewDocs() {
    const rows = D.docs.id.map((_, d) => d).filter(docShown);
    return [heading("Documents"), ...paged(rows, docRow, DOC_HEAD)];
  }
  function whyRelated(ev) {
    const s = ev.scores, f = (k) => (s[k] ?? 0).toFixed(2);
    const days = s.days_apart !== undefined
      ? ` Published ${f("days_apart")} days apart (story score weighed by time: ${f("dated_story")}).` : "";
    return `Related, not copied: no passage of either text is reused, but they report one event: ` +
      `similarity of their names ${f("names")}, of their numbers ${f("numbers")}, of their rare words ` +
      `${f("topic")}, so a story score of ${f("story")} (at least ${D.story_threshold} is one story).${days}`;
  }
  async function viewStory(s) {
    const m = D.storyMembers.get(s) || [s];
    const fams = new Map();
    m.forEach((d) => { const f = D.docs.family[d]; (fams.get(f) || fams.set(f, []).get(f)).push(d); });
    const familyRows = [...fams.entries()].filter(([, ds]) => ds.length > 1).map(([f, ds]) =>
      el("li", {}, el("a", { href: "#family=" + enc(docName(f)), text: `copy family of ${ds.length}` }),
        ", original ", docLink(ds.find((d) => D.docs.original[d]) ?? f)));
    const inside = new Set(m);
    const same = [...new Set(m.flatMap((d) => docPairs[d]))].filter((p) => relName(p) === "same_story" && inside.has(P.a[p]) && inside.has(P.b[p]));
    const sameRows = await Promise.all(same.map(async (p) => el("tr", {}, el("td", {}, docLink(P.a[p])), el("td", {}, docLink(P.b[p])),
      el("td", { text: whyRelated(await evidence(p)) }), el("td", {}, el("a", { href: pairHref(p), text: "compare" })))));
    return [heading("Story " + storyLabel(s)),
      el("h3", { text: "Copy families" }), familyRows.length ? el("ul", {}, familyRows) : el("p", { class: "muted", text: "No copies in this story." }),
      el("h3", { text: "Related, not copied" }),
      sameRows.length ? el("table", {}, el("thead", {}, el("tr", {}, ["A", "B", "why", "evidence"].map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, sameRows))
        : el("p", { class: "muted", text: "No same-story pairs." }),
      el("h3", { text: `Documents (${m.length})` }), ...paged(m, docRow, DOC_HEAD)];
  }
  async function viewFamily(f) {
    const m = D.docs.family.map((x, d) => (x === f ? d : -1)).filter((d) => d >= 0)
      .sort((x, y) => D.docs.original[y] - D.docs.original[x] || D.docs.date[x].localeCompare(D.docs.date[y]) || x - y);
    const inside = new Set(m);
    const edges = [...new Set(m.flatMap((d) => docPairs[d]))].filter((p) => COPY.has(relName(p)) && inside.has(P.a[p]) && inside.has(P.b[p]));
    const order = new Map(m.map((d, k) => [d, k]));
    const rank = (p) => order.get(original(p)) ?? m.length; // edges from the original first
    edges.sort((x, y) => rank(x) - rank(y) || x - y);
    const edgeRows = await Promise.all(edges.map(async (p) => {
      const o = original(p), c = o === P.a[p] ? P.b[p] : P.a[p];
      const ev = await evidence(p);
      return el("tr", {}, el("td", {}, docLink(o >= 0 ? c : P.b[p])), el("td", { text: o >= 0 ? "copies" : "shares text with (direction undecided)" }),
        el("td", {}, docLink(o >= 0 ? o : P.a[p])), el("td", {}, relBadge(p)), el("td", { text: ev.reason }),
        el("td", {}, el("a", { href: pairHref(p), text: "compare" })));
    }));
    return [heading("Copy family of " + docName(f)),
      el("p", {}, "Original: ", docLink(m[0]), m[0] !== undefined && D.docs.title[m[0]] ? " — " + D.docs.title[m[0]] : ""),
      el("h3", { text: "Who copied whom" }),
      el("table", {}, el("thead", {}, el("tr", {}, ["copy", "", "source", "relation", "why this direction", "evidence"].map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, edgeRows)),
      el("h3", { text: "Members (original first)" }), ...paged(m, docRow, DOC_HEAD)];
  }
  function meta(d) {
    const items = [["id", docName(d)], ["title", D.docs.title[d]], ["site", D.docs.site[d]], ["published", D.docs.date[d]],
      ["URL", D.docs.url[d]], ["read from", D.docs.location[d]], ["skipped", D.docs.skipped[d]]];
    const dl = el("dl", { class: "meta" });
    for (const [k, v] of items) if (v) dl.append(el("dt", { text: k }), el("dd", { text: v }));
    if (D.docs.story[d] >= 0) dl.append(el("dt", { text: "story" }), el("dd", {}, el("a", { href: "#story=" + enc(docName(D.docs.story[d])), text: docName(D.docs.story[d]) })));
    if (D.docs.family[d] >= 0 && D.docs.family[d] !== d || D.docs.family.some((f, x) => f === d && x !== d))
      dl.append(el("dt", { text: "copy family" }), el("dd", {}, el("a", { href: "#family=" + enc(docName(D.docs.family[d])), text: docName(D.docs.family[d]) })));
    if (D.docs.linked[d].length) dl.append(el("dt", { text: "copies across stories" }), el("dd", {}, D.docs.linked[d].flatMap((s) => [el("a", { href: "#story=" + enc(docName(s)), text: docName(s) }), " "])));
    return dl;
  }
  async function viewDoc(d) {
    const t = await text(d);
    return [heading("Document " + docName(d)), meta(d), el("h3", { text: `Pairs (${docPairs[d].length})` }), ...paged(docPairs[d], pairRow, PAIR_HEAD),
      el("h3", { text: "Text" }), t ? el("div", { class: "text side" }, renderText(t, [], [], "d")) : el("p", { class: "muted", text: "Text not stored (the document is in no pair)." })];
  }

  /* ---- the pair view ---- */
  function renderText(t, passages, subs, side) {
    /* passages: [{n, s, e}], subs: [{k, s, e, label}], t.boiler: [[s, e]]; offsets in UTF-16 units */
    const body = t.body, cuts = new Set([0, body.length]);
    const ps = passages.filter((x) => x.e > x.s).sort((x, y) => x.s - y.s);
    let end = 0;
    for (const x of ps) { x.s = Math.max(x.s, end); end = Math.max(end, x.e); }
    const live = ps.filter((x) => x.e > x.s);
    for (const r of [...live, ...subs]) { cuts.add(r.s); cuts.add(r.e); }
    for (const [s, e] of t.boiler) { cuts.add(s); cuts.add(e); }
    const at = [...cuts].filter((c) => c >= 0 && c <= body.length).sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    let cur = null, curN = -1;
    const inside = (list, s, e) => list.find((r) => r.s <= s && e <= r.e);
    for (let i = 0; i + 1 < at.length; i++) {
      const s = at[i], e = at[i + 1];
      const p = inside(live, s, e), b = t.boiler.some(([x, y]) => x <= s && e <= y), sub = inside(subs, s, e);
      if ((p ? p.n : -1) !== curN) {
        curN = p ? p.n : -1;
        if (p) {
          const badge = el("button", { type: "button", class: "pnum", id: `${side}-p${p.n}`, "data-passage": p.n,
            "aria-label": `Passage ${p.n} (${side === "a" ? "left" : "right"}): go to its partner`, text: p.n });
          cur = el("mark", { class: `passage c${(p.n - 1) % 8}`, "data-passage": p.n }, badge);
          frag.append(cur);
        } else cur = null;
      }
      let node = document.createTextNode(body.slice(s, e));
      if (sub) node = el("span", { class: `sub sub-${side}`, "data-substitution": sub.label, "data-sub": sub.k, title: sub.label }, node);
      else if (b) node = el("span", { class: "boiler", title: "site boilerplate" }, node);
      (cur || frag).append(node);
    }
    return frag;
  }
  function jump(from) {
    const side = from.id.startsWith("a-") ? "b" : "a";
    const target = $(`${side}-p${from.dataset.passage}`);
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    const mark = target.parentElement;
    mark.classList.add("flash");
    setTimeout(() => mark.classList.remove("flash"), 900);
  }
  /* Substitutions are stored flat, six numbers each: per side the word, its start after
     the previous substitution's end on that side (the passage start for the first) and its
     length (model.py _located); a word stored as 0 is the lower-cased text at its offsets,
     an unlocated one has step -1. */
  function located(spans, tA, tB) {
    const side = (w, r, n, after, t) => r < 0 ? [w, -1, -1]
      : [w === 0 ? t.body.slice(after + r, after + r + n).toLowerCase() : w, after + r, after + r + n];
    return spans.map(([a0, a1, b0, b1, kind, m, aw, bw, flat]) => {
      const subs = [];
      let endA = a0, endB = b0;
      for (let i = 0; i < flat.length; i += 6) {
        const [xa, as, ae] = side(flat[i], flat[i + 1], flat[i + 2], endA, tA);
        const [xb, bs, be] = side(flat[i + 3], flat[i + 4], flat[i + 5], endB, tB);
        if (as >= 0) endA = ae;
        if (bs >= 0) endB = be;
        subs.push([xa, xb, as, ae, bs, be]);
      }
      return [a0, a1, b0, b1, kind, m, aw, bw, subs];
    });
  }
  async function viewPair(p) {
    const o = original(p), rel = relName(p), flip = o >= 0 && o === P.b[p]; // the original goes left
    const a = flip ? P.b[p] : P.a[p], b = flip ? P.a[p] : P.b[p];
    const covA = flip ? P.coverage_b[p] : P.coverage_a[p], covB = flip ? P.coverage_a[p] : P.coverage_b[p];
    const [ev, ta, tb] = await Promise.all([evidence(p), text(a), text(b)]);
    const spans = !flip ? located(ev.spans, ta, tb) : located(ev.spans, tb, ta).map(([a0, a1, b0, b1, kind, m, aw, bw, subs]) =>
      [b0, b1, a0, a1, kind, m, bw, aw, subs.map(([wa, wb, as, ae, bs, be]) => [wb, wa, bs, be, as, ae])]);
    const [nameA, nameB] = o >= 0 && COPY.has(rel) ? ["Original", "Copy"] : ["A", "B"];
    const passA = [], passB = [], subsA = [], subsB = [], subRows = [], rowRows = [];
    let k = 0;
    spans.forEach(([a0, a1, b0, b1, kind, matched, aw, bw, subs], i) => {
      const n = i + 1;
      passA.push({ n, s: a0, e: a1 }); passB.push({ n, s: b0, e: b1 });
      const localA = [], localB = [];
      for (const [wa, wb, as, ae, bs, be] of subs) {
        k++;
        const label = `${wa} → ${wb}`;
        if (as >= 0) { subsA.push({ k, s: as, e: ae, label }); localA.push({ k, s: as - a0, e: ae - a0, label }); }
        if (bs >= 0) { subsB.push({ k, s: bs, e: be, label }); localB.push({ k, s: bs - b0, e: be - b0, label }); }
        subRows.push(el("tr", {}, el("td", { class: "num", text: k }), el("td", { class: "num", text: n }),
          el("td", {}, el("span", { class: "sub sub-a", text: wa })), el("td", {}, el("span", { class: "sub sub-b", text: wb }))));
      }
      const cell = (t, s, e, subs, side) => el("td", { class: "pcell" }, t ? renderText({ body: t.body.slice(s, e), boiler: [] }, [], subs, side) : "");
      rowRows.push(el("tr", {}, el("td", { class: "num", text: n }), cell(ta, a0, a1, localA, "a"), cell(tb, b0, b1, localB, "b"),
        el("td", { text: `${D.span_kinds[kind]}, ${matched} same words of ${aw} / ${bw}` })));
    });
    const who = o < 0 ? el("p", {}, el("strong", { text: "Original: undecided. " }), ev.reason)
      : el("p", {}, el("strong", { text: "Original: " }), docLink(o), ` (${ev.reason})`);
    const verdict = el("section", { class: "verdict", "aria-label": "Verdict" },
      el("p", {}, el("strong", { text: "Relation: " }), relBadge(p)),
      COPY.has(rel) ? who : rel === "same_story" ? el("p", { class: "related-note", text: whyRelated(ev) }) : el("p", { text: "Unrelated." }),
      el("p", {}, el("strong", { text: "Coverage: " }), `${nameA} ${pct(covA)} of its words in reused passages, ${nameB.toLowerCase()} ${pct(covB)}.`),
      el("details", {}, el("summary", { text: "All scores" }),
        el("table", {}, el("tbody", {}, Object.entries(ev.scores).map(([name, v]) => el("tr", {}, el("th", { scope: "row", text: name }), el("td", { class: "num", text: v })))))));
    const side = (d, t, passages, subs, s, label) => el("section", { class: "side", "aria-label": `${label}: ${docName(d)}` },
      el("h3", {}, label + ": ", docLink(d)), el("p", { class: "muted", text: [D.docs.title[d], D.docs.site[d], D.docs.date[d]].filter(Boolean).join(" · ") }),
      t ? el("div", { class: "text" }, renderText(t, passages, subs, s)) : el("p", { text: "Text not stored." }));
    const box = el("div", { class: "pair layout-sides" });
    const toggle = el("button", { type: "button", class: "layout-toggle", "aria-pressed": "false", text: "Show passages as aligned rows",
      on: { click: () => {
        const rows = box.classList.toggle("layout-rows"); box.classList.toggle("layout-sides", !rows);
        toggle.setAttribute("aria-pressed", String(rows));
        toggle.textContent = rows ? "Show the texts side by side" : "Show passages as aligned rows";
      } } });
    box.append(el("div", { class: "sides" }, side(a, ta, passA, subsA, "a", nameA), side(b, tb, passB, subsB, "b", nameB)),
      el("div", { class: "rows-block" }, el("h3", { text: "Aligned passages" }),
        el("table", { class: "rows" }, el("thead", {}, el("tr", {}, ["#", nameA, nameB, "kind"].map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, rowRows))));
    box.addEventListener("click", (e) => { const m = e.target.closest(".passage"); if (m && m.firstChild.id) jump(m.firstChild); });
    return [heading("Pair ", docName(a), " and ", docName(b)), verdict,
      el("p", { class: "keys no-print" }, `${spans.length} aligned passages, ${k} substitutions. `, toggle, " ",
        el("kbd", { text: "n" }), " / ", el("kbd", { text: "p" }), " next / previous passage, ", el("kbd", { text: "Enter" }), " on a number: its partner."),
      box, k ? el("details", { class: "no-print", open: true }, el("summary", { text: `Substituted words (${k})` }),
        el("table", {}, el("thead", {}, el("tr", {}, ["#", "passage", "in " + nameA.toLowerCase(), "in " + nameB.toLowerCase()].map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, subRows))) : ""];
  }

  /* ---- routing ---- */
  function findPair(value) {
    const dec = (x) => { try { return decodeURIComponent(x); } catch { return x; } };
    for (let i = value.indexOf(","); i >= 0; i = value.indexOf(",", i + 1)) {
      const x = byId.get(dec(value.slice(0, i))), y = byId.get(dec(value.slice(i + 1)));
      if (x === undefined || y === undefined) continue;
      const p = pairKey.get(x + "," + y) ?? pairKey.get(y + "," + x);
      if (p !== undefined) return p;
    }
    return -1;
  }
  async function route() {
    const hash = location.hash.slice(1), eq = hash.indexOf("=");
    const key = eq < 0 ? hash : hash.slice(0, eq), value = eq < 0 ? "" : hash.slice(eq + 1);
    const dec = (x) => { try { return decodeURIComponent(x); } catch { return x; } };
    let view = key === "view" ? value : key || "stories", nodes;
    document.querySelectorAll("nav a").forEach((a) => {
      if (a.dataset.view === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    const d = byId.get(dec(value));
    if (key === "pair") { const p = findPair(value); nodes = p >= 0 ? await viewPair(p) : notFound("pair " + dec(value)); }
    else if (key === "doc") nodes = d !== undefined ? await viewDoc(d) : notFound("document " + dec(value));
    else if (key === "story") nodes = d !== undefined ? await viewStory(D.docs.story[d] >= 0 ? D.docs.story[d] : d) : notFound("story " + dec(value));
    else if (key === "family") nodes = d !== undefined ? await viewFamily(D.docs.family[d] >= 0 ? D.docs.family[d] : d) : notFound("family " + dec(value));
    else if (view === "pairs") nodes = viewPairs();
    else if (view === "docs") nodes = viewDocs();
    else nodes = viewStories();
    $("main").replaceChildren(...nodes.flat());
    $("main").setAttribute("aria-busy", "false");
    return key;
  }
  const notFound = (what) => [heading("Not found"), el("p", { text: `This report has no ${what}.` })];
  function listen() {
    window.addEventListener("hashchange", () => route().then((key) => { if (key) $("view-title")?.focus(); window.scrollTo(0, 0); }));
    const form = $("filters");
    let timer = 0;
    form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => {
      state.q = $("f-q").value.trim().toLowerCase(); state.relation = $("f-relation").value;
      state.site = $("f-site").value.trim().toLowerCase(); state.from = $("f-from").value; state.to = $("f-to").value;
      const key = location.hash.slice(1).split("=")[0];
      if (["pair", "doc", "story", "family"].includes(key)) location.hash = "view=pairs"; else route();
    }, 150); });
    form.addEventListener("submit", (e) => e.preventDefault());
    document.addEventListener("keydown", (e) => {
      if (e.target.closest("input, select, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== "n" && e.key !== "p") return;
      const side = document.activeElement?.id?.startsWith("b-") ? "b" : "a";
      const list = [...document.querySelectorAll(`.sides [id^="${side}-p"]`)]
        .sort((x, y) => x.dataset.passage - y.dataset.passage); // by number, as in the rows
      if (!list.length) return;
      const i = list.indexOf(document.activeElement);
      const next = list[e.key === "n" ? Math.min(list.length - 1, i + 1) : Math.max(0, i < 0 ? 0 : i - 1)];
      next.scrollIntoView({ block: "center" }); next.focus({ preventScroll: true });
      e.preventDefault();
    });
  }
  async function start() {
    if ($("u-index").dataset.enc === "b" && document.characterSet.toLowerCase() !== "windows-1252") {
      $("main").textContent = `This report was read as ${document.characterSet}, not windows-1252: open the file itself, ` +
        "or serve it without a charset (or write it with `unspin report --portable`).";
      return;
    }
    if (typeof DecompressionStream === "undefined") {
      $("main").textContent = "This browser cannot open the report (it lacks DecompressionStream; use a browser from 2023 or later).";
      return;
    }
    D = await block("index");
    P = D.pairs;
    let at = 0;
    P.a = P.a_step.map((step) => (at += step)); // model.py _pair_columns
    buildIndex();
    listen();
    await route();
    document.documentElement.dataset.ready = "true";
    performance.mark("unspin-ready"); // the first view is drawn (bench/report_size.py reads it)
  }
  window.unspin = { block }; // for users' scripts and tests: unspin.block("t0") -> decoded data
  start().catch((err) => { $("main").textContent = "The report could not be opened: " + err; });
})();
