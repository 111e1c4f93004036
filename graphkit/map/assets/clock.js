// The page's two clocks. graphkit computes every day in Python (graphkit.map.timeline): each
// relationship's bounds of valid time and the steps of its published record. Here ISO days are
// only compared: no date is derived and no status rule is applied.
var graphkitClock = (function () {
  "use strict";

  // Valid time: whether a relationship held on some day from `first` to `last` (default: the one
  // day `first`): "certain", "may" or null (it did not). dates.ValidTime.holds, as
  // graphkit.graph.filter_graph(as_of=..., between=...) applies it: out if it began after the
  // window or ended before it; certain if it began by the window's last day and cannot have
  // ended before its first; else it may have held.
  function holds(rel, first, last) {
    if (last == null) last = first;
    if (rel.earliest_start != null && rel.earliest_start > last) return null;
    if (rel.latest_end != null && rel.latest_end < first) return null;
    if (rel.latest_start != null && rel.latest_start <= last && rel.earliest_end != null && rel.earliest_end >= first) {
      return "certain";
    }
    return "may";
  }

  // Whether an actor's own start/end (founded, dissolved; born, died) overlap the days from
  // `first` to `last` (default: the one day `first`); filter_graph keeps such an actor in a slice.
  function exists(actor, first, last) {
    if (last == null) last = first;
    return (actor.exists_from == null || actor.exists_from <= last) &&
           (actor.exists_to == null || actor.exists_to >= first);
  }

  // Knowledge time: the relationship as the published record stood on day `iso`: the last step
  // ([day, status, first reported]) on or before it, or null if nothing of it was known yet.
  function known(rel, iso) {
    var steps = rel.steps || [], found = null;
    for (var i = 0; i < steps.length && steps[i][0] <= iso; i++) found = steps[i];
    return found;
  }

  // Whether a citation was certainly published by day `iso` (one without a date never is).
  function citationKnown(citation, iso) {
    return citation.known_day != null && citation.known_day <= iso;
  }

  return { holds: holds, exists: exists, known: known, citationKnown: citationKnown };
})();
