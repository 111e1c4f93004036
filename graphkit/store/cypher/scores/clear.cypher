// Remove a score property from every actor of a dataset: $props is {property: null}. Only the
// version readers see: a load still staging is left alone.
<STAGING>
MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL AND <VISIBLE a>
SET a += $props
