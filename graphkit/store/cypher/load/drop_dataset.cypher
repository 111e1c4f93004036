// The (:Dataset) node of an unloaded dataset, deleted when its unload is made current.
MATCH (d:Dataset {dataset: $dataset})
DELETE d
RETURN count(d) AS count
