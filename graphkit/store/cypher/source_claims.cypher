// Everything one source supports: each relationship that cites it, with the words it says it in.
//
// Found through the (:Source)-[:CITES]->(:Actor) links. `quotes` holds this source's quotes
// only; other sources of the same relationship are listed in `sources`.
//
// Parameters:
//   $source   source id (required)
//   $dataset  dataset name (default: null)
//
// Example:
//   graphkit query source_claims --param source=news-us-demarche-malaysia-hamas
MATCH (s:Source {id: $source})
WHERE $dataset IS NULL OR s.dataset = $dataset
MATCH (s)-[:CITES]->(a:Actor)-[r]->(b:Actor)
WHERE r.dataset = s.dataset AND s.id IN r.source_ids
RETURN a.id AS from, type(r) AS type, b.id AS to, r.status AS status,
       coalesce(r.date, r.start, r.reported) AS when,
       [i IN range(0, size(r.source_ids) - 1) WHERE r.source_ids[i] = s.id | r.quotes[i]] AS quotes,
       r.source_ids AS sources, r.id AS id, r.dataset AS dataset
ORDER BY dataset, id
