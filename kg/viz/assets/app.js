/* kg views: the page around vis-network.
 *
 * Every string from the graph is document text: it reaches the page only through
 * textContent, element values and canvas labels, never through innerHTML.
 * The page exposes window.kg (network, nodes, edges, select, applyFilters) for tests.
 * Node labels are drawn by labels.js (window.kgLabels), the timeline's axis by timeaxis.js.
 */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  var styles = data.nodeStyles, edgeStyles = data.edgeStyles;
  var details = data.details || window.kgDetails || {};  // in the page, or the folder's details.js
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  data.edges.forEach(function (e, i) {  // ends come as places in data.nodes
    e.id = "e" + i; e.from = data.nodes[e.from].id; e.to = data.nodes[e.to].id;
  });
  var DIM = "rgba(190,190,190,0.35)";

  function tooltip(n) {
    var box = el("div", "kg-tip");
    box.appendChild(el("strong", null, n.label));
    var extra = [];
    if (n.date) extra.push(n.date + (n.end ? " – " + n.end : ""));
    if (n.aliases) extra.push("别名：" + n.aliases.join("、"));
    if (extra.length) box.appendChild(el("div", null, extra.join("\n")));
    return box;
  }
  function nodeColor(kind) {
    var c = (styles[kind] || {}).color || "#999";
    return { background: c, border: c, highlight: { background: c, border: "#222" },
             hover: { background: c, border: "#222" } };
  }
  function toVisNode(n) {
    var st = styles[n.kind] || {};
    // no vis-network label: labels.js draws them, so that none overlaps another
    var v = { id: n.id, shape: st.shape || "dot", color: nodeColor(n.kind),
              x: n.x, y: n.y, value: n.value, title: tooltip(n) };
    if (data.fixed) { v.fixed = { x: true, y: true }; v.size = 8; }
    if (isolated.has(n.id)) v.hidden = true;
    if (n.id === data.focus) { v.borderWidth = 4; v.color = Object.assign(nodeColor(n.kind), { border: "#222" }); }
    return v;
  }
  function toVisEdge(e) {
    var st = edgeStyles[e.kind] || {};
    var v = { id: e.id, from: e.from, to: e.to, color: { color: st.color || "#999", highlight: "#222" },
              dashes: !!st.dashes, width: Math.min(1 + Math.log2(e.weight || 1), 6) };
    if (data.edgeLabels && e.label) v.label = e.label;
    var t = el("div", "kg-tip", (st.label || e.kind) + (e.label ? "：" + e.label : ""));
    v.title = t;
    return v;
  }
  // nodes without links (in the whole-graph view) sit on a ring around the rest, hidden until asked for
  var isolated = new Set(data.isolated || []);
  var isolatedBox = $("kg-isolated");
  if (!isolated.size) $("kg-isolated-row").hidden = true;
  var nodes = new vis.DataSet(data.nodes.map(toVisNode));
  var edges = new vis.DataSet(data.edges.map(toVisEdge));
  var container = $("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var axis = window.kgTimeAxis.attach(network, data.bands);
  var labels = window.kgLabels.attach(network, data, axis.headers);

  // --- legend and type filter -------------------------------------------------------------
  var shown = {};
  var counts = {};
  data.nodes.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
  function swatch(shape, color) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    var s;
    if (shape === "square") { s = document.createElementNS(ns, "rect"); s.setAttribute("x", "2"); s.setAttribute("y", "2");
      s.setAttribute("width", "12"); s.setAttribute("height", "12"); }
    else if (shape === "diamond") { s = document.createElementNS(ns, "polygon"); s.setAttribute("points", "8,1 15,8 8,15 1,8"); }
    else if (shape === "triangle") { s = document.createElementNS(ns, "polygon"); s.setAttribute("points", "8,1 15,14 1,14"); }
    else { s = document.createElementNS(ns, "circle"); s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6"); }
    s.setAttribute("fill", color);
    svg.appendChild(s);
    return svg;
  }
  function line(color, dashes) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "22"); svg.setAttribute("height", "10");
    var l = document.createElementNS(ns, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "21"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", "2");
    if (dashes) l.setAttribute("stroke-dasharray", "4 3");
    svg.appendChild(l);
    return svg;
  }
  var legend = $("kg-legend");
  legend.appendChild(el("h2", null, "图例（勾选以显示）"));
  Object.keys(styles).forEach(function (kind) {
    if (!counts[kind]) return;
    shown[kind] = true;
    var row = el("label", "kg-legend-row");
    row.dataset.kind = kind;
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.kind = kind;
    box.addEventListener("change", function () { shown[kind] = box.checked; applyFilters(); });
    row.appendChild(box);
    row.appendChild(swatch(styles[kind].shape, styles[kind].color));
    row.appendChild(el("span", null, styles[kind].label));
    row.appendChild(el("span", "kg-legend-count", counts[kind]));
    legend.appendChild(row);
  });
  var kinds = Object.keys(edgeStyles);
  if (kinds.length) {
    legend.appendChild(el("h2", null, "连线"));
    kinds.forEach(function (k) {
      var row = el("div", "kg-legend-row");
      row.dataset.edgeKind = k;
      row.appendChild(line(edgeStyles[k].color, edgeStyles[k].dashes));
      row.appendChild(el("span", null, edgeStyles[k].label));
      legend.appendChild(row);
    });
  }

  // --- date filter ------------------------------------------------------------------------
  var from = $("kg-from"), to = $("kg-to"), yearless = $("kg-yearless");
  var dated = data.nodes.filter(function (n) { return n.date && n.date.indexOf("--") !== 0; })
                        .map(function (n) { return n.date; }).sort();
  if (dated.length) { from.min = to.min = dated[0]; from.max = to.max = dated[dated.length - 1]; }
  if (!data.nodes.some(function (n) { return n.date; })) {
    from.disabled = to.disabled = yearless.disabled = true;
  }
  function inRange(date, end) {
    var f = from.value, t = to.value;
    if (date.indexOf("--") === 0) {  // month-day without a year
      if (!yearless.checked) return false;
      if (f && t && f.slice(0, 4) === t.slice(0, 4)) {
        var md = date.slice(2);
        return md >= f.slice(5) && md <= t.slice(5);
      }
      return true;
    }
    if (f && (end || date) < f) return false;
    if (t && date > t) return false;
    return true;
  }
  function nodeVisible(n) {
    if (!shown[n.kind]) return false;
    if (isolated.has(n.id) && !isolatedBox.checked) return false;
    return !n.date || inRange(n.date, n.end);
  }
  function applyFilters() {
    var hidden = new Set();
    var nu = [];
    data.nodes.forEach(function (n) {
      var h = !nodeVisible(n);
      if (h) hidden.add(n.id);
      if (nodes.get(n.id).hidden !== h) nu.push({ id: n.id, hidden: h });
    });
    if (nu.length) nodes.update(nu);
    var eu = [];
    data.edges.forEach(function (e) {
      var h = hidden.has(e.from) || hidden.has(e.to) ||
              (!!e.dates && !e.dates.some(function (d) { return inRange(d); }));
      if (edges.get(e.id).hidden !== h) eu.push({ id: e.id, hidden: h });
    });
    if (eu.length) edges.update(eu);
    document.body.dataset.hiddenNodes = String(hidden.size);
  }
  [from, to, yearless, isolatedBox].forEach(function (i) { i.addEventListener("change", applyFilters); i.addEventListener("input", applyFilters); });

  // --- physics toggle ---------------------------------------------------------------------
  var physics = $("kg-physics");
  physics.checked = !!data.physics;
  if (data.fixed) physics.disabled = true;
  physics.addEventListener("change", function () { network.setOptions({ physics: { enabled: physics.checked } }); });
  function fitShown(animation) {  // fit the nodes shown (vis-network's fit counts hidden ones too)
    var ids = data.nodes.filter(function (n) { return !nodes.get(n.id).hidden; }).map(function (n) { return n.id; });
    var how = { animation: animation ? { duration: 300 } : false };
    if (ids.length) how.nodes = ids;
    network.fit(how);
    // the timeline: a margin, so that the labels of the first and last events fit in the window too
    if (data.fixed) network.moveTo({ scale: network.getScale() * 0.85, animation: how.animation });
  }
  $("kg-fit").addEventListener("click", function () { fitShown(true); });

  // --- neighbour highlighting -------------------------------------------------------------
  var dimmed = false;
  function highlight(id) {
    var near = new Set(network.getConnectedNodes(id));
    near.add(id);
    nodes.update(data.nodes.map(function (n) {
      return near.has(n.id) ? { id: n.id, color: nodeColor(n.kind) }
                            : { id: n.id, color: { background: DIM, border: DIM } };
    }));
    var far = new Set(data.nodes.filter(function (n) { return !near.has(n.id); }).map(function (n) { return n.id; }));
    labels.emphasize([id].concat(Array.from(near)), far);
    dimmed = true;
  }
  function clearHighlight() {
    if (!dimmed) return;
    nodes.update(data.nodes.map(function (n) {
      var v = { id: n.id, color: nodeColor(n.kind) };
      if (n.id === data.focus) v.color.border = "#222";
      return v;
    }));
    labels.emphasize(null, null);
    dimmed = false;
  }

  // --- details panel ----------------------------------------------------------------------
  var panel = $("kg-details");
  function showDetails(id) {
    var d = details[id];
    panel.replaceChildren();
    if (!d) { panel.appendChild(el("p", "kg-hint", "点击节点查看详情。")); return; }
    var kind = el("span", "kg-kind", d.kindLabel);
    kind.style.background = (styles[d.kind] || {}).color || "#999";
    panel.appendChild(kind);
    panel.appendChild(el("h2", null, d.title));
    if (data.egoPages[id] && data.focus !== id) {
      var a = el("a", null, "打开 " + d.title + " 的关系网络 →");
      a.href = data.egoPages[id];
      panel.appendChild(a);
    }
    if (d.fields.length) {
      var dl = el("dl");
      d.fields.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
      panel.appendChild(dl);
    }
    d.sections.forEach(function (s) {
      var sec = el("section");
      sec.dataset.heading = s.heading;
      sec.appendChild(el("h3", null, s.heading));
      var ul = el("ul");
      s.items.forEach(function (it) {
        var li = el("li");
        if (it.quote) {
          li.appendChild(el("q", "kg-quote", it.text));
          if (it.note) li.appendChild(el("span", "kg-note", "—— " + it.note));
        } else {
          if (it.node && byId.has(it.node)) {
            var b = el("button", "kg-link", it.text);
            b.type = "button";
            b.addEventListener("click", function () { select(it.node); });
            li.appendChild(b);
          } else if (it.node && data.egoPages[it.node]) {
            var link = el("a", null, it.text);
            link.href = data.egoPages[it.node];
            li.appendChild(link);
          } else {
            li.appendChild(el("span", null, it.text));
          }
          if (it.note) li.appendChild(el("span", "kg-note", "  " + it.note));
        }
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      panel.appendChild(sec);
    });
    panel.appendChild(el("p", "kg-iri", d.iri));
  }

  function select(id) {
    if (!byId.has(id)) return;
    var n = byId.get(id);
    if (!shown[n.kind] || (isolated.has(id) && !isolatedBox.checked)) {  // make a searched-for node visible
      shown[n.kind] = true;
      var box = legend.querySelector('input[data-kind="' + n.kind + '"]');
      if (box) box.checked = true;
      if (isolated.has(id)) isolatedBox.checked = true;
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    highlight(id);
    showDetails(id);
  }
  network.on("click", function (p) {
    if (p.nodes.length && byId.has(p.nodes[0])) { highlight(p.nodes[0]); showDetails(p.nodes[0]); }
    else if (!p.nodes.length) { clearHighlight(); showDetails(null); }
  });

  // --- search with suggestions ------------------------------------------------------------
  var entries = [];
  data.nodes.forEach(function (n) {
    entries.push({ text: n.label, id: n.id, kind: n.kind, alias: false });
    (n.aliases || []).forEach(function (a) { entries.push({ text: a, id: n.id, kind: n.kind, alias: true }); });
  });
  var search = $("kg-search"), suggest = $("kg-suggest");
  var current = [], active = -1;
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var out = [];
    entries.forEach(function (e) {
      var t = e.text.toLowerCase(), i = t.indexOf(q);
      if (i >= 0) out.push({ e: e, rank: (t === q ? 0 : i === 0 ? 1 : 2), len: t.length });
    });
    out.sort(function (a, b) { return a.rank - b.rank || a.e.alias - b.e.alias || a.len - b.len ||
                                      (a.e.text < b.e.text ? -1 : a.e.text > b.e.text ? 1 : 0); });
    var seen = new Set(), res = [];
    out.forEach(function (m) { if (!seen.has(m.e.id) && res.length < 12) { seen.add(m.e.id); res.push(m.e); } });
    return res;
  }
  function renderSuggestions() {
    current = matches(search.value);
    active = current.length ? 0 : -1;
    suggest.replaceChildren();
    current.forEach(function (e, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.dataset.node = e.id;
      if (i === active) li.className = "kg-active";
      var k = el("span", "kg-sugg-kind", (styles[e.kind] || {}).label || e.kind);
      k.style.background = (styles[e.kind] || {}).color || "#999";
      li.appendChild(k);
      li.appendChild(el("span", "kg-sugg-text", e.text));
      if (e.alias) li.appendChild(el("span", "kg-sugg-note", "= " + byId.get(e.id).label));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(e); });
      suggest.appendChild(li);
    });
    suggest.hidden = current.length === 0;
  }
  function choose(e) {
    search.value = e.text;
    suggest.hidden = true;
    select(e.id);
  }
  search.addEventListener("input", renderSuggestions);
  search.addEventListener("focus", renderSuggestions);
  search.addEventListener("blur", function () { suggest.hidden = true; });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!current.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      Array.prototype.forEach.call(suggest.children, function (li, i) { li.className = i === active ? "kg-active" : ""; });
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (active >= 0 && current[active]) choose(current[active]);
      ev.preventDefault();
    } else if (ev.key === "Escape") { suggest.hidden = true; }
  });

  // --- ready signals (for people and for tests) -------------------------------------------
  var timing = { scriptStart: t0 };
  var fitted = false;
  network.once("afterDrawing", function () {
    if (!fitted && (isolated.size || data.fixed)) { fitted = true; fitShown(false); }  // first zoom: what is shown
    timing.firstDraw = performance.now();
    document.body.dataset.drawn = "1";
    if (!data.physics) { timing.stabilized = timing.firstDraw; document.body.dataset.stabilized = "1"; }
  });
  network.once("stabilizationIterationsDone", function () {
    timing.stabilized = performance.now();
    document.body.dataset.stabilized = "1";
  });
  if (data.focus && byId.has(data.focus)) {
    network.once("afterDrawing", function () { showDetails(data.focus); });
  }
  window.kg = { network: network, nodes: nodes, edges: edges, data: data, details: details, select: select,
                applyFilters: applyFilters, fit: fitShown, labels: labels, timing: timing };
})();
