// Relationships kept though the files dropped them (--keep-stale) whose end actor this load
// replaces by a new version: staged again, with every property, between the current versions of
// their ends (rows [relationship element id, from element id, to element id, type]); the caller
// marks the old ones replaced. The type is checked against the vocabulary before it is sent.
// Neo4j plans the first MATCH as a seek by element id (EXPLAIN, on a database holding relationships).
UNWIND $rows AS row
MATCH ()-[old]->() WHERE elementId(old) = row[0]
MATCH (a) WHERE elementId(a) = row[1]
MATCH (b) WHERE elementId(b) = row[2]
CREATE (a)-[r:$(row[3])]->(b)
SET r = properties(old), r.gk_load = $load
RETURN count(r) AS count
