// Delete actors or sources, with their relationships, by element id (read earlier in the same
// transaction).
UNWIND $elements AS element
MATCH (n) WHERE elementId(n) = element
DETACH DELETE n
RETURN count(*) AS count
