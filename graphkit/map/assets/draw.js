// How big maps (laid out in Python, drawn without physics) stay quick as the slider moves.
//
// vis-network redoes work in proportion to the whole network on every change of its data (its
// clusters, its visible lists, every edge reconnected) and strokes every edge on its own, with a
// saved and restored canvas state for each dashed one: at 50,000 relationships one step of the
// time slider cost seconds. Here the network is given only the actors (as drawn), and the page
// holds the relationships itself (lines.js: their ends, curves, flags, and the line under the
// pointer), so that vis-network builds no object per edge as the map opens; the page:
//   - tells it what is shown by setting the hidden flag of the items that changed, and rebuilds the
//     lists of visible items in one pass (`show`), without a data event;
//   - draws the shown relationships itself, batched: one path per look (colour, width, dashes,
//     opacity), so a frame strokes a few dozen paths, not tens of thousands (`attach`); and so
//     the actors while the map is zoomed out too far for labels. What is too small to see at the
//     zoom (a dash pattern, an arrow head, an actor's shape or border) is drawn plainly, or not,
//     until the reader zooms in.
// The page's own DataSets (window.graphkit.nodes / edges) keep every item's full look and hidden
// flag, as on small maps. This relies on vis-network 9.1's renderer and body (the copy pyvis ships,
// inlined in every page); if they are not there, the page falls back to vis-network's own ways.
var graphkitDraw = (function () {
  "use strict";

  var ARROW = 9;  // an arrow head's length at width 1, as vis-network draws it (15 x scaleFactor 0.6)
  var DASHES = 4;  // pixels: the shortest dash pattern drawn as dashes (see stroke)
  var HEAD = 2;  // pixels: the shortest arrow head drawn (see stroke)
  var TINY = 3;  // pixels: the smallest actor drawn in its own shape (see batchNodes)
  var FONT = 14;  // the labels' font size (styles.network_options)

  function usable(network) {
    var renderer = network && network.renderer, body = network && network.body;
    return !!(renderer && body && typeof renderer._drawEdges === "function" && typeof renderer._drawArrows === "function" &&
              body.nodes && body.edges && Array.isArray(body.edgeIndices) && Array.isArray(body.nodeIndices));
  }

  var held = new WeakMap();  // network -> its relationships (lines.js), once `hold` gave them

  // Make `network` draw its shown relationships batched. `lookOf(id)` gives a relationship's look
  // ({color, width, dashes, opacity, directed, group}), `group` naming the batch it belongs to.
  function attach(network, lookOf) {
    if (!usable(network) || typeof network.renderer._drawNodes !== "function") return false;
    var body = network.body, renderer = network.renderer, drawNodes = renderer._drawNodes;
    renderer._drawEdges = function (ctx) { if (held.has(network)) drawEdges(ctx, network, held.get(network), lookOf); };
    renderer._drawArrows = function () {};  // drawn with their lines, in the same batches
    // Fitting the view (as the map opens) sizes every actor, and vis-network measures each label's
    // text to do so (about a second for 10,000 labels, in a profile of opening such a map), labels
    // that cannot be read at the zoom that shows them all. An actor whose shape is sized by its
    // size alone gets its box from that; its label is measured when it is drawn, zoomed in.
    if (typeof renderer._resizeNodes === "function") {
      renderer._resizeNodes = function () {
        var nodes = body.nodes, ctx = null;
        for (var id in nodes) {
          if (Object.prototype.hasOwnProperty.call(nodes, id) && !place(nodes[id])) {
            if (!ctx) ctx = network.canvas.getContext();
            nodes[id].resize(ctx);
            nodes[id].updateBoundingBox(ctx, nodes[id].selected);
          }
        }
      };
    }
    // Actors: batched too while the map is zoomed out too far for labels (vis-network draws a label
    // from 4 pixels of font size); closer in, vis-network draws the few actors on screen itself.
    renderer._drawNodes = function (ctx, always) {
      if (network.getScale() * FONT >= 4) return drawNodes.call(renderer, ctx, always);
      return batchNodes(ctx, network, body);
    };
    return true;
  }

  // The part of the canvas on screen, in the network's coordinates (with a margin).
  function view(network) {
    var canvas = network.canvas.frame.canvas, margin = 20;
    var a = network.canvas.DOMtoCanvas({ x: -margin, y: -margin });
    var b = network.canvas.DOMtoCanvas({ x: canvas.clientWidth + margin, y: canvas.clientHeight + margin });
    return { left: Math.min(a.x, b.x), right: Math.max(a.x, b.x), top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y) };
  }

  // The relationships of `network` (its edge items: {id, from, to, smooth}), held by the page once
  // the network has its actors (see lines.js); returns them.
  function hold(network, items) {
    var lines = graphkitLines.create(items, network.body.nodes);
    held.set(network, lines);
    return lines;
  }

  function drawEdges(ctx, network, lines, lookOf) {
    var batches = new Map(), selected = [], box = view(network), shown = lines.shown;
    for (var i = 0; i < shown.length; i++) {
      var edge = shown[i], from = edge.from, to = edge.to;
      if ((from.x < box.left && to.x < box.left) || (from.x > box.right && to.x > box.right) ||
          (from.y < box.top && to.y < box.top) || (from.y > box.bottom && to.y > box.bottom)) continue;
      if (edge.selected) { selected.push(edge); continue; }
      var look = lookOf(edge.id), batch = batches.get(look.group);
      if (!batch) batches.set(look.group, batch = { look: look, edges: [] });
      batch.edges.push(edge);
    }
    ctx.save();
    ctx.lineCap = "round";
    var scale = network.getScale();
    batches.forEach(function (batch) { stroke(ctx, batch.edges, batch.look, 0, scale); });
    selected.forEach(function (edge) { stroke(ctx, [edge], lookOf(edge.id), 2, scale); });
    ctx.restore();
  }

  // One path for all `edges` of one look (lines, then arrow heads), stroked and filled once.
  // A dash pattern shorter than DASHES pixels on screen cannot be told from a fainter line, and
  // costs the browser four times a plain one: it is drawn as that fainter line (the share of the
  // pattern that is ink), until the reader zooms in far enough to see the dashes.
  function stroke(ctx, edges, look, wider, scale) {
    var width = look.width + wider, i, edge, dashes = look.dashes || [], ink = 1;
    var pattern = dashes.reduce(function (sum, part) { return sum + part; }, 0);
    if (pattern && pattern * scale < DASHES) {
      ink = dashes.reduce(function (sum, part, at) { return at % 2 ? sum : sum + part; }, 0) / pattern;
      dashes = [];
    }
    ctx.globalAlpha = wider ? 1 : look.opacity * ink;
    ctx.strokeStyle = look.color;
    ctx.fillStyle = look.color;
    ctx.lineWidth = width;
    ctx.setLineDash(dashes);
    ctx.beginPath();
    for (i = 0; i < edges.length; i++) {
      edge = edges[i];
      ctx.moveTo(edge.from.x, edge.from.y);
      var via = curve(edge);
      if (via) ctx.quadraticCurveTo(via.x, via.y, edge.to.x, edge.to.y);
      else ctx.lineTo(edge.to.x, edge.to.y);
    }
    ctx.stroke();
    // an arrow head under HEAD pixels long cannot be seen: left out until the reader zooms in
    if (!look.directed || (ARROW + 3 * width) * scale < HEAD) return;
    ctx.setLineDash([]);
    ctx.beginPath();
    for (i = 0; i < edges.length; i++) head(ctx, edges[i], width);
    ctx.fill();
  }

  // The control point of a curved line (parallel relationships between two actors), else null.
  function curve(edge) { return graphkitLines.via(edge); }

  // An arrow head at the `to` actor's edge, pointing along the last part of the line.
  function head(ctx, edge, width) {
    var via = curve(edge), fromX = via ? via.x : edge.from.x, fromY = via ? via.y : edge.from.y;
    var dx = edge.to.x - fromX, dy = edge.to.y - fromY, length = Math.sqrt(dx * dx + dy * dy);
    if (!length) return;
    dx /= length; dy /= length;
    var radius = (edge.to.shape && edge.to.shape.radius) || edge.to.options.size || 10;
    var tipX = edge.to.x - dx * radius, tipY = edge.to.y - dy * radius, size = ARROW + 3 * width;
    var baseX = tipX - dx * size, baseY = tipY - dy * size, half = size * 0.4;
    ctx.moveTo(tipX, tipY);
    ctx.lineTo(baseX - dy * half, baseY + dx * half);
    ctx.lineTo(baseX + dy * half, baseY - dx * half);
    ctx.closePath();
  }

  // The shown actors, one path per look (shape, fill, border); the selected ones on top, as
  // vis-network draws them. Each actor's box (for clicks) is updated when it has moved.
  function batchNodes(ctx, network, body) {
    var batches = new Map(), selected = [], box = view(network), ids = body.nodeIndices;
    for (var i = 0; i < ids.length; i++) {
      var node = body.nodes[ids[i]];
      if (!node) continue;
      if (node._drawnX !== node.x || node._drawnY !== node.y) {  // its box, where vis-network's drawing puts it
        if (!place(node)) {
          node.resize(ctx);
          node.shape.left = node.x - node.shape.width / 2;
          node.shape.top = node.y - node.shape.height / 2;
          node.updateBoundingBox(ctx);
        }
        node._drawnX = node.x; node._drawnY = node.y;
      }
      var size = node.options.size;
      if (node.x + size < box.left || node.x - size > box.right || node.y + size < box.top || node.y - size > box.bottom) continue;
      if (node.selected || node.hover) { selected.push(node); continue; }
      var color = node.options.color, key = node.options.shape + " " + color.background + " " + color.border;
      var batch = batches.get(key);
      if (!batch) batches.set(key, batch = { shape: node.options.shape, fill: color.background, border: color.border, nodes: [] });
      batch.nodes.push(node);
    }
    // an actor under TINY pixels across is drawn as a square (no shape can be told apart at that
    // size), and a border thinner than half a pixel is left out: both cost the browser most
    var scale = network.getScale(), border = (network.body.options && network.body.options.nodes &&
      network.body.options.nodes.borderWidth) || 1;
    ctx.save();
    ctx.lineWidth = border;
    batches.forEach(function (batch) {
      ctx.beginPath();
      for (var j = 0; j < batch.nodes.length; j++) {
        var node = batch.nodes[j], r = node.options.size;
        if (2 * r * scale < TINY) ctx.rect(node.x - r, node.y - r, 2 * r, 2 * r);
        else outline(ctx, batch.shape, node.x, node.y, r);
      }
      ctx.fillStyle = batch.fill;
      ctx.fill();
      if (border * scale < 0.5) return;
      ctx.strokeStyle = batch.border;
      ctx.stroke();
    });
    ctx.restore();
    var labels = [];
    selected.forEach(function (node) {
      var drawn = node.draw(ctx);
      if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
    });
    return { drawExternalLabels: function () { labels.forEach(function (draw) { draw(); }); } };
  }

  // Give an actor whose shape is sized by its size alone (not by its label) the box vis-network
  // gives it (for clicks and the view's fit), without measuring its label; false for other shapes.
  var SIZED = { dot: true, square: true, triangle: true, triangleDown: true, diamond: true, star: true, hexagon: true };
  function place(node) {
    var shape = node.shape, r = node.options.size;
    if (!shape || SIZED[node.options.shape] !== true || typeof r !== "number") return false;
    shape.width = shape.height = 2 * r;
    shape.radius = r;
    shape.left = node.x - r;
    shape.top = node.y - r;
    shape.boundingBox = { left: node.x - r, top: node.y - r, right: node.x + r, bottom: node.y + r };
    return true;
  }

  // An actor's shape, as a closed sub-path of radius `r` around (x, y) (vis-network's shapes).
  var POLYGONS = {
    triangle: [[0, -1], [0.866, 0.5], [-0.866, 0.5]],
    triangleDown: [[0, 1], [0.866, -0.5], [-0.866, -0.5]],
    diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
    hexagon: [[1, 0], [0.5, 0.866], [-0.5, 0.866], [-1, 0], [-0.5, -0.866], [0.5, -0.866]],
    star: [[0, -1], [0.225, -0.309], [0.951, -0.309], [0.363, 0.118], [0.588, 0.809], [0, 0.382], [-0.588, 0.809],
           [-0.363, 0.118], [-0.951, -0.309], [-0.225, -0.309]]
  };
  function outline(ctx, shape, x, y, r) {
    var points = POLYGONS[shape];
    if (points) {
      ctx.moveTo(x + points[0][0] * r, y + points[0][1] * r);
      for (var k = 1; k < points.length; k++) ctx.lineTo(x + points[k][0] * r, y + points[k][1] * r);
      ctx.closePath();
    } else if (shape === "square" || shape === "box" || shape === "database" || shape === "text") {
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
    } else {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  // Show and hide items: `nodes` and `edges` are the page's updates ({id, hidden}); only their
  // flags are set, then the network's lists of visible items are rebuilt in one pass and it redraws.
  function show(network, nodes, edges) {
    var body = network.body, i, item;
    for (i = 0; i < nodes.length; i++) {
      item = body.nodes[nodes[i].id];
      if (item && nodes[i].hidden !== undefined) item.options.hidden = nodes[i].hidden;
    }
    if (!network._graphkitNodes) network._graphkitNodes = Object.values(body.nodes);
    var all = network._graphkitNodes, nodeIndices = [];
    for (i = 0; i < all.length; i++) if (!all[i].options.hidden) nodeIndices.push(all[i].id);
    body.nodeIndices = nodeIndices;
    if (held.has(network)) graphkitLines.show(held.get(network), edges);
    network.redraw();
  }

  // The relationships `network` draws (lines.js), or null where vis-network holds them (small maps).
  function lines(network) { return held.get(network) || null; }

  return { usable: usable, attach: attach, hold: hold, lines: lines, show: show };
})();
