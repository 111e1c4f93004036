// Delete, in batches of $batch (each its own transaction: run outside any), a dataset's
// relationships (CITES links and SAME_AS too) that the loads $written wrote, or that loads
// replaced: those in $replaced, or any when $replaced is null.
MATCH ()-[r]->(b:Actor)
WHERE b.dataset = $dataset AND b.id IS NOT NULL
  AND (r.gk_load IN $written OR (r.gk_replaced IS NOT NULL AND ($replaced IS NULL OR r.gk_replaced IN $replaced)))
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS
