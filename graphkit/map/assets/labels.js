// Room for the labels. The physics lays actors out by their shapes alone, so a long name can be
// drawn over a neighbour. Once the layout has settled, graphkitLabels.makeRoom(network) measures
// every label as vis-network draws it (its font, its place under the shape) and moves actors
// apart, each pair along the shorter way out, until no label covers another actor or another
// label. Labels and shapes are measured in the network's own units, so they grow and shrink
// together with the zoom: what is clear at one zoom is clear at every zoom. First, each label
// gets a size by its actor's rank (the actor's size, from the measure that sizes the map), so
// the central actors' names are larger and read first.
var graphkitLabels = (function () {
  "use strict";

  var PAD = 4;  // clear space kept between a label and anything else, in the network's units; it
  // also takes most of the extra width of the bold a selected actor's name is drawn in (about 6%)
  var ROUNDS = 100;  // rounds of pushes before the layout is spread (a few dozen are usual)
  var SPREADS = 20, SPREAD = 1.02;  // at most this many spreads, each by this factor
  var FONT = { smallest: 14, largest: 20 };  // label sizes, for the smallest and the largest actor

  // Label sizes by rank: in proportion to the actors' sizes, from FONT.smallest to FONT.largest.
  function sizeLabels(network) {
    var nodes = network.body.data.nodes, sizes = nodes.get().map(function (item) { return item.size || 0; });
    var low = Math.min.apply(null, sizes), high = Math.max.apply(null, sizes);
    nodes.update(nodes.get().map(function (item) {
      var share = high > low ? ((item.size || 0) - low) / (high - low) : 0.5;
      return { id: item.id, font: { size: Math.round(FONT.smallest + share * (FONT.largest - FONT.smallest)) } };
    }));
  }

  // Each actor's shape and label as boxes relative to its centre: {id, x, y, weight, shape, label}.
  function measure(network) {
    network.redraw();  // vis-network measures a label when it draws it
    var items = [];
    Object.keys(network.body.nodes).forEach(function (id) {
      var node = network.body.nodes[id];
      if (!node || node.options.hidden || id.indexOf("edgeId:") === 0) return;
      var shape = node.shape, size = node.options.size;
      var halfW = shape.width && node.options.shape === "box" ? shape.width / 2 : size;
      var halfH = shape.height && node.options.shape === "box" ? shape.height / 2 : size;
      var item = { id: id, x: node.x, y: node.y, weight: size, shape: [-halfW, -halfH, halfW, halfH], label: null };
      var text = node.labelModule && node.labelModule.size;
      if (node.options.label && node.options.shape !== "box" && text && text.width > 0) {
        item.label = [text.left - node.x, text.top - node.y, text.left + text.width - node.x, text.top + text.height - node.y];
      }
      var parts = item.label ? [item.shape, item.label] : [item.shape];
      item.extent = [0, 1, 2, 3].map(function (n) {
        return (n < 2 ? Math.min : Math.max).apply(null, parts.map(function (part) { return part[n]; }));
      });
      items.push(item);
    });
    return items;
  }

  function box(item, part) {
    var r = item[part];
    return [item.x + r[0], item.y + r[1], item.x + r[2], item.y + r[3]];
  }

  // How far two boxes overlap, with the padding: [dx, dy] (both > 0 when they do), or null.
  function overlap(a, b) {
    var dx = Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + PAD, dy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + PAD;
    return dx > 0 && dy > 0 ? [dx, dy] : null;
  }

  // One round: every clash of one actor's label with another's label or shape (and of two shapes)
  // pushes the two apart at once, just clear of each other; returns how many clashes there were.
  var PAIRS = [["shape", "shape"], ["label", "shape"], ["shape", "label"], ["label", "label"]];
  function round(items) {
    var clashes = 0;
    // sweep along x: only actors whose extents (shape and label together) meet in x can clash; a
    // round with no clash moves nothing, so the order it was swept in is exact
    items.sort(function (p, q) { return (p.x + p.extent[0]) - (q.x + q.extent[0]); });
    for (var i = 0; i < items.length; i++) {
      var a = items[i];
      for (var j = i + 1; j < items.length; j++) {
        var b = items[j];
        if (b.x + b.extent[0] > a.x + a.extent[2] + PAD) break;
        for (var k = 0; k < PAIRS.length; k++) {
          if (!a[PAIRS[k][0]] || !b[PAIRS[k][1]]) continue;
          var boxA = box(a, PAIRS[k][0]), boxB = box(b, PAIRS[k][1]), over = overlap(boxA, boxB);
          if (!over) continue;
          clashes++;
          var axis = over[0] < over[1] ? 0 : 1, key = axis ? "y" : "x";
          // the two actors' own order decides the way, so that a pair's clashes never push against each other
          var sign = a[key] > b[key] || (a[key] === b[key] && a.id < b.id) ? 1 : -1;
          var share = b.weight / (a.weight + b.weight);  // the bigger (more central) actor moves less
          a[key] += sign * over[axis] * share;
          b[key] -= sign * over[axis] * (1 - share);
        }
      }
    }
    return clashes;
  }

  // Move the actors of `network` until their labels are clear; returns the clashes left (0: none).
  // Pushes alone can jam in a crowded centre; then the whole layout is spread a little (about its
  // centre, its shape kept) and the pushes run again.
  function makeRoom(network) {
    sizeLabels(network);
    network.fit();  // every actor in view, so that every label is measured
    var items = measure(network), clashes = 0;
    if (!items.length) return 0;
    var cx = 0, cy = 0;
    items.forEach(function (item) { cx += item.x / items.length; cy += item.y / items.length; });
    for (var spread = 0; spread < SPREADS; spread++) {
      for (var n = 0; n < ROUNDS; n++) {
        clashes = round(items);
        if (!clashes) break;
      }
      if (!clashes) break;
      items.forEach(function (item) { item.x = cx + (item.x - cx) * SPREAD; item.y = cy + (item.y - cy) * SPREAD; });
    }
    // placed directly, not by moveNode, which asks for a redraw per actor
    items.forEach(function (item) { network.body.nodes[item.id].x = item.x; network.body.nodes[item.id].y = item.y; });
    return clashes;
  }

  return { makeRoom: makeRoom };
})();
