// The graphkit map page. Data comes from the JSON block; every text reaches the DOM through
// textContent, every link is checked to be http(s). The time slider and the filters use the same
// rules as graphkit's filter_graph / in_force, so the page and the command line agree.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graphkit-data").textContent);
  var DAY = 86400000;
  var DIM_NODE = { background: "#e6e6e6", border: "#d0d0d0", highlight: { background: "#e6e6e6", border: "#d0d0d0" } };
  var DIM_FONT = { color: "rgba(34,34,34,0.25)" };
  var FONT = { color: "#222222" };
  var DIM_EDGE = { color: "#dddddd", highlight: "#dddddd", hover: "#dddddd", opacity: 0.35 };

  var actors = new Map(data.actors.map(function (a) { return [a.id, a]; }));
  var rels = new Map(data.relationships.map(function (r) { return [r.id, r]; }));
  var nodeItems = new Map(data.network.nodes.map(function (n) { return [n.id, n]; }));
  var edgeItems = new Map(data.network.edges.map(function (e) { return [e.id, e]; }));
  var nodes = new vis.DataSet(data.network.nodes);
  var edges = new vis.DataSet(data.network.edges);

  var on = { kinds: new Set(Object.keys(data.kinds)), types: new Set(Object.keys(data.types)),
             statuses: new Set(Object.keys(data.statuses)) };
  var day = null;  // ISO date chosen on the slider, or null for all dates
  var hiddenNodes = new Set(), hiddenEdges = new Set();
  var dimmedNodes = new Set(), dimmedEdges = new Set();

  // ---- small DOM helpers: text only, never markup ----
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeUrl(text) {
    try {
      var url = new URL(String(text));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }
  function humanType(type) { return String(type).replace(/_/g, " ").toLowerCase(); }
  function actorName(id) { var a = actors.get(id); return a ? a.name : String(id); }

  // ---- time: the same rule as graph.in_force for one day ----
  function inForce(rel, iso) {
    if (rel.valid_from == null && rel.valid_to == null) return false;
    if (rel.valid_from != null && rel.valid_from > iso) return false;
    if (rel.valid_to != null && rel.valid_to < iso) return false;
    return true;
  }
  function exists(actor, iso) {
    return (actor.exists_from == null || actor.exists_from <= iso) &&
           (actor.exists_to == null || actor.exists_to >= iso);
  }
  function isoDay(offset) {
    return new Date(Date.parse(data.first_day + "T00:00:00Z") + offset * DAY).toISOString().slice(0, 10);
  }

  // ---- filters: which actors and relationships are shown ----
  function relationshipShown(rel) {
    var a = actors.get(rel.from), b = actors.get(rel.to);
    return !!a && !!b && on.kinds.has(a.kind) && on.kinds.has(b.kind) && on.types.has(rel.type) &&
      on.statuses.has(rel.status) && (day === null || inForce(rel, day));
  }
  function apply() {
    var ends = new Set(), edgeUpdates = [], nodeUpdates = [], shownEdges = 0, shownNodes = 0;
    rels.forEach(function (rel, id) {
      var shown = relationshipShown(rel);
      if (shown) { ends.add(rel.from); ends.add(rel.to); shownEdges++; }
      if (shown === hiddenEdges.has(id)) {
        edgeUpdates.push({ id: id, hidden: !shown });
        if (shown) hiddenEdges.delete(id); else hiddenEdges.add(id);
      }
    });
    actors.forEach(function (actor, id) {
      var shown = on.kinds.has(actor.kind) && (day === null || ends.has(id) || exists(actor, day));
      if (shown) shownNodes++;
      if (shown === hiddenNodes.has(id)) {
        nodeUpdates.push({ id: id, hidden: !shown });
        if (shown) hiddenNodes.delete(id); else hiddenNodes.add(id);
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    document.getElementById("counts").textContent =
      shownNodes + " of " + actors.size + " actors · " + shownEdges + " of " + rels.size + " relationships";
  }

  // ---- the network ----
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {}, data.network.options);
  function ready() {
    window.graphkitReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (data.physics && data.actors.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      if (network.getScale() > 1.5) network.moveTo({ scale: 1.5 });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  network.setData({ nodes: nodes, edges: edges });
  if (!data.actors.length) ready();

  // ---- neighbourhood highlight ----
  function highlight(keepNodes, keepEdges) {
    var nodeUpdates = [], edgeUpdates = [];
    nodeItems.forEach(function (item, id) {
      var dim = keepNodes !== null && !keepNodes.has(id);
      if (dim !== dimmedNodes.has(id)) {
        nodeUpdates.push({ id: id, color: dim ? DIM_NODE : item.color, font: dim ? DIM_FONT : FONT });
        if (dim) dimmedNodes.add(id); else dimmedNodes.delete(id);
      }
    });
    edgeItems.forEach(function (item, id) {
      var dim = keepEdges !== null && !keepEdges.has(id);
      if (dim !== dimmedEdges.has(id)) {
        edgeUpdates.push({ id: id, color: dim ? DIM_EDGE : item.color });
        if (dim) dimmedEdges.add(id); else dimmedEdges.delete(id);
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }
  // Small maps dim everything else; on big ones restyling every item takes seconds, so the
  // neighbourhood is selected instead.
  function neighbourhood(id) {
    var keepNodes = new Set([id]), keepEdges = new Set(network.getConnectedEdges(id));
    keepEdges.forEach(function (edgeId) {
      var rel = rels.get(edgeId);
      if (rel) { keepNodes.add(rel.from); keepNodes.add(rel.to); }
    });
    if (data.physics) highlight(keepNodes, keepEdges);
    else network.setSelection({ nodes: [id], edges: Array.from(keepEdges) }, { highlightEdges: false });
  }
  function pair(rel) {
    if (data.physics) highlight(new Set([rel.from, rel.to]), new Set([rel.id]));
  }

  // ---- the side panel ----
  var details = document.getElementById("details");
  function clearPanel() {
    details.textContent = "";
    document.getElementById("panel-hint").hidden = false;
  }
  function startPanel(kind) {
    details.textContent = "";
    details.setAttribute("data-kind", kind);
    document.getElementById("panel-hint").hidden = true;
  }
  function fields(list, pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      var value = pair[1];
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
      dl.appendChild(el("dt", null, pair[0]));
      var dd = el("dd", null, Array.isArray(value) ? value.join(", ") : value);
      if (pair[2]) dd.title = pair[2];
      dl.appendChild(dd);
    });
    list.appendChild(dl);
  }
  function actorButton(id) {
    var button = el("button", "link", actorName(id));
    button.type = "button";
    button.addEventListener("click", function () { selectActor(id); });
    return button;
  }
  function showActor(id) {
    var actor = actors.get(id);
    if (!actor) return;
    startPanel("actor");
    details.appendChild(el("h2", "actor-name", actor.name));
    var kind = data.kinds[actor.kind] || {};
    fields(details, [
      ["Kind", actor.kind, kind.description],
      ["Aliases", actor.aliases],
      ["Country", actor.country],
      ["Existed", actor.start || actor.end ? (actor.start || "…") + " – " + (actor.end || "…") : null],
      ["Id", actor.id],
      [data.measure.replace(/_/g, " ") + " centrality", +Number(actor.score).toFixed(4)]
    ]);
    if (actor.description) details.appendChild(el("p", "description", actor.description));
    var ties = network.getConnectedEdges(id).filter(function (edgeId) { return !hiddenEdges.has(edgeId); });
    details.appendChild(el("h3", null, ties.length + " relationship" + (ties.length === 1 ? "" : "s") + " shown"));
    var list = el("ul", "ties");
    ties.slice(0, 200).forEach(function (edgeId) {
      var rel = rels.get(edgeId);
      var item = el("li");
      var link = el("button", "link", humanType(rel.type) + " " + (rel.from === id ? "→ " + actorName(rel.to) : "← " + actorName(rel.from)));
      link.type = "button";
      link.addEventListener("click", function () { selectRelationship(edgeId); });
      item.appendChild(link);
      list.appendChild(item);
    });
    details.appendChild(list);
  }
  function showRelationship(id) {
    var rel = rels.get(id);
    if (!rel) return;
    startPanel("relationship");
    var type = data.types[rel.type] || {}, status = data.statuses[rel.status] || {};
    var heading = el("h2", "relationship-title");
    var swatch = el("span", "swatch");
    swatch.style.background = type.color || "#999";
    heading.appendChild(swatch);
    heading.appendChild(document.createTextNode(humanType(rel.type)));
    details.appendChild(heading);
    var ends = el("p");
    ends.appendChild(actorButton(rel.from));
    ends.appendChild(document.createTextNode(rel.directed ? " → " : " — "));
    ends.appendChild(actorButton(rel.to));
    details.appendChild(ends);
    var amount = rel.amount !== null && rel.amount !== undefined ? String(rel.amount) + (rel.currency ? " " + rel.currency : "") : null;
    fields(details, [
      ["Type", rel.type, type.description],
      ["Status", rel.status, status.description],
      ["Date", rel.date],
      ["Start", rel.start],
      ["End", rel.end],
      ["Reported", rel.reported, "Earliest publication date of its sources"],
      ["Role", rel.role],
      ["Amount", amount],
      ["Place", rel.place],
      ["Id", rel.relationship]
    ]);
    if (rel.description) details.appendChild(el("p", "description", rel.description));
    details.appendChild(el("h3", null, "Sources (" + rel.citations.length + ")"));
    var list = el("ol", "sources");
    rel.citations.forEach(function (citation) {
      var source = data.sources[citation.source] || { title: citation.source };
      var item = el("li", "citation");
      var href = source.url ? safeUrl(source.url) : null;
      var title;
      if (href) {
        title = el("a", "source-title", source.title || source.url);
        title.href = href;
        title.target = "_blank";
        title.rel = "noopener noreferrer";
      } else {
        title = el("span", "source-title", source.title || citation.source);
      }
      item.appendChild(title);
      var meta = [source.publisher, source.published].filter(function (x) { return x; }).join(", ");
      if (meta) item.appendChild(el("div", "muted source-meta", meta));
      if (source.url && !href) item.appendChild(el("div", "muted source-url", source.url));
      if (citation.quote) item.appendChild(el("blockquote", "quote", citation.quote));
      if (citation.locator) item.appendChild(el("div", "muted locator", citation.locator));
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  function selectActor(id) {
    if (!actors.has(id)) return false;
    network.selectNodes([id]);
    if (!hiddenNodes.has(id)) network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    showActor(id);
    neighbourhood(id);
    return true;
  }
  function selectRelationship(id) {
    var rel = rels.get(id);
    if (!rel) return false;
    network.selectEdges([id]);
    showRelationship(id);
    pair(rel);
    return true;
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showActor(params.nodes[0]); neighbourhood(params.nodes[0]); }
    else if (params.edges.length) { showRelationship(params.edges[0]); pair(rels.get(params.edges[0])); }
    else { clearPanel(); if (data.physics) highlight(null, null); }
  });

  // ---- search by name or alias ----
  function fold(text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  var index = data.actors.map(function (a) {
    return { id: a.id, keys: [a.name].concat(a.aliases).map(fold) };
  });
  function search(text) {
    var wanted = fold(text);
    if (!wanted) return [];
    var ranked = [];
    index.forEach(function (entry) {
      var best = 9;
      entry.keys.forEach(function (key) {
        var rank = key === wanted ? 0 : key.indexOf(wanted) === 0 ? 1 : key.indexOf(wanted) > 0 ? 2 : 9;
        if (rank < best) best = rank;
      });
      if (best < 9) ranked.push([best, actorName(entry.id), entry.id]);
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return ranked.slice(0, 30).map(function (r) { return r[2]; });
  }
  var searchInput = document.getElementById("search"), results = document.getElementById("search-results");
  function showResults(ids) {
    results.textContent = "";
    ids.forEach(function (id) {
      var actor = actors.get(id), item = el("li", null, actor.name);
      var other = actor.aliases.filter(function (alias) { return fold(alias).indexOf(fold(searchInput.value)) >= 0; });
      item.appendChild(el("span", "muted", other.length ? other[0] : actor.kind));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(id); });
      results.appendChild(item);
    });
    if (!ids.length && searchInput.value.trim()) results.appendChild(el("li", "muted", "No actor found"));
    results.hidden = !results.firstChild;
  }
  function choose(id) {
    results.hidden = true;
    selectActor(id);
  }
  searchInput.addEventListener("input", function () { showResults(search(searchInput.value)); });
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = search(searchInput.value);
      if (found.length) choose(found[0]);
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  searchInput.addEventListener("blur", function () { results.hidden = true; });

  // ---- legends with filter checkboxes ----
  var SVG = "http://www.w3.org/2000/svg";
  function svg(width, height) {
    var icon = document.createElementNS(SVG, "svg");
    icon.setAttribute("width", width); icon.setAttribute("height", height);
    icon.setAttribute("viewBox", "0 0 " + width + " " + height);
    icon.setAttribute("aria-hidden", "true");
    return icon;
  }
  function shapeIcon(shape, color) {
    var icon = svg(16, 16), form;
    var polygons = {
      triangle: "8,1 15,14 1,14", triangleDown: "1,2 15,2 8,15", diamond: "8,1 15,8 8,15 1,8",
      star: "8,1 9.8,5.8 15,6 11,9.3 12.3,14.5 8,11.6 3.7,14.5 5,9.3 1,6 6.2,5.8",
      hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"
    };
    if (shape === "dot" || shape === "circle" || shape === "ellipse") {
      form = document.createElementNS(SVG, "circle");
      form.setAttribute("cx", 8); form.setAttribute("cy", 8); form.setAttribute("r", 6.5);
    } else if (polygons[shape]) {
      form = document.createElementNS(SVG, "polygon");
      form.setAttribute("points", polygons[shape]);
    } else {
      form = document.createElementNS(SVG, "rect");
      form.setAttribute("x", 2); form.setAttribute("y", 2); form.setAttribute("width", 12); form.setAttribute("height", 12);
    }
    form.setAttribute("fill", color);
    form.setAttribute("stroke", "#555");
    form.setAttribute("stroke-width", "0.8");
    icon.appendChild(form);
    return icon;
  }
  function lineIcon(color, dashes, width, opacity) {
    var icon = svg(28, 12), line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", 1); line.setAttribute("y1", 6); line.setAttribute("x2", 27); line.setAttribute("y2", 6);
    line.setAttribute("stroke", color);
    line.setAttribute("stroke-width", width);
    line.setAttribute("stroke-opacity", opacity);
    if (dashes) line.setAttribute("stroke-dasharray", dashes.join(" "));
    icon.appendChild(line);
    return icon;
  }
  function checkbox(group, name, icon, text, description) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.setAttribute("data-filter", group);
    box.setAttribute("data-value", name);
    box.addEventListener("change", function () {
      if (box.checked) on[group].add(name); else on[group].delete(name);
      apply();
    });
    label.appendChild(box);
    label.appendChild(icon);
    label.appendChild(el("span", null, text));
    if (description) label.title = description;
    return label;
  }
  var kindLegend = document.getElementById("legend-kinds");
  Object.keys(data.kinds).forEach(function (kind) {
    var spec = data.kinds[kind];
    kindLegend.appendChild(checkbox("kinds", kind, shapeIcon(spec.shape, spec.color), kind, spec.description));
  });
  var typeLegend = document.getElementById("legend-types"), family = null;
  Object.keys(data.types).sort(function (a, b) {
    var fa = data.types[a].family, fb = data.types[b].family;
    return fa < fb ? -1 : fa > fb ? 1 : 0;
  }).forEach(function (type) {
    var spec = data.types[type];
    if (spec.family !== family) { family = spec.family; typeLegend.appendChild(el("h3", null, family)); }
    var icon = lineIcon(spec.color, null, 2, 1);
    if (spec.directed) {
      var head = document.createElementNS(SVG, "polygon");
      head.setAttribute("points", "20,2 27,6 20,10");
      head.setAttribute("fill", spec.color);
      icon.appendChild(head);
    }
    typeLegend.appendChild(checkbox("types", type, icon, humanType(type), spec.description));
  });
  var statusLegend = document.getElementById("legend-statuses");
  Object.keys(data.statuses).forEach(function (status) {
    var spec = data.statuses[status];
    statusLegend.appendChild(checkbox("statuses", status, lineIcon("#444", spec.dashes, spec.width, spec.opacity), status, spec.description));
  });

  // ---- header, time slider ----
  document.getElementById("title").textContent = data.title;
  document.getElementById("about").textContent = [data.description, "Made with " + data.generator + "."].filter(function (x) { return x; }).join(" ");
  var slider = document.getElementById("time"), dayInput = document.getElementById("day");
  function setDay(step) {
    step = Math.max(0, Math.min(Number(slider.max), step));
    slider.value = String(step);
    day = step > 0 ? isoDay(step - 1) : null;
    dayInput.value = day || "";
    apply();
  }
  if (data.first_day) {
    slider.max = String(Math.round((Date.parse(data.last_day + "T00:00:00Z") - Date.parse(data.first_day + "T00:00:00Z")) / DAY) + 1);
    dayInput.min = data.first_day;
    dayInput.max = data.last_day;
    document.getElementById("time-note").textContent = data.first_day + " – " + data.last_day;
  } else {
    slider.disabled = dayInput.disabled = true;
    document.getElementById("time-note").textContent = "no dated relationships";
  }
  slider.addEventListener("input", function () { setDay(Number(slider.value)); });
  dayInput.addEventListener("change", function () {
    var chosen = Date.parse(dayInput.value + "T00:00:00Z");
    setDay(isNaN(chosen) ? 0 : Math.round((chosen - Date.parse(data.first_day + "T00:00:00Z")) / DAY) + 1);
  });
  document.getElementById("all-dates").addEventListener("click", function () { setDay(0); });

  apply();
  if (data.focus !== null && actors.has(data.focus)) selectActor(data.focus);

  // For notebooks and tests: the page's state, read-only in spirit.
  window.graphkit = {
    network: network, nodes: nodes, edges: edges, data: data,
    selectActor: selectActor, selectRelationship: selectRelationship, search: search,
    day: function () { return day; }
  };
})();
