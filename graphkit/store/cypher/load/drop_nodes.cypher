// Delete, in batches of $batch, a dataset's actors and sources that the loads $written wrote, or
// that loads replaced: those in $replaced, or any when $replaced is null (their relationships
// went first: `drop_relationships`).
CALL () {
  MATCH (n:Actor) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n
  UNION ALL
  MATCH (n:Source) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n
}
WITH n WHERE n.gk_load IN $written OR (n.gk_replaced IS NOT NULL AND ($replaced IS NULL OR n.gk_replaced IN $replaced))
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS
