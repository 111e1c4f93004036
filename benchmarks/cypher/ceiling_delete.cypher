// What ceiling_create made, deleted in batches.
MATCH ()-[r:MET_WITH]->() WHERE r.dataset = 'ceiling' CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
