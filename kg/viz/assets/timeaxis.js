/* kg views: the timeline's time axis, drawn on vis-network's canvas.
 *
 * One axis per band (data.bands, from kg/viz/timeline_layout.py): a band maps x to a date,
 * x = (date - origin) in days * pxPerDay.  Grid lines go under the events (beforeDrawing);
 * the labels are drawn at a fixed size on screen, at the top of their band and kept in view
 * while the band is (afterDrawing): years when zoomed out (every 2, 5, 10 … years if they
 * would crowd), months as one zooms in, days further in.  A label that would run into the one
 * before it in its row is left out.  The "monthday" band (dates without a year) has months
 * and days, no years, and its title.
 * Exposes window.kgAxisBoxes(): the axis labels drawn in the last frame, in screen pixels.
 * attach() returns { headers() }: the header strips, which labels.js keeps its labels out of.
 * Attach it before labels.js, so that its strips are known when the labels are drawn.
 */
(function () {
  "use strict";
  var DAY = 86400000, FONT = 12, ROW = 18, MIN_GAP = 8;
  var FACE = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

  function utc(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }

  function attach(network, bands) {
    var boxes = [], headers = [];
    var api = { headers: function () { return headers; } };  // the header strips of the last frame (screen px)
    if (!bands || !bands.length) { window.kgAxisBoxes = function () { return []; }; return api; }
    var frame = network.canvas.frame.canvas;

    function ticks(band, left, right, pxPerDayOnScreen) {
      // the ticks of each level inside [left, right] (canvas x), with what their labels say
      var o = utc(band.origin), ppd = band.pxPerDay;
      if (band.kind === "monthday") { left = Math.max(left, 0); right = Math.min(right, band.width - 1.5 * ppd); }
      if (right < left) return { years: [], months: [], days: [] };
      var t0 = o + Math.floor(left / ppd) * DAY, t1 = o + Math.ceil(right / ppd) * DAY;
      var d0 = new Date(t0), d1 = new Date(t1);
      var pxYear = 365.25 * pxPerDayOnScreen, pxMonth = 30.44 * pxPerDayOnScreen;
      var out = { years: [], months: [], days: [] };
      var x = function (t) { return (t - o) / DAY * ppd; };
      if (band.kind === "dated") {
        var step = [1, 2, 5, 10, 20, 50, 100].find(function (s) { return s * pxYear >= 44; }) || 100;
        for (var y = d0.getUTCFullYear(); y <= d1.getUTCFullYear() + 1; y++) {
          out.years.push({ x: x(Date.UTC(y, 0, 1)), text: y % step === 0 ? y + "年" : "", major: true });
        }
      }
      if (pxMonth >= 6) {
        var mstep = [1, 2, 3, 6].find(function (s) { return s * pxMonth >= 34; }) || 0;
        for (var t = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), 1); t <= t1; ) {
          var d = new Date(t), m = d.getUTCMonth();
          out.months.push({ x: x(t), text: mstep && m % mstep === 0 ? (m + 1) + "月" : "", major: m === 0 });
          out.everyMonth = mstep === 1;
          t = Date.UTC(d.getUTCFullYear(), m + 1, 1);
        }
      }
      if (pxPerDayOnScreen >= 6) {
        var dstep = [1, 2, 5, 10].find(function (s) { return s * pxPerDayOnScreen >= 24; }) || 0;
        for (var u = t0; u <= t1; u += DAY) {
          var day = new Date(u).getUTCDate();
          out.days.push({ x: x(u), text: dstep && day !== 1 && day % dstep === 0 && day < 30 ? String(day) : "" });
        }
      }
      return out;
    }

    function visible(view) {
      var W = frame.clientWidth, H = frame.clientHeight, s = view.scale;
      return { left: -view.translation.x / s, right: (W - view.translation.x) / s,
               top: -view.translation.y / s, bottom: (H - view.translation.y) / s, W: W, H: H };
    }

    network.on("beforeDrawing", function (ctx) {
      var view = network.body.view, v = visible(view), s = view.scale;
      bands.forEach(function (band) {
        if (band.bottom < v.top || band.top > v.bottom) return;
        var tk = ticks(band, Math.max(v.left, -400), Math.min(v.right, band.width + 400), band.pxPerDay * s);
        ctx.save();
        ctx.fillStyle = "#f7f7f7";
        ctx.fillRect(-400, band.top + band.header, band.width + 800, band.bottom - band.top - band.header);
        ctx.lineWidth = 1 / s;
        [[tk.days, "#f0f0f0"], [tk.months, "#e2e2e2"], [tk.years, "#bdbdbd"]].forEach(function (lv) {
          ctx.strokeStyle = lv[1];
          ctx.beginPath();
          lv[0].forEach(function (t) { ctx.moveTo(t.x, band.top + band.header); ctx.lineTo(t.x, band.bottom); });
          ctx.stroke();
        });
        ctx.restore();
      });
    });

    network.on("afterDrawing", function (ctx) {
      var view = network.body.view, v = visible(view), s = view.scale, tx = view.translation.x, ty = view.translation.y;
      var pr = network.canvas.pixelRatio || 1;
      var drawn = [];
      headers = [];
      ctx.save();
      ctx.setTransform(pr, 0, 0, pr, 0, 0);
      ctx.font = FONT + "px " + FACE;
      ctx.textBaseline = "top"; ctx.textAlign = "left";
      bands.forEach(function (band) {
        var top = band.top * s + ty, bottom = band.bottom * s + ty;
        if (bottom < 0 || top > v.H) return;
        var tk = ticks(band, v.left, v.right, band.pxPerDay * s);
        var hh = ROW * (tk.days.some(function (d) { return d.text; }) ? 3 : 2);
        // just above the first lane (over the gap above the band when zoomed far out), and
        // kept in view while the band is
        var y = Math.min(Math.max(top + band.header * s - hh, 0), bottom - hh);
        var rows = band.kind === "dated" ? [tk.years, tk.months, tk.days] : [[], tk.months, tk.days];
        // the top row is years; when years are off screen to the left, the current one sticks
        ctx.fillStyle = "rgba(255,255,255,0.85)";
        ctx.fillRect(0, y, v.W, hh);
        headers.push({ x: 0, y: y, w: v.W, h: hh });
        var rowOf = [0, 1, 2];
        rows.forEach(function (row, r) {
          var right = -Infinity;
          var labels = row.filter(function (t) { return t.text; }).map(function (t) { return { sx: t.x * s + tx, text: t.text, major: t.major }; });
          // the year (and, when every month is named, the month) of the left edge stays, unless the next is near
          if ((r === 0 && band.kind === "dated") || (r === 1 && tk.everyMonth)) {
            var cur = labels.filter(function (l) { return l.sx <= 4; }).pop();
            labels = labels.filter(function (l) { return l.sx > 4; });
            if (cur && (!labels.length || labels[0].sx > 4 + ctx.measureText(cur.text).width + MIN_GAP + 3)) {
              labels.unshift({ sx: 4, text: cur.text, major: true });
            }
          }
          if (r === 0 && band.title) labels = [{ sx: 4, text: band.title, major: true }];
          labels.forEach(function (l) {
            var w = ctx.measureText(l.text).width, x = l.sx + 3;
            if (x < right + MIN_GAP || x > v.W || x + w < 0) return;
            ctx.fillStyle = r === 0 || l.major ? "#333" : "#666";
            ctx.fillText(l.text, x, y + rowOf[r] * ROW + 3);
            drawn.push({ text: l.text, row: r, band: band.kind, x: x, y: y + rowOf[r] * ROW + 3, w: w, h: FONT });
            right = x + w;
          });
        });
      });
      ctx.restore();
      boxes = drawn;
    });
    window.kgAxisBoxes = function () { return boxes.map(function (b) { return Object.assign({}, b); }); };
    return api;
  }
  window.kgTimeAxis = { attach: attach };
})();
