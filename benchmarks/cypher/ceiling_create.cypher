// Relationships made inside the server between existing actors, each with the map $props.
UNWIND range($first, $last) AS i
WITH $ends[i % size($ends)] AS a_id, $ends[(i * 7 + 3) % size($ends)] AS b_id
MATCH (a) WHERE elementId(a) = a_id
MATCH (b) WHERE elementId(b) = b_id
CREATE (a)-[r:MET_WITH]->(b)
SET r = $props
