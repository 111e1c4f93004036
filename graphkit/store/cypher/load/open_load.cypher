// A new load of a dataset, in state 'staging' (its own small transaction): numbers are unique and
// increasing; two loads that take the same number at once meet the uniqueness constraint, and the
// second tries again.
OPTIONAL MATCH (l:GraphkitLoad) WHERE l.number IS NOT NULL
WITH coalesce(max(l.number), 0) + 1 AS number
CREATE (n:GraphkitLoad {number: number, dataset: $dataset, state: 'staging', started: datetime()})
RETURN number
