// The relationships of a dataset already in the database, in one row: for each, its id, element
// id, type, ends and cited sources, so that the loader can tell new, moved, kept and removed ones
// apart.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE a.dataset = $dataset AND a.id IS NOT NULL AND r.dataset = $dataset
RETURN collect([r.id, elementId(r), type(r), a.id, b.id, r.source_ids]) AS rows
