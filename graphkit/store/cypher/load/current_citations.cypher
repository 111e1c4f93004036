// The current (:Source)-[:CITES]->(:Actor) links of a dataset: source id, actor id, content hash
// and element id of each, streamed.
MATCH (s:Source)-[c:CITES]->(a:Actor)
WHERE s.dataset = $dataset AND s.id IS NOT NULL AND c.dataset = $dataset AND c.gk_replaced IS NULL
RETURN s.id AS source, a.id AS actor, c.gk_hash AS hash, elementId(c) AS element
