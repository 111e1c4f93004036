// The naive loader's statement for one (:Source)-[:CITES]->(:Actor) link.
MATCH (s:Source {dataset: $dataset, id: $source})
MATCH (a:Actor {dataset: $dataset, id: $actor})
MERGE (s)-[c:CITES {dataset: $dataset}]->(a)
SET c.relationships = $relationships
