// Clear, in batches of $batch, the marks that abandoned loads ($loads, never made current) left
// on what they would have replaced: it is the current version again.
CALL () {
  MATCH (n:Actor) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n AS element
  UNION ALL
  MATCH (n:Source) WHERE n.dataset = $dataset AND n.id IS NOT NULL RETURN n AS element
  UNION ALL
  MATCH ()-[r]->(b:Actor) WHERE b.dataset = $dataset AND b.id IS NOT NULL RETURN r AS element
}
WITH element WHERE element.gk_replaced IN $loads
CALL (element) { REMOVE element.gk_replaced } IN TRANSACTIONS OF $batch ROWS
