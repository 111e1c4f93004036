// An actor replaced by a new version keeps what graphkit's files do not say of it: the properties
// graphkit does not own (stored scores: all but $own) and its SAME_AS links, staged again on the new
// version (rows [old element id, new element id]).
UNWIND $rows AS row
MATCH (old) WHERE elementId(old) = row[0]
MATCH (new) WHERE elementId(new) = row[1]
FOREACH (key IN [key IN keys(old) WHERE NOT key IN $own] | SET new[key] = old[key])
WITH old, new
CALL (old, new) {
  MATCH (old)-[s:SAME_AS]->(other) WHERE s.gk_replaced IS NULL
  CREATE (new)-[c:SAME_AS]->(other)
  SET c = properties(s), c.gk_load = $load
  RETURN count(c) AS outgoing
}
CALL (old, new) {
  MATCH (other)-[s:SAME_AS]->(old) WHERE s.gk_replaced IS NULL
  CREATE (other)-[c:SAME_AS]->(new)
  SET c = properties(s), c.gk_load = $load
  RETURN count(c) AS incoming
}
RETURN sum(outgoing + incoming) AS count
