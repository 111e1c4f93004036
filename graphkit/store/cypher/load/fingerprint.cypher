// Record on a dataset's current load that it holds what a load of this fingerprint writes (a load
// that found every record unchanged, e.g. after a bulk import).
MATCH (l:GraphkitLoad {dataset: $dataset, state: 'current'})
SET l.fingerprint = $fingerprint
RETURN count(l) AS count
