// The sources of a dataset already in the database: [id, element id] pairs, in one row.
MATCH (s:Source) WHERE s.dataset = $dataset AND s.id IS NOT NULL
RETURN collect([s.id, elementId(s)]) AS rows
