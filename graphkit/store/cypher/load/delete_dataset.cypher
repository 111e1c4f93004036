// Delete one dataset: its actors and sources with all their relationships, and its (:Dataset) node.
CALL () {
  MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL RETURN a AS node
  UNION
  MATCH (s:Source) WHERE s.dataset = $dataset AND s.id IS NOT NULL RETURN s AS node
  UNION
  MATCH (d:Dataset {dataset: $dataset}) RETURN d AS node
}
DETACH DELETE node
RETURN count(node) AS count
