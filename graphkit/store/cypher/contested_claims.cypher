// Claims that are alleged, denied or disputed: what the sources do not state as plain fact.
//
// Parameters:
//   $statuses  which statuses count as contested (default: ["alleged", "denied", "disputed"])
//   $dataset   dataset name (default: null)
//
// Example:
//   graphkit query contested_claims --param 'statuses=["denied"]'
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.dataset = a.dataset AND r.status IN $statuses
  AND ($dataset IS NULL OR a.dataset = $dataset)
RETURN r.status AS status, a.id AS from, type(r) AS type, b.id AS to,
       coalesce(r.date, r.start, r.reported) AS when, r.description AS description,
       r.source_ids AS sources, r.quotes AS quotes, r.id AS id, r.dataset AS dataset
ORDER BY dataset, status, id
