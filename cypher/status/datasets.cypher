// Datasets in the database with their actor, relationship and source counts, for `graphkit status`.
// A dataset is known by the `dataset` property that every Actor and Source node carries; its
// relationships are those between its actors that carry the same `dataset`.
CALL () {
  MATCH (a:Actor) WHERE a.dataset IS NOT NULL RETURN DISTINCT a.dataset AS dataset
  UNION
  MATCH (s:Source) WHERE s.dataset IS NOT NULL RETURN DISTINCT s.dataset AS dataset
}
RETURN dataset,
       COUNT { MATCH (a:Actor {dataset: dataset}) } AS actors,
       COUNT { MATCH (:Actor {dataset: dataset})-[r {dataset: dataset}]->(:Actor) } AS relationships,
       COUNT { MATCH (s:Source {dataset: dataset}) } AS sources
ORDER BY dataset
