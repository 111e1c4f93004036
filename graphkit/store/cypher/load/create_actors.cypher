// New versions of actors, staged: (:Actor:<Kind>) with `gk_load` and `gk_hash` among `row.props`.
// `row.kind` is checked against the vocabulary before it is sent. Returns [id, element id] pairs,
// which the relationships and citations of the same load are created between.
// `row.dates`: its DATE properties as ISO text (`writer.sent_rows`), made dates here.
UNWIND $rows AS row
CREATE (a:Actor:$(row.kind))
SET a = row.props
FOREACH (key IN keys(row.dates) | SET a[key] = date(row.dates[key]))
RETURN collect([a.id, elementId(a)]) AS created
