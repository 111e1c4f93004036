// New versions of relationships, staged, between the versions of their ends this load makes
// current (element ids: an index-free lookup). `row.type` is checked against the vocabulary
// before it is sent; no MERGE: the loader sends only what the database does not hold.
// `row.dates`: its DATE properties as ISO text (`writer.sent_rows`), made dates here.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.from
MATCH (b) WHERE elementId(b) = row.to
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
FOREACH (key IN keys(row.dates) | SET r[key] = date(row.dates[key]))
RETURN count(r) AS count
