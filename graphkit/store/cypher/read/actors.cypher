// The actors of a dataset with the relationships that leave them (within the dataset), as
// `graph.filter_graph` keeps them: a row per actor, so that a large dataset arrives in as few
// rows as it has actors. A filter that is null keeps everything:
// - $kinds: actors of these kinds, and relationships between them;
// - $types: relationships of these types;
// - $known_by (the last day asked about): relationships with a citation certainly known by then
//   (their precomputed known_from), whose status is then the status as known that day
//   (known_statuses[i] of the latest known_days[i] not after it; ISO days compare as text);
// - $statuses: relationships of these statuses (no status counts as reported);
// - $first..$last: relationships that certainly or may have held on some day of the window, from
//   their precomputed bounds of valid time, exactly as `dates.ValidTime.holds`; with $certain
//   only those that certainly held; undated ones (timing "undated") only if $undated is
//   "include". Then the actors at their ends or whose own dates (start_min..end_max) overlap
//   the window.
// Each row says whether its actor is kept (`props` null if not) and why each relationship that
// leaves it was left out (`left_out`: not_yet_known, status, undated, uncertain), in the order
// `filter_graph` asks.
<STAGING>
MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL AND <VISIBLE a>
  AND ($kinds IS NULL OR a.kind IN $kinds OR (a.kind IS NULL AND any(label IN labels(a) WHERE label IN $kinds)))
// Relationships are followed both ways only with a window: an actor at the end of a
// relationship in the window is in it.
OPTIONAL MATCH (a)-[r]-(b:Actor)
WHERE r.dataset = $dataset AND ($first IS NOT NULL OR startNode(r) = a) AND <VISIBLE r, b>
  AND ($kinds IS NULL OR b.kind IN $kinds OR (b.kind IS NULL AND any(label IN labels(b) WHERE label IN $kinds)))
  AND ($types IS NULL OR type(r) IN $types)
WITH a, r, b,
     CASE WHEN r IS NULL OR $known_by IS NULL THEN -1
          ELSE reduce(latest = -1, i IN range(0, size(coalesce(r.known_days, [])) - 1) |
                 CASE WHEN r.known_days[i] <> '' AND r.known_days[i] <= toString($known_by)
                           AND (latest < 0 OR r.known_days[i] > r.known_days[latest]) THEN i ELSE latest END)
     END AS latest
WITH a, r, b, CASE WHEN $known_by IS NULL THEN r.status WHEN latest >= 0 THEN r.known_statuses[latest] END AS status
WITH a, r, b, CASE
       WHEN r IS NULL THEN null
       WHEN $known_by IS NOT NULL AND NOT coalesce(r.known_from <= $known_by, false) THEN 'not_yet_known'
       WHEN $statuses IS NOT NULL
            AND NOT (CASE WHEN coalesce(status, '') = '' THEN 'reported' ELSE status END) IN $statuses THEN 'status'
       WHEN $first IS NULL THEN 'kept'
       WHEN coalesce(r.timing, 'undated') = 'undated' AND $undated <> 'include' THEN 'undated'
       WHEN r.earliest_start > $last OR r.latest_end < $first THEN 'outside'
       WHEN $certain AND NOT coalesce(r.latest_start <= $last AND r.earliest_end >= $first, false) THEN 'uncertain'
       ELSE 'kept'
     END AS fate
WITH a, collect(CASE WHEN fate = 'kept' AND startNode(r) = a THEN [b.id, type(r), properties(r)] END) AS out,
     count(CASE WHEN fate = 'kept' THEN 1 END) AS ties,
     collect(CASE WHEN startNode(r) = a AND fate IN ['not_yet_known', 'status', 'undated', 'uncertain'] THEN fate END)
       AS left_out
WITH a, out, left_out, $first IS NULL OR ties > 0
       OR ((a.start_min IS NULL OR a.start_min <= $last) AND (a.end_max IS NULL OR a.end_max >= $first)) AS kept
RETURN a.id AS id, labels(a) AS labels, CASE WHEN kept THEN properties(a) END AS props, out, left_out
