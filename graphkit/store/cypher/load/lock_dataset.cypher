// Lock a dataset for an unload: the write lock on its (:Dataset) node makes a load or unload of
// the same dataset wait until this transaction ends.
MERGE (d:Dataset {dataset: $dataset})
SET d._lock = true
REMOVE d._lock
RETURN d.folder AS folder
