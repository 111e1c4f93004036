// Remove a score property from every actor of a dataset: $props is {property: null}.
MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL
SET a += $props
