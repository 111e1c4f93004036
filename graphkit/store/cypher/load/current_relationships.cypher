// The current version of a dataset's relationships: id, content hash and element id of each,
// streamed; with $ends (a load that keeps what the files dropped) also its ends, cited sources and type.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE a.dataset = $dataset AND a.id IS NOT NULL AND r.dataset = $dataset AND r.gk_replaced IS NULL
  AND r.id IS NOT NULL
RETURN r.id AS id, r.gk_hash AS hash, elementId(r) AS element,
       CASE WHEN $ends THEN [a.id, b.id, r.source_ids, type(r)] END AS ends
