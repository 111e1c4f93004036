// Mark the current versions of relationships (CITES links too) that a staged load replaces or
// removes: readers see them until that load is made current; then they are deleted. (`IN` a list
// is what Neo4j plans as a seek by element id; an UNWIND of them would scan every relationship.)
MATCH ()-[r]->() WHERE elementId(r) IN $elements
SET r.gk_replaced = $load
RETURN count(r) AS count
