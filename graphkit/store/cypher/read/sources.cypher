// The sources of a dataset; with $ids not null, only those.
<STAGING>
MATCH (s:Source)
WHERE s.dataset = $dataset AND s.id IS NOT NULL AND ($ids IS NULL OR s.id IN $ids) AND <VISIBLE s>
RETURN properties(s) AS props
ORDER BY s.id
