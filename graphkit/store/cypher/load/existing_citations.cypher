// The (:Source)-[:CITES]->(:Actor) links of a dataset already in the database, in one row:
// [source id, actor id, element id, relationship ids] for each.
MATCH (s:Source)-[c:CITES]->(a:Actor)
WHERE s.dataset = $dataset AND s.id IS NOT NULL AND c.dataset = $dataset
RETURN collect([s.id, a.id, elementId(c), c.relationships]) AS rows
