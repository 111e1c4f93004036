// Mark the current versions of actors or sources that a staged load replaces or removes: readers
// see them until that load is made current; then they are deleted.
MATCH (n) WHERE elementId(n) IN $elements
SET n.gk_replaced = $load
RETURN count(n) AS count
