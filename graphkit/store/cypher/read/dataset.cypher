// A dataset's metadata (its (:Dataset) node), if it was loaded by graphkit.
MATCH (d:Dataset {dataset: $dataset})
RETURN properties(d) AS props
