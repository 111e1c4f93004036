// The relationships in force at some time in a window: from $from's first day to $to's last.
//
// Like relationships_as_of, over a window: a relationship is kept when its valid_from..valid_to
// overlaps the window, exactly as `graphkit centrality --between` does. Every status but denied
// is kept, unless $statuses says which.
//
// Parameters:
//   $from      first year, month or day of the window (required)
//   $to        last year, month or day of the window (required)
//   $statuses  statuses to keep, e.g. ["alleged"] (default: null)
//   $dataset   dataset name (default: null)
//
// Example:
//   graphkit query relationships_between --param from=2023-10 --param to=2024
WITH toString($from) AS from_text, toString($to) AS to_text
WITH date(from_text) AS first,
     CASE size(to_text) WHEN 4 THEN date(to_text) + duration('P1Y') - duration('P1D')
                        WHEN 7 THEN date(to_text) + duration('P1M') - duration('P1D')
                        ELSE date(to_text) END AS last
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.dataset = a.dataset AND ($dataset IS NULL OR a.dataset = $dataset)
  AND CASE WHEN $statuses IS NULL THEN r.status <> 'denied' ELSE r.status IN $statuses END
  AND (r.valid_from IS NOT NULL OR r.valid_to IS NOT NULL)
  AND (r.valid_from IS NULL OR r.valid_from <= last)
  AND (r.valid_to IS NULL OR r.valid_to >= first)
RETURN a.id AS from, type(r) AS type, b.id AS to, r.status AS status,
       r.valid_from AS valid_from, r.valid_to AS valid_to, r.id AS id, r.dataset AS dataset
ORDER BY dataset, valid_from, id
