// The page's two clocks. graphkit computes every day in Python (graphkit.map.timeline): each
// relationship's bounds of valid time and the steps of its published record. Here ISO days are
// only compared: no date is derived and no status rule is applied.
var graphkitClock = (function () {
  "use strict";

  // Valid time: whether a relationship held on day `iso`: "certain", "may" or null (it did not).
  // dates.ValidTime.holds for a window of one day: out if it began after the day or ended before
  // it; certain if it began by the day and cannot have ended before it; else it may have held.
  function holds(rel, iso) {
    if (rel.earliest_start != null && rel.earliest_start > iso) return null;
    if (rel.latest_end != null && rel.latest_end < iso) return null;
    if (rel.latest_start != null && rel.latest_start <= iso && rel.earliest_end != null && rel.earliest_end >= iso) {
      return "certain";
    }
    return "may";
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

  return { holds: holds, known: known, citationKnown: citationKnown };
})();
