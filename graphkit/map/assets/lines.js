// A big map's relationships, held by the page instead of vis-network.
//
// Given 50,000 edges, vis-network spent over a third of a big map's opening (in a profile of it)
// building an object per edge (its options, its curve, its label) that it would neither draw nor
// move: draw.js draws them. So on big maps the network gets the actors only, and the page keeps
// each relationship here as the little draw.js and a click need: its ends (the network's own actor
// objects, so a dragged actor takes its lines along), its curve, whether it is shown and selected.
// What vis-network did for edges is done here: the lines around an actor, and the line under the
// pointer (the nearest drawn one within a few pixels, as a click or hover finds it).
var graphkitLines = (function () {
  "use strict";

  var SAMPLES = 10;  // a curve is measured as this many straight pieces (as vis-network does)

  // `items`: [{id, from, to, smooth}] (the network's edge items); `nodes`: the network's actors by id.
  function create(items, nodes) {
    var list = [], byId = new Map();
    for (var i = 0; i < items.length; i++) {
      var item = items[i], from = nodes[item.from], to = nodes[item.to];
      if (!from || !to) continue;
      var smooth = item.smooth && item.smooth.enabled === true ? item.smooth : null;
      var line = { id: item.id, from: from, to: to, smooth: smooth, hidden: false, selected: false };
      list.push(line);
      byId.set(item.id, line);
    }
    return { list: list, byId: byId, around: null, shown: list, selected: new Set() };
  }

  // Set the hidden flags of `updates` ({id, hidden}); then which lines are drawn (shown, both
  // ends shown) is read again, in one pass.
  function show(lines, updates) {
    for (var i = 0; i < updates.length; i++) {
      var line = lines.byId.get(updates[i].id);
      if (line && updates[i].hidden !== undefined) line.hidden = updates[i].hidden;
    }
    var shown = [];
    for (i = 0; i < lines.list.length; i++) {
      line = lines.list[i];
      if (!line.hidden && !line.from.options.hidden && !line.to.options.hidden) shown.push(line);
    }
    lines.shown = shown;
  }

  function shownIds(lines) { return lines.shown.map(function (line) { return line.id; }); }

  // The ids of the relationships of actor `id`, shown or not, in the order of the map's data.
  function around(lines, id) {
    if (!lines.around) {  // built when first asked (an actor chosen), not as the map opens
      lines.around = new Map();
      lines.list.forEach(function (line) {
        [line.from.id, line.to.id].forEach(function (end, at) {
          if (at && line.to === line.from) return;
          if (!lines.around.has(end)) lines.around.set(end, []);
          lines.around.get(end).push(line.id);
        });
      });
    }
    return (lines.around.get(id) || []).slice();
  }

  function select(lines, ids) {
    lines.selected.forEach(function (line) { line.selected = false; });
    lines.selected = new Set();
    ids.forEach(function (id) {
      var line = lines.byId.get(id);
      if (line) { line.selected = true; lines.selected.add(line); }
    });
  }

  function selectedIds(lines) { return Array.from(lines.selected, function (line) { return line.id; }); }

  // The control point of a curved line, as vis-network places it (curvedCW and curvedCCW, the
  // curves graphkit gives relationships that share their two actors), else null.
  function via(line) {
    var smooth = line.smooth;
    if (!smooth || (smooth.type !== "curvedCW" && smooth.type !== "curvedCCW")) return null;
    var from = line.from, to = line.to, round = smooth.roundness === undefined ? 0.5 : smooth.roundness;
    var dx = to.x - from.x, dy = from.y - to.y, length = Math.sqrt(dx * dx + dy * dy);
    var turn = smooth.type === "curvedCW" ? 0.5 * round + 0.5 : -0.5 * round + 0.5;
    var angle = (Math.atan2(dy, dx) + turn * Math.PI) % (2 * Math.PI), reach = (0.5 * round + 0.5) * length;
    return { x: from.x + reach * Math.sin(angle), y: from.y + reach * Math.cos(angle) };
  }

  // The points a curve from a to b bent towards c is measured by: SAMPLES + 1 along it.
  function points(a, b, c) {
    var out = [];
    for (var i = 0; i <= SAMPLES; i++) {
      var t = i / SAMPLES, u = 1 - t;
      out.push({ x: u * u * a.x + 2 * t * u * c.x + t * t * b.x, y: u * u * a.y + 2 * t * u * c.y + t * t * b.y });
    }
    return out;
  }

  // The distance from point p to the segment a-b.
  //   segment({x: 0, y: 0}, {x: 10, y: 0}, {x: 5, y: 3}) is 3; ({x: 13, y: 4}) is 5.
  function segment(a, b, p) {
    var dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy;
    var t = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
    var x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
    return Math.sqrt(x * x + y * y);
  }

  // The distance from point p to the line from a to b (bent towards c, if given: to the straight
  // pieces the curve is measured by).
  function distance(a, b, c, p) {
    if (!c) return segment(a, b, p);
    var along = points(a, b, c), best = Infinity;
    for (var i = 1; i < along.length; i++) best = Math.min(best, segment(along[i - 1], along[i], p));
    return best;
  }

  // Whether the box of points a, b (and c) lies wholly on one side of the square within `reach`
  // of (x, y): a curve lies within the box of its ends and its control point.
  function apart(a, b, c, x, y, reach) {
    var left = Math.min(a.x, b.x), right = Math.max(a.x, b.x), top = Math.min(a.y, b.y), bottom = Math.max(a.y, b.y);
    if (c) { left = Math.min(left, c.x); right = Math.max(right, c.x); top = Math.min(top, c.y); bottom = Math.max(bottom, c.y); }
    return right < x - reach || left > x + reach || bottom < y - reach || top > y + reach;
  }

  // The drawn line nearest to point `p` (the network's coordinates) within `reach`: its id, or
  // undefined. Every drawn line is looked at, most rejected by their box alone, which needs no
  // index built (a grid of cells was tried once and answered no quicker: a map's lines are long
  // and cross the crowded middle, so the middle's cells list thousands).
  function at(lines, p, reach) {
    var shown = lines.shown, best, bestDistance = reach, x = p.x, y = p.y;
    for (var i = 0; i < shown.length; i++) {
      var line = shown[i], a = line.from, b = line.to, c = line.smooth ? via(line) : null;
      if (apart(a, b, c, x, y, reach)) continue;
      var d = distance(a, b, c, p);
      if (d < bestDistance || (d === bestDistance && best === undefined)) { best = line.id; bestDistance = d; }
    }
    return best;
  }

  return { create: create, show: show, shownIds: shownIds, around: around, select: select, selectedIds: selectedIds,
           via: via, at: at };
})();
