// New versions of sources, staged (`gk_load`, `gk_hash` among `row.props`): [id, element id] pairs.
// `row.dates`: its DATE properties as ISO text (`writer.sent_rows`), made dates here.
UNWIND $rows AS row
CREATE (s:Source)
SET s = row.props
FOREACH (key IN keys(row.dates) | SET s[key] = date(row.dates[key]))
RETURN collect([s.id, elementId(s)]) AS created
