// New versions of relationships, staged, between the versions of their ends this load makes
// current (element ids: an index-free lookup). `row.type` is checked against the vocabulary
// before it is sent; no MERGE: the loader sends only what the database does not hold.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.from
MATCH (b) WHERE elementId(b) = row.to
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS count
