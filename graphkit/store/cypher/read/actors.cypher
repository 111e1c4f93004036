// The actors of a dataset with the relationships that leave them (within the dataset), as
// `graph.filter_graph` keeps them: a row per actor, so that a large dataset arrives in as few
// rows as it has actors. A filter that is null keeps everything:
// - $kinds: actors of these kinds, and relationships between them;
// - $types, $statuses: relationships of these types and statuses (no status counts as reported);
// - $first..$last: relationships that may hold on some day of the window (their precomputed
//   valid_from..valid_to; undated ones never), and the actors at their ends or whose own dates
//   (start_min..end_max) overlap the window.
MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL
  AND ($kinds IS NULL OR a.kind IN $kinds OR (a.kind IS NULL AND any(label IN labels(a) WHERE label IN $kinds)))
// Relationships are followed both ways only with a window: an actor at the end of a
// relationship in the window is in it.
OPTIONAL MATCH (a)-[r]-(b:Actor)
WHERE r.dataset = $dataset AND ($first IS NOT NULL OR startNode(r) = a)
  AND ($kinds IS NULL OR b.kind IN $kinds OR (b.kind IS NULL AND any(label IN labels(b) WHERE label IN $kinds)))
  AND ($types IS NULL OR type(r) IN $types)
  AND ($statuses IS NULL OR CASE WHEN coalesce(r.status, '') = '' THEN 'reported' ELSE r.status END IN $statuses)
  AND ($first IS NULL OR ((r.valid_from IS NOT NULL OR r.valid_to IS NOT NULL)
                          AND (r.valid_from IS NULL OR r.valid_from <= $last)
                          AND (r.valid_to IS NULL OR r.valid_to >= $first)))
WITH a, collect(CASE WHEN startNode(r) = a THEN [b.id, type(r), properties(r)] END) AS out, count(r) AS ties
WHERE $first IS NULL OR ties > 0
   OR ((a.start_min IS NULL OR a.start_min <= $last) AND (a.end_max IS NULL OR a.end_max >= $first))
RETURN a.id AS id, labels(a) AS labels, properties(a) AS props, out
