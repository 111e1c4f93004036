// The pairs of actors that are one across datasets, among $datasets: the SAME_AS relationships
// that `graphkit link --write` records from the judgements, and the actors' own `same_as`
// entries ("DATASET:ACTOR-ID", dataset names hold no ':'). `graph.merge_graph` folds each
// cluster of them into one node: the merged network.
<STAGING>
MATCH (a:Actor)-[s:SAME_AS]->(b:Actor)
WHERE a.dataset IN $datasets AND b.dataset IN $datasets AND a.id IS NOT NULL AND b.id IS NOT NULL
  AND <VISIBLE a, s, b>
RETURN a.dataset AS left_dataset, a.id AS left_id, b.dataset AS right_dataset, b.id AS right_id
UNION
<STAGING>
MATCH (a:Actor)
WHERE a.dataset IN $datasets AND a.id IS NOT NULL AND a.same_as IS NOT NULL AND <VISIBLE a>
UNWIND a.same_as AS entry
WITH a, staging, split(entry, ':')[0] AS dataset, entry
WITH a, staging, dataset, substring(entry, size(dataset) + 1) AS id
MATCH (b:Actor {dataset: dataset, id: id})
WHERE dataset IN $datasets AND <VISIBLE b>
RETURN a.dataset AS left_dataset, a.id AS left_id, b.dataset AS right_dataset, b.id AS right_id
