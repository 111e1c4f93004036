// The relationships in force on a date: those that may hold on some day of $as_of.
//
// $as_of may be a year (2023), a month (2023-10) or a day (2023-10-31): the days it covers are
// compared with each relationship's valid_from..valid_to, exactly as `graphkit centrality
// --as-of` does. A point event holds on its own date only, a lasting relation from its start to
// its end, one with no dates of its own from when it was first reported; undated ones are in no
// time slice. Every status but denied is kept, unless $statuses says which.
//
// Parameters:
//   $as_of     a year, month or day (required)
//   $statuses  statuses to keep, e.g. ["confirmed", "reported"] (default: null)
//   $dataset   dataset name (default: null)
//
// Example:
//   graphkit query relationships_as_of --param as_of=2023-10-31
WITH toString($as_of) AS text
WITH date(text) AS first,
     CASE size(text) WHEN 4 THEN date(text) + duration('P1Y') - duration('P1D')
                     WHEN 7 THEN date(text) + duration('P1M') - duration('P1D')
                     ELSE date(text) END AS last
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.dataset = a.dataset AND ($dataset IS NULL OR a.dataset = $dataset)
  AND CASE WHEN $statuses IS NULL THEN r.status <> 'denied' ELSE r.status IN $statuses END
  AND (r.valid_from IS NOT NULL OR r.valid_to IS NOT NULL)
  AND (r.valid_from IS NULL OR r.valid_from <= last)
  AND (r.valid_to IS NULL OR r.valid_to >= first)
RETURN a.id AS from, type(r) AS type, b.id AS to, r.status AS status,
       r.valid_from AS valid_from, r.valid_to AS valid_to, r.id AS id, r.dataset AS dataset
ORDER BY dataset, valid_from, id
