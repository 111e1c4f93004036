// New versions of sources, staged (`gk_load`, `gk_hash` among `row.props`): [id, element id] pairs.
UNWIND $rows AS row
CREATE (s:Source)
SET s = row.props
RETURN collect([s.id, elementId(s)]) AS created
