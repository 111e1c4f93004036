// New (:Source)-[:CITES {relationships}]->(:Actor) links, staged: the source supports those
// relationships of the actor. Ends by element id.
UNWIND $rows AS row
MATCH (s) WHERE elementId(s) = row.from
MATCH (a) WHERE elementId(a) = row.to
CREATE (s)-[c:CITES]->(a)
SET c = row.props
RETURN count(c) AS count
