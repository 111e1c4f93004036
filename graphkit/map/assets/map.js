// The graphkit map page. Data comes from the JSON block; every text reaches the DOM through
// textContent, every link is checked to be http(s). The time slider and the filters follow
// graphkit's filter_graph, so the page and the command line agree: the slider moves valid time
// (what held on a day; faded: may have held) or knowledge time (what was published by a day),
// both from days computed in Python (graphkitClock only compares them).
(function () {
  "use strict";

  var data = graphkitPack.unpackMap(JSON.parse(document.getElementById("graphkit-data").textContent));
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

  var diff = data.diff;  // a diff map: two days compared, no slider
  var on = { kinds: new Set(Object.keys(data.kinds)), types: new Set(Object.keys(data.types)),
             statuses: new Set(Object.keys(data.statuses).filter(function (s) { return data.statuses[s].shown !== false; })),
             changes: new Set(diff ? Object.keys(diff.colors) : []) };
  // The time chosen on the time bar (slider.js keeps these up to date through graphkitSlider.init):
  var clock = "valid";  // "valid" (held on the day(s)) or "known" (known by the day)
  var day = null;  // ISO date chosen on the slider (the first day of a range), or null for all dates
  var until = null;  // the last day chosen: the same as `day` unless a range is chosen
  var showUndated = false;  // undated relationships while a day of valid time is chosen
  var hiddenNodes = new Set(), hiddenEdges = new Set();
  var dimmedNodes = new Set(), dimmedEdges = new Set();
  var looks = new Map();  // relationship id -> the look it is drawn with (status, faded)

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

  // ---- filters: which actors and relationships are shown, and how (filter_graph's order) ----
  // A relationship's state: shown or not (and why not), its status on the clock's day, faded or not.
  function relationshipState(rel) {
    var a = actors.get(rel.from), b = actors.get(rel.to);
    if (!a || !b || !on.kinds.has(a.kind) || !on.kinds.has(b.kind) || !on.types.has(rel.type)) return { shown: false };
    var status = rel.status, faded = rel.holds === "may";  // a command's slice may hold only maybe
    if (clock === "known" && day !== null) {
      var step = graphkitClock.known(rel, day);
      if (!step) return { shown: false, why: "not yet known" };
      status = step[1];
    }
    if (!on.statuses.has(status)) return { shown: false, status: status };
    if (clock === "valid" && day !== null) {
      var undated = rel.timing === "undated";
      if (undated && !showUndated) return { shown: false, status: status, why: "undated", undated: true };
      var held = graphkitClock.holds(rel, day, until);
      if (!held) return { shown: false, status: status, undated: undated };
      faded = held === "may";
    }
    if (diff && !on.changes.has(rel.change)) return { shown: false, status: status };
    return { shown: true, status: status, faded: faded, undated: rel.timing === "undated" };
  }
  function lookKey(state) { return state.status + (state.faded ? " faded" : ""); }
  // How a relationship is drawn: for its DataSet item (color, width, dashes) and, on big maps, for
  // draw.js (`drawn`: one batch per group of relationships drawn alike). Relationships drawn alike
  // share one look (the page never changes a look in place): a big map makes a few dozen, not one
  // per relationship.
  var lookCache = new Map();
  function lookOf(rel, state) {
    var base = edgeItems.get(rel.id).color.color, key = lookKey(state);
    var group = base + " " + key + (data.statuses[state.status] ? "" : " as " + rel.status) + (rel.directed ? " >" : "");
    var look = lookCache.get(group);
    if (!look) lookCache.set(group, look = newLook(rel, state, base, key, group));
    return look;
  }
  function newLook(rel, state, base, key, group) {
    var spec = data.statuses[state.status] || data.statuses[rel.status];
    var opacity = state.faded ? Math.max(data.fade.floor, spec.opacity * data.fade.factor) : spec.opacity;
    return { key: key, status: state.status, faded: !!state.faded,
             color: { color: base, highlight: base, hover: base, opacity: opacity },
             width: spec.width, dashes: spec.dashes,
             drawn: { color: base, opacity: opacity, width: spec.width, dashes: spec.dashes, directed: !!rel.directed,
                      group: group } };
  }
  data.network.edges.forEach(function (item) {
    var rel = rels.get(item.id), faded = rel.holds === "may";
    looks.set(item.id, lookOf(rel, { status: rel.status, faded: faded }));
    item.shownStatus = rel.status;
    item.faded = faded;
  });
  var undatedBox = document.getElementById("undated");
  function apply() {
    var ends = new Set(), edgeUpdates = [], nodeUpdates = [], shownEdges = 0, shownNodes = 0;
    var why = {}, faded = 0, undated = 0;
    rels.forEach(function (rel, id) {
      var state = relationshipState(rel), shown = state.shown, update = null;
      if (state.why) why[state.why] = (why[state.why] || 0) + 1;
      if (state.undated) undated++;
      if (shown) { ends.add(rel.from); ends.add(rel.to); shownEdges++; if (state.faded) faded++; }
      if (shown === hiddenEdges.has(id)) {
        update = { id: id, hidden: !shown };
        if (shown) hiddenEdges.delete(id); else hiddenEdges.add(id);
      }
      if (shown && lookKey(state) !== looks.get(id).key) {
        var look = lookOf(rel, state);
        looks.set(id, look);
        update = update || { id: id };
        update.width = look.width;
        update.dashes = look.dashes;
        update.shownStatus = look.status;
        update.faded = look.faded;
        if (!dimmedEdges.has(id)) update.color = look.color;
      }
      if (update) edgeUpdates.push(update);
    });
    // An actor stays while a relationship of it is shown. Once the reader slices the map (a day, a
    // box changed), one left with none is hidden, as filter_graph drops it from a slice, unless the
    // map was made with --keep-isolated; as the map opened, it shows every actor it was given.
    var keepAlone = data.keep_isolated || !slicedHere(), alone = 0;
    actors.forEach(function (actor, id) {
      var shown = on.kinds.has(actor.kind) && (ends.has(id) || keepAlone &&
        (day === null || clock !== "valid" || graphkitClock.exists(actor, day, until)));
      if (!shown && on.kinds.has(actor.kind) && !keepAlone) alone++;
      if (shown) shownNodes++;
      if (shown === hiddenNodes.has(id)) {
        nodeUpdates.push({ id: id, hidden: !shown });
        if (shown) hiddenNodes.delete(id); else hiddenNodes.add(id);
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    if (batched && (nodeUpdates.length || edgeUpdates.length)) graphkitDraw.show(network, nodeUpdates, edgeUpdates);
    var counts = [shownNodes + " of " + actors.size + " actors", shownEdges + " of " + rels.size + " relationships"];
    if (faded) counts.push(faded + " may have held (faded)");
    Object.keys(why).forEach(function (reason) { counts.push(why[reason] + " " + reason + " hidden"); });
    if (alone) counts.push(alone + " unconnected actor" + (alone === 1 ? "" : "s") + " hidden");
    document.getElementById("counts").textContent = counts.join(" · ");
    document.getElementById("undated-label").textContent = "undated (" + undated + ")";
    var undatedControl = document.getElementById("undated-control");
    undatedBox.disabled = clock !== "valid" || day === null;
    undatedControl.className = undatedBox.disabled ? "off" : "";
    if (panelShows) {  // the open details, and the neighbourhood drawn, follow the clock and the filters
      panelShows[0](panelShows[1]);
      if (panelShows[0] === showActor) neighbourhood(panelShows[1]);
    }
    writeHash();
  }
  // Whether the reader has sliced the map here: a day chosen, or a box not as the map opened.
  var opened = filterKey();
  function filterKey() {
    return Object.keys(on).map(function (group) { return group + ":" + Array.from(on[group]).sort().join(","); }).join(";");
  }
  function slicedHere() { return day !== null || filterKey() !== opened; }

  // ---- the network ----
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {}, data.network.options);
  // A big map (laid out in Python) is drawn by draw.js: the network gets its own copy of the actors
  // and no relationships (the page holds those, lines.js), so the page's changes to its DataSets
  // cost it no work, and it builds no object per relationship as the map opens.
  var batched = !data.physics && graphkitDraw.attach(network, function (id) { return looks.get(id).drawn; });
  var lines = null;  // a big map's relationships as drawn (lines.js)
  function ready() {
    if (linkFocus) linkFocus();  // the view a link asked for, once the layout has settled
    window.graphkitReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (data.physics && data.actors.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      graphkitLabels.makeRoom(network);  // labels.js: actors moved apart until no label covers another
      network.fit();
      if (network.getScale() > 1.5) network.moveTo({ scale: 1.5 });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  if (batched) {
    network.setData({
      nodes: new vis.DataSet(data.network.nodes.map(function (item) { return Object.assign({}, item); })),
      edges: new vis.DataSet()
    });
    lines = graphkitDraw.hold(network, data.network.edges);
  } else {
    network.setData({ nodes: nodes, edges: edges });
  }
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
        edgeUpdates.push({ id: id, color: dim ? DIM_EDGE : looks.get(id).color });
        if (dim) dimmedEdges.add(id); else dimmedEdges.delete(id);
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }
  // Small maps dim everything else; on big ones restyling every item takes seconds, so the
  // neighbourhood is selected instead.
  function neighbourhood(id) {
    var keepNodes = new Set([id]);
    var keepEdges = new Set(connectedEdges(id).filter(function (edgeId) { return !hiddenEdges.has(edgeId); }));
    keepEdges.forEach(function (edgeId) {
      var rel = rels.get(edgeId);
      if (rel) { keepNodes.add(rel.from); keepNodes.add(rel.to); }
    });
    if (data.physics) highlight(keepNodes, keepEdges);
    else if (lines) { graphkitLines.select(lines, Array.from(keepEdges)); network.selectNodes([id], false); network.redraw(); }
    else network.setSelection({ nodes: [id], edges: Array.from(keepEdges) }, { highlightEdges: false });
  }
  // What vis-network does for the relationships it holds, done by the page for those it holds
  // itself (big maps, lines.js).
  function connectedEdges(id) { return lines ? graphkitLines.around(lines, id) : network.getConnectedEdges(id); }
  function selectEdges(ids) {
    if (!lines) return network.selectEdges(ids);
    if (ids.length) network.unselectAll();  // a relationship chosen: no actor stays selected
    graphkitLines.select(lines, ids);
    network.redraw();
  }
  function selectedEdges() { return lines ? graphkitLines.selectedIds(lines) : network.getSelectedEdges(); }
  function unselectAll() {
    network.unselectAll();
    if (lines) selectEdges([]);
  }
  function pair(rel) {
    if (data.physics) highlight(new Set([rel.from, rel.to]), new Set([rel.id]));
  }

  // ---- the side panel ----
  var details = document.getElementById("details");
  var panelShows = null;  // [show function, id] of the details open in the panel
  function clearPanel() {
    panelShows = null;
    details.textContent = "";
    document.getElementById("panel-hint").hidden = false;
  }
  function startPanel(kind) {
    details.textContent = "";
    details.setAttribute("data-kind", kind);
    document.getElementById("panel-hint").hidden = true;
  }
  // Said at the top of the details when the filters or the time chosen hide what they are about.
  function hiddenNote(text) {
    details.appendChild(el("p", "hidden-note", text));
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
    panelShows = [showActor, id];
    details.appendChild(el("h2", "actor-name", actor.name));
    var kind = data.kinds[actor.kind] || {};
    fields(details, [
      ["Kind", actor.kind, kind.description],
      ["Aliases", actor.aliases],
      ["Country", actor.country],
      ["Existed", actor.start || actor.end ? (actor.start || "…") + " – " + (actor.end || "…") : null],
      ["Id", actor.id],
      ["Merged from", actor.merged_from, "The actors of each dataset judged to be this one"],
      [data.measure.replace(/_/g, " ") + " centrality", +Number(actor.score).toFixed(4)]
    ]);
    if (actor.description) details.appendChild(el("p", "description", actor.description));
    if (hiddenNodes.has(id)) hiddenNote("Not on the map with the filters and time chosen.");
    var ties = connectedEdges(id).filter(function (edgeId) { return !hiddenEdges.has(edgeId); });
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
    panelShows = [showRelationship, id];
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
    if (hiddenEdges.has(id)) {
      var hiddenWhy = relationshipState(rel).why;
      hiddenNote("Not on the map with the filters and time chosen" + (hiddenWhy ? " (" + hiddenWhy + ")." : "."));
    }
    var amount = rel.amount !== null && rel.amount !== undefined ? String(rel.amount) + (rel.currency ? " " + rel.currency : "") : null;
    var knownDay = clock === "known" && day !== null ? day : null, step = knownDay ? graphkitClock.known(rel, knownDay) : null;
    var shownStatus = knownDay ? (step ? step[1] : null) : rel.status;
    var statusText = shownStatus === null ? "not yet known on " + knownDay :
      shownStatus + (knownDay ? " as known by " + knownDay + (shownStatus !== rel.status ? " (in the whole record: " + rel.status + ")" : "") : "");
    fields(details, [
      ["Type", rel.type, type.description],
      ["Status", statusText, (data.statuses[shownStatus] || status).description],
      ["Citations give", rel.cited_status, "The status the vocabulary's rules give the stances of its citations"],
      ["Change", diff ? changeText(rel) : null],
      ["Date", rel.date],
      ["Start", rel.start],
      ["End", rel.end === ".." ? ".. (not known to have ended)" : rel.end],
      ["Attested", rel.attested, "Known to hold on some day of this date; its start and end are unknown"],
      ["After", rel.after, "It began (or happened) on or after this date"],
      ["Before", rel.before, "It began (or happened) on or before this date"],
      ["Timing", rel.date_note && rel.timing !== "undated" ? rel.timing + " (its dates come from elsewhere, not from its sources)" :
        TIMING[rel.timing] || rel.timing],
      ["Dates from", rel.date_note, "Where its dates come from: its record itself gives none"]
    ].concat(heldRows(rel)).concat([
      ["First reported", stepReported(rel, step, knownDay),
       "The earliest publication of a source that reports it: when it became known, never when it began"],
      ["Role", rel.role],
      ["Amount", amount],
      ["Share", rel.share !== null && rel.share !== undefined ? String(rel.share) + "%" : null],
      ["Place", rel.place],
      ["Dataset", rel.dataset],
      ["Id", rel.relationship]
    ]));
    if (rel.status_note) details.appendChild(el("p", "status-note", "Status set by hand: " + rel.status_note));
    if (rel.description) details.appendChild(el("p", "description", rel.description));
    var documents = new Set(rel.citations.map(function (citation) { return citation.source; })).size;
    details.appendChild(el("h3", "sources-heading", "Sources (" + documents + ")" + (documents === rel.citations.length ? "" :
      " · " + rel.citations.length + " citations")));
    var list = el("ol", "sources");
    rel.citations.forEach(function (citation) {
      var source = data.sources[citation.source] || { title: citation.source };
      var later = knownDay !== null && !graphkitClock.citationKnown(citation, knownDay);
      var item = el("li", later ? "citation later" : "citation");
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
      var meta = [source.publisher, source.published ? "published " + source.published : null].filter(function (x) { return x; }).join(", ");
      if (meta) item.appendChild(el("div", "muted source-meta", meta));
      if (source.url && !href) item.appendChild(el("div", "muted source-url", source.url));
      item.appendChild(stanceLine(citation, source));
      if (later) item.appendChild(el("div", "later-note", citation.known_day ? "published after " + knownDay : "no date: never counted as known"));
      citationEvidence(citation).forEach(function (node) { item.appendChild(node); });
      list.appendChild(item);
    });
    details.appendChild(list);
  }
  // What a citation rests on: a quote (verbatim words, in quotation marks) with its locator, or a
  // register's record, shown as a record (its id, its link if http(s), when it was retrieved),
  // never in quotation marks.
  function citationEvidence(citation) {
    var nodes = [];
    var href = citation.url ? safeUrl(citation.url) : null;
    var link;
    if (citation.kind !== "record" && citation.quote) {
      nodes.push(el("blockquote", "quote", citation.quote));
      if (citation.locator) nodes.push(el("div", "muted locator", citation.locator));
    } else {
      var record = el("div", "record");
      record.appendChild(el("b", "record-label", "Record"));
      if (citation.record) {
        record.appendChild(document.createTextNode(" "));
        record.appendChild(el("code", "record-id", citation.record));
      }
      if (citation.locator) record.appendChild(el("span", "muted locator", " · " + citation.locator));
      nodes.push(record);
    }
    if (citation.url) {
      if (href) {
        link = el("a", "citation-url", citation.url);
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      } else {
        link = el("span", "muted citation-url", citation.url);
      }
      var where = el("div", "citation-link");
      where.appendChild(link);
      nodes.push(where);
    }
    if (citation.retrieved) nodes.push(el("div", "muted retrieved", "retrieved " + citation.retrieved));
    return nodes;
  }
  var TIMING = {
    dated: "dated (its sources give its date, start or end)",
    attested: "attested (known to hold on a date; start and end unknown)",
    bounded: "bounded (its sources give only on or after / on or before)",
    undated: "undated (its sources give no time)"
  };
  var STANCES = { asserts: true, alleges: true, denies: true, confirms: true };
  // How its source states the claim, and the date it counts as known from: its own (a source
  // with revisions), else its source's publication.
  function stanceLine(citation, source) {
    var stance = citation.stance || "asserts";
    var line = el("div", "stance" + (STANCES[stance] === true ? " stance-" + stance : ""));
    line.appendChild(el("b", null, stance));
    line.appendChild(document.createTextNode(" · " + (citation.date ? "dated " + citation.date :
      source.published ? "known from " + source.published : "no date")));
    line.title = "When this citation became known: its own date, else its source's publication date";
    return line;
  }
  function span(first, last) {
    if (first != null && last != null) return first === last ? "on " + first : "between " + first + " and " + last;
    if (first != null) return "on or after " + first;
    if (last != null) return "on or before " + last;
    return "unknown";
  }
  // When it held, from the bounds graphkit computed (its dates, its first report, its actors' lives).
  function heldRows(rel) {
    var rows = [];
    if (rel.date) {
      rows.push(["Happened", span(rel.earliest_start, rel.latest_end)]);
    } else {
      rows.push(["Began", span(rel.earliest_start, rel.latest_start)]);
      rows.push(["Ended", rel.latest_end != null ? span(rel.earliest_end, rel.latest_end) :
                 "not known to have ended" + (rel.earliest_end != null ? " (held until at least " + rel.earliest_end + ")" : "")]);
    }
    if (clock === "valid" && day !== null) {
      var held = graphkitClock.holds(rel, day, until);
      rows.push([day === until ? "On " + day : "Between " + day + " and " + until, held === "certain" ? "certainly held" : held === "may" ? "may have held" : "did not hold"]);
    } else if (rel.holds) {
      rows.push(["In this slice", rel.holds === "certain" ? "certainly held" : "may have held"]);
    }
    return rows;
  }
  function stepReported(rel, step, knownDay) {
    if (!knownDay) return rel.first_reported;
    return step ? step[2] : null;
  }
  var CHANGE_WORDS = { began: "began", ended: "ended", appeared: "appeared", disappeared: "disappeared",
                       changed: "changed", same: "in both, unchanged" };
  function changeText(rel) {
    var text = (CHANGE_WORDS[rel.change] || rel.change) + " between " + diff.from + " and " + diff.to;
    if (rel.status_before && rel.status_after && rel.status_before !== rel.status_after) {
      text += "; status " + rel.status_before + " to " + rel.status_after;
    }
    if (diff.clock === "valid" && rel.holds_before !== rel.holds_after) {
      text += "; held " + (rel.holds_before || "not") + " to " + (rel.holds_after || "not");
    }
    return text;
  }

  function selectActor(id) {
    if (!actors.has(id)) return false;
    network.selectNodes([id]);
    if (!hiddenNodes.has(id)) network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    showActor(id);
    neighbourhood(id);
    writeHash();
    return true;
  }
  function selectRelationship(id) {
    var rel = rels.get(id);
    if (!rel) return false;
    selectEdges([id]);
    showRelationship(id);
    pair(rel);
    writeHash();
    return true;
  }
  var REACH = 6;  // pixels: on a big map, how far from a line a click still finds it (at least
  // vis-network's reach of 10 units of the network, which is under a pixel when zoomed far out)
  // The relationship drawn under the pointer: the nearest, as vis-network finds it, unless it is
  // dimmed around a selection and one drawn in colour is as near as vis-network looks (a faint line
  // under a bright one is not what the reader clicked).
  function edgeUnder(dom) {
    if (lines) return graphkitLines.at(lines, network.DOMtoCanvas(dom), Math.max(10, REACH / network.getScale()));
    var nearest = network.getEdgeAt(dom), drawn = network.body && network.body.edges;
    if (nearest === undefined || !dimmedEdges.has(nearest) || !drawn) return nearest;
    var point = network.DOMtoCanvas(dom), best = nearest, bestDistance = 10;  // vis-network's reach
    edgeItems.forEach(function (item, id) {
      var edge = drawn[id];
      if (dimmedEdges.has(id) || hiddenEdges.has(id) || !edge || !edge.connected) return;
      var distance = edge.edgeType.getDistanceToEdge(edge.from.x, edge.from.y, edge.to.x, edge.to.y, point.x, point.y);
      if (distance < bestDistance) { best = id; bestDistance = distance; }
    });
    return best;
  }
  // A click selects what is under the pointer: the actor there, else the relationship there.
  network.on("click", function (params) {
    var nodeId = network.getNodeAt(params.pointer.DOM);
    var edgeId = nodeId === undefined ? edgeUnder(params.pointer.DOM) : undefined;
    if (nodeId !== undefined) { showActor(nodeId); neighbourhood(nodeId); }
    else if (edgeId !== undefined && rels.has(edgeId)) {
      selectEdges([edgeId]);
      showRelationship(edgeId);
      pair(rels.get(edgeId));
    } else { clearPanel(); if (lines) selectEdges([]); if (data.physics) highlight(null, null); }
    writeHash();
  });
  // On a big map, a relationship's summary shows while the pointer rests on it (as vis-network's
  // tooltip does for the edges it holds), as the browser's own tooltip: text only.
  if (lines) {
    var pointer = null;
    container.addEventListener("mousemove", function (event) {
      if (event.buttons) return;  // dragging or panning: no summary to show
      if (pointer === null) requestAnimationFrame(hovered);
      pointer = event;
    });
  }
  function hovered() {
    var box = container.getBoundingClientRect(), dom = { x: pointer.clientX - box.left, y: pointer.clientY - box.top };
    pointer = null;
    var id = network.getNodeAt(dom) === undefined ? edgeUnder(dom) : undefined;
    var title = id !== undefined && edgeItems.has(id) ? edgeItems.get(id).title || "" : "";
    if (container.title !== title) container.title = title;
  }

  // ---- deep links: map.html#actor=ID, #relationship=ID, #date=2023-10-31 (&clock=known) ----
  // The address follows what the reader selects and the time chosen, so it can be copied and sent;
  // opening it puts the page in that state.
  var hashRead = false, wroteHash = null, linkFocus = null;
  var clockInput = document.getElementById("clock");
  function writeHash() {
    if (!hashRead) return;  // not before the link that opened the page is read
    var params = new URLSearchParams();
    if (day !== null) params.set("date", day === until ? day : day + "/" + until);
    if (day !== null && clock === "known") params.set("clock", "known");
    if (panelShows) params.set(panelShows[0] === showActor ? "actor" : "relationship", panelShows[1]);
    var hash = params.toString();
    if (hash === location.hash.replace(/^#/, "")) return;
    wroteHash = hash;
    try {
      history.replaceState(history.state, "", hash ? "#" + hash : location.pathname + location.search);
    } catch (error) {
      location.replace("#" + hash);
    }
  }
  // The first and last day a link's date names: 2023, 2023-10, 2023-10-31, or FROM/TO; null if none.
  function linkDays(text) {
    var ends = String(text).split("/"), days = [];
    if (ends.length > 2) return null;
    for (var i = 0; i < ends.length; i++) {
      var match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(ends[i]);
      if (!match) return null;
      var year = Number(match[1]), month = match[2] ? Number(match[2]) : null, dayOf = match[3] ? Number(match[3]) : null;
      var first = new Date(Date.UTC(year, month ? month - 1 : 0, dayOf || 1));
      var last = dayOf ? first : month ? new Date(Date.UTC(year, month, 0)) : new Date(Date.UTC(year, 11, 31));
      if (first.getUTCFullYear() !== year || (month && first.getUTCMonth() !== month - 1) || (dayOf && first.getUTCDate() !== dayOf)) return null;
      days.push(i === 0 ? first.toISOString().slice(0, 10) : last.toISOString().slice(0, 10));
      if (ends.length === 1) days.push(last.toISOString().slice(0, 10));
    }
    return days[0] <= days[1] ? days : null;
  }
  function readHash(opening) {
    var params = new URLSearchParams(location.hash.replace(/^#/, "")), problems = [];
    var wantedClock = params.get("clock") || "valid", wantedDate = params.get("date");
    var actorText = params.get("actor"), relText = params.get("relationship");
    if (wantedClock !== "valid" && wantedClock !== "known") {
      problems.push("clock '" + wantedClock + "' is neither valid nor known");
    } else if (!diff && clockInput.value !== wantedClock) {
      clockInput.value = wantedClock;
      clockInput.dispatchEvent(new Event("change"));
    }
    if (wantedDate !== null && !diff) {
      // as --as-of and --known-by read a date: held on some day of it, or known by its last day
      var days = linkDays(wantedDate);
      if (!days) problems.push("date '" + wantedDate + "' is not a date such as 2023, 2023-10, 2023-10-31 or 2023-10-01/2023-10-31");
      if (days && (!data.first_day || days[1] < data.first_day || days[0] > data.last_day)) {
        problems.push("date " + wantedDate + " is outside this map's dates" + (data.first_day ? " (" + data.first_day + " – " + data.last_day + ")" : ""));
        days = null;
      }
      if (!days) graphkitSlider.choose(null);
      else if (clock === "known") graphkitSlider.choose(days[1] > data.last_day ? data.last_day : days[1]);
      else graphkitSlider.choose(days[0] < data.first_day ? data.first_day : days[0], days[1] > data.last_day ? data.last_day : days[1]);
    } else if (day !== null) {
      graphkitSlider.choose(null);
    }
    linkFocus = null;
    if (actorText !== null) {
      var actorId = actors.has(actorText) ? actorText : findActor(actorText);
      if (actorId === null) problems.push("no actor '" + actorText + "' in this map");
      else { selectActor(actorId); linkFocus = function () { if (!hiddenNodes.has(actorId)) network.focus(actorId, { scale: Math.max(network.getScale(), 1), animation: false }); }; }
    } else if (relText !== null) {
      var rel = rels.get(relText) || data.relationships.find(function (r) { return r.relationship === relText; });
      if (!rel) problems.push("no relationship '" + relText + "' in this map");
      else {
        selectRelationship(rel.id);
        linkFocus = function () {
          if (hiddenEdges.has(rel.id)) return;
          network.fit({ nodes: [rel.from, rel.to], animation: false });
          if (network.getScale() > 1.5) network.moveTo({ scale: 1.5, animation: false });  // the two, and around them
        };
      }
    } else if (!opening && panelShows) {
      unselectAll(); clearPanel(); if (data.physics) highlight(null, null);
    }
    var note = document.getElementById("link-note");
    note.textContent = problems.length ? "This link asks for what the map cannot show: " + problems.join("; ") + "." : "";
    note.hidden = !problems.length;
    hashRead = true;
    if (!opening && linkFocus) linkFocus();
    writeHash();
  }
  function findActor(text) {
    var wanted = fold(text), found = data.actors.filter(function (a) {
      return [a.name].concat(a.aliases || []).some(function (key) { return fold(key) === wanted; });
    });
    return found.length === 1 ? found[0].id : null;
  }

  // ---- search by name or alias ----
  function fold(text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  var index = null;  // each actor's names folded, made at the first search (not as the map opens)
  function searchIndex() {
    if (index === null) index = data.actors.map(function (a) { return { id: a.id, keys: [a.name].concat(a.aliases).map(fold) }; });
    return index;
  }
  function search(text) {
    var wanted = fold(text);
    if (!wanted) return [];
    var ranked = [];
    searchIndex().forEach(function (entry) {
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
    var color = diff ? "#444" : spec.color;  // a diff map colours its relationships by what changed
    var icon = lineIcon(color, null, 2, 1);
    if (spec.directed) {
      var head = document.createElementNS(SVG, "polygon");
      head.setAttribute("points", "20,2 27,6 20,10");
      head.setAttribute("fill", color);
      icon.appendChild(head);
    }
    typeLegend.appendChild(checkbox("types", type, icon, humanType(type), spec.description));
  });
  var statusLegend = document.getElementById("legend-statuses");
  Object.keys(data.statuses).forEach(function (status) {
    var spec = data.statuses[status];
    var label = checkbox("statuses", status, lineIcon("#444", spec.dashes, spec.width, spec.opacity), status, spec.description);
    label.querySelector("input").checked = on.statuses.has(status);
    statusLegend.appendChild(label);
  });
  var timeLegend = document.getElementById("legend-time");
  [["held on the day", 1, "Certainly held on the chosen day"],
   ["may have held (faded)", Math.max(data.fade.floor, data.fade.factor), "Its dates allow the chosen day, but do not make it certain"]
  ].forEach(function (entry) {
    var row = el("label", null);
    row.appendChild(lineIcon("#444", null, 1.5, entry[1]));
    row.appendChild(el("span", null, entry[0]));
    row.title = entry[2];
    timeLegend.appendChild(row);
  });
  timeLegend.appendChild(el("p", "muted", "Held on: what held on the day. Known by: the network as the sources published by the day " +
    "told it (later citations dropped, statuses as they stood)."));
  if (diff) {
    var changeLegend = document.getElementById("legend-changes");
    Object.keys(diff.colors).forEach(function (change) {
      var count = data.relationships.filter(function (rel) { return rel.change === change; }).length;
      changeLegend.appendChild(checkbox("changes", change, lineIcon(diff.colors[change], null, 3, 1),
        (CHANGE_WORDS[change] || change) + " (" + count + ")", null));
    });
    changeLegend.appendChild(el("p", "muted", "Actors ringed green entered, red left."));
    document.getElementById("changes").hidden = false;
    document.getElementById("time-legend").hidden = true;
  }

  // ---- header: what the file is (its dataset and every filter that made it), what sizes the actors ----
  document.getElementById("title").textContent = data.title;
  document.getElementById("about").textContent = [data.description, "Made with " + data.generator + "."].filter(function (x) { return x; }).join(" ");
  document.getElementById("made-with").textContent = "This map: " +
    (data.dataset ? ["dataset " + data.dataset] : []).concat(data.made_with || []).join(" · ");
  document.getElementById("legend-size").textContent = "Size: " + data.measure.replace(/_/g, " ") +
    " centrality, computed once on the " + actors.size + " actor" + (actors.size === 1 ? "" : "s") +
    " of this map (bigger: more central); the filters and the time chosen do not change it.";

  // ---- time bar: slider.js owns its controls (clock, slider, dates); the page follows its state ----
  graphkitSlider.init(data, function (time) { clock = time.clock; day = time.day; until = time.until; apply(); });
  undatedBox.addEventListener("change", function () {
    showUndated = undatedBox.checked;
    apply();
  });

  apply();
  if (data.focus !== null && actors.has(data.focus)) selectActor(data.focus);
  readHash(true);
  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") !== wroteHash) readHash(false);
  });

  // For notebooks and tests: the page's state, read-only in spirit.
  window.graphkit = {
    network: network, nodes: nodes, edges: edges, data: data,
    selectActor: selectActor, selectRelationship: selectRelationship, search: search,
    selectedRelationships: selectedEdges,
    drawnRelationships: function () { return lines ? graphkitLines.shownIds(lines) : null; },
    day: function () { return day; },
    until: function () { return until; },
    clock: function () { return clock; }
  };
})();
