// Mark, in batches of $batch, everything current of a dataset as replaced by the staged load
// $load: an unload, made current in one small transaction after.
CALL () {
  MATCH (n:Actor) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n AS element
  UNION ALL
  MATCH (n:Source) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n AS element
  UNION ALL
  MATCH ()-[r]->(b:Actor) WHERE b.dataset = $dataset AND b.id IS NOT NULL RETURN r AS element
}
WITH element WHERE element.gk_replaced IS NULL
CALL (element) { SET element.gk_replaced = $load } IN TRANSACTIONS OF $batch ROWS
