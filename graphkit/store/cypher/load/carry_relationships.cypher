// Relationships kept though the files dropped them (--keep-stale) whose end actor this load
// replaces by a new version: staged again, with every property, between the current versions of
// their ends (rows [relationship element id, from element id, to element id]); the caller marks
// the old ones replaced. The type is the one graphkit wrote, from the vocabulary.
UNWIND $rows AS row
MATCH ()-[old]->() WHERE elementId(old) = row[0]
MATCH (a) WHERE elementId(a) = row[1]
MATCH (b) WHERE elementId(b) = row[2]
CREATE (a)-[r:$(type(old))]->(b)
SET r = properties(old), r.gk_load = $load
RETURN count(r) AS count
