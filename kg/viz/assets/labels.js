/* kg views: the node labels, drawn on vis-network's canvas after each frame.
 *
 * Two modes (data.labelMode):
 *   "screen"  network views.  Labels keep one size on screen.  Each frame, nodes are taken in
 *             order of priority (selected and its neighbours, then the focus, then by number
 *             of links) and a node's label is drawn only where it meets no label already drawn,
 *             about one label per AREA_PER_LABEL of window: at the first zoom the most
 *             connected nodes are named, more of them as one zooms in.
 *   "canvas"  the timeline.  Labels scale with the drawing; their lanes (computed in Python,
 *             kg/viz/timeline_layout.py) keep them apart, so every label is drawn once it is
 *             big enough to read (CANVAS_FONT × zoom ≥ READABLE); zoomed out further, the
 *             names are drawn as in "screen" mode, the events with most participants first.
 * Exposes window.kgLabelBoxes(): the rectangles of the labels drawn in the last frame, in
 * canvas coordinates ({id, text, mode, x, y, w, h}, x and y the top-left corner; mode "screen"
 * or "canvas", as drawn).
 * Text reaches the canvas through fillText only.
 */
(function () {
  "use strict";
  var SCREEN_FONT = 13, CANVAS_FONT = 14, CANVAS_LINE = 17, READABLE = 8, PAD = 4, CELL = 80;
  var AREA_PER_LABEL = 8000;  // screen px² per label at most: a full window takes about 80
  var FACE = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

  function attach(network, data, obstacles) {  // obstacles(): screen rectangles no label may cover
    var mode = data.labelMode || "screen";
    var widths = new Map();  // text -> width at 100 px
    var order = data.nodes.slice().sort(function (a, b) {
      return (b.id === data.focus) - (a.id === data.focus) || (b.rank || 0) - (a.rank || 0) ||
             (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    }).map(function (n) { return n; });
    var first = [];  // ids drawn before all others (a selection and its neighbours)
    var dim = null;  // Set of ids whose labels are greyed, or null
    var boxes = [];

    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "100px " + FACE;
    function width(ctx, text) {  // at 100 px, measured apart so the drawing context keeps its font
      var w = widths.get(text);
      if (w === undefined) { w = measure.measureText(text).width; widths.set(text, w); }
      return w;
    }
    function linesOf(n) { return n.lines || [n.label]; }

    function drawScreen(ctx, view, frame) {
      var scale = view.scale, tx = view.translation.x, ty = view.translation.y;
      var W = frame.clientWidth, H = frame.clientHeight;
      var grid = new Map();
      var taken = [];
      (obstacles ? obstacles() : []).forEach(function (b) { cells(b, true); });
      function cells(b, add) {
        var x0 = Math.floor(b.x / CELL), x1 = Math.floor((b.x + b.w) / CELL);
        var y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.h) / CELL);
        for (var i = x0; i <= x1; i++) for (var j = y0; j <= y1; j++) {
          var key = i + "," + j, list = grid.get(key);
          if (add) { if (!list) grid.set(key, list = []); list.push(b); continue; }
          if (!list) continue;
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            if (b.x < o.x + o.w + PAD && o.x < b.x + b.w + PAD && b.y < o.y + o.h + PAD && o.y < b.y + b.h + PAD) return true;
          }
        }
        return false;
      }
      var pr = network.canvas.pixelRatio || 1;
      ctx.save();
      ctx.setTransform(pr, 0, 0, pr, 0, 0);
      ctx.font = SCREEN_FONT + "px " + FACE;
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.lineJoin = "round";
      var seen = new Set();
      var queue = first.length ? first.map(function (id) { return byId.get(id); }).filter(Boolean).concat(order) : order;
      var budget = Math.max(25, Math.min(600, W * H / AREA_PER_LABEL));
      for (var q = 0; q < queue.length && taken.length < budget; q++) {
        var n = queue[q];
        if (seen.has(n.id)) continue;
        seen.add(n.id);
        var body = network.body.nodes[n.id];
        if (!body || body.options.hidden) continue;
        var sx = body.x * scale + tx, sy = body.y * scale + ty;
        var r = (body.options.size || 10) * scale;
        if (sx < -200 || sx > W + 200 || sy < -40 || sy > H + 40) continue;
        var text = n.lines ? n.lines[0] : n.label;  // the timeline: its name as cut to fit a lane
        var w = width(ctx, text) * SCREEN_FONT / 100;
        var b = { x: sx - w / 2, y: sy + r + 3, w: w, h: SCREEN_FONT * 1.25 };
        if (b.x < 0 || b.x + b.w > W || b.y < 0 || b.y + b.h > H) continue;  // whole, or not at all
        if (cells(b, false)) continue;
        cells(b, true);
        taken.push({ id: n.id, text: text, b: b });
        ctx.fillStyle = dim && dim.has(n.id) ? "#bbb" : "#222";
        ctx.strokeText(text, sx, b.y);
        ctx.fillText(text, sx, b.y);
      }
      ctx.restore();
      boxes = taken.map(function (t) {
        return { id: t.id, text: t.text, mode: "screen", x: (t.b.x - tx) / scale, y: (t.b.y - ty) / scale,
                 w: t.b.w / scale, h: t.b.h / scale };
      });
    }

    function drawCanvas(ctx, view, frame) {
      var scale = view.scale, tx = view.translation.x, ty = view.translation.y;
      var W = frame.clientWidth, H = frame.clientHeight;
      var out = [];
      if (CANVAS_FONT * scale < READABLE) { drawScreen(ctx, view, frame); return; }
      // the visible part of the canvas, in canvas coordinates
      var left = -tx / scale, top = -ty / scale, right = (W - tx) / scale, bottom = (H - ty) / scale;
      ctx.font = CANVAS_FONT + "px " + FACE;
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      for (var q = 0; q < order.length; q++) {
        var n = order[q];
        var body = network.body.nodes[n.id];
        if (!body || body.options.hidden) continue;
        var lines = linesOf(n);
        var w = 0;
        lines.forEach(function (t) { w = Math.max(w, width(ctx, t) * CANVAS_FONT / 100); });
        var b = { x: body.x - w / 2, y: body.y + (body.options.size || 8) + 3, w: w, h: lines.length * CANVAS_LINE };
        if (b.x > right || b.x + b.w < left || b.y > bottom || b.y + b.h < top) continue;
        ctx.fillStyle = dim && dim.has(n.id) ? "#bbb" : "#222";
        for (var i = 0; i < lines.length; i++) {
          if (i) ctx.fillStyle = dim && dim.has(n.id) ? "#ccc" : "#666";
          ctx.fillText(lines[i], body.x, b.y + i * CANVAS_LINE);
        }
        out.push({ id: n.id, text: lines.join("\n"), mode: "canvas", x: b.x, y: b.y, w: b.w, h: b.h });
      }
      boxes = out;
    }

    var byId = new Map();
    data.nodes.forEach(function (n) { byId.set(n.id, n); });
    var frame = network.canvas.frame.canvas;
    network.on("afterDrawing", function (ctx) {
      var view = network.body.view;
      if (mode === "canvas") drawCanvas(ctx, view, frame); else drawScreen(ctx, view, frame);
    });
    window.kgLabelBoxes = function () { return boxes.map(function (b) { return Object.assign({}, b); }); };
    return {
      boxes: window.kgLabelBoxes,
      /* ids first: drawn before the rest (a selection, its neighbours); dimmed: greyed ids, or null */
      emphasize: function (ids, dimmed) { first = ids || []; dim = dimmed || null; network.redraw(); },
    };
  }
  window.kgLabels = { attach: attach };
})();
