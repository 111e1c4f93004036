// The actors of a dataset already in the database: [id, element id] pairs (element ids are valid
// in this transaction). One row holding a list is much quicker to receive than a row per actor.
MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL
RETURN collect([a.id, elementId(a)]) AS rows
