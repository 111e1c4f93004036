// Datasets in the database with their actor, relationship and source counts, for `graphkit status`.
// A dataset is known by the `dataset` property that every Actor and Source node carries; its
// relationships are those between its actors that carry the same `dataset`. The version comes
// from its (:Dataset) node, written by `graphkit load`. `$dataset` (null: all) picks one. Counts
// are of the version readers see: what a load still staging wrote is not counted yet.
<STAGING>
CALL (staging) {
  MATCH (a:Actor) WHERE a.dataset IS NOT NULL AND a.id IS NOT NULL AND <VISIBLE a> RETURN DISTINCT a.dataset AS dataset
  UNION
  MATCH (s:Source) WHERE s.dataset IS NOT NULL AND s.id IS NOT NULL AND <VISIBLE s> RETURN DISTINCT s.dataset AS dataset
  UNION
  MATCH (d:Dataset) WHERE d.dataset IS NOT NULL RETURN d.dataset AS dataset
}
WITH staging, dataset WHERE $dataset IS NULL OR dataset = $dataset
RETURN dataset,
       COUNT { MATCH (a:Actor) WHERE a.dataset = dataset AND a.id IS NOT NULL AND <VISIBLE a> } AS actors,
       COUNT { MATCH (a:Actor)-[r]->(b:Actor)
               WHERE a.dataset = dataset AND a.id IS NOT NULL AND r.dataset = dataset AND <VISIBLE a, r, b> }
         AS relationships,
       COUNT { MATCH (s:Source) WHERE s.dataset = dataset AND s.id IS NOT NULL AND <VISIBLE s> } AS sources,
       COLLECT { MATCH (d:Dataset {dataset: dataset}) RETURN d.version }[0] AS version
ORDER BY dataset
