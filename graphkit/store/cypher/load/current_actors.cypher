// The current version of a dataset's actors: id, content hash and element id of each, streamed.
// Run while the dataset is locked for a load, after leftovers were cleared: no other version is there.
MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL AND a.gk_replaced IS NULL
RETURN a.id AS id, a.gk_hash AS hash, elementId(a) AS element
