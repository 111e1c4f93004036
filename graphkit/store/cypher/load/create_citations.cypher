// New (:Source)-[:CITES {relationships}]->(:Actor) links: the source supports those relationships
// of the actor.
UNWIND $rows AS row
MATCH (s:Source {dataset: $dataset, id: row.source})
MATCH (a:Actor {dataset: $dataset, id: row.actor})
CREATE (s)-[c:CITES]->(a)
SET c.dataset = $dataset, c.relationships = row.relationships
RETURN count(c) AS count
