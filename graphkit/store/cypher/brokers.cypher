// Brokers: actors with a direct relationship to both of two actors (in either direction).
//
// Relationships of every status but denied count, unless $statuses says which. `graphkit brokers
// A B` finds the same brokers from a dataset's files (or Neo4j), ranks them, shows each path
// with its evidence, and with --max-hops counts longer paths too.
//
// Parameters:
//   $a         actor id, name or alias (text, required)
//   $b         actor id, name or alias (text, required)
//   $statuses  statuses that count (list of text, default: null)
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query brokers --param a=malaysia --param b=hamas
<STAGING>
MATCH (a:Actor)
WHERE (a.id = $a OR a.name = $a OR $a IN coalesce(a.aliases, []))
  AND ($dataset IS NULL OR a.dataset = $dataset) AND <VISIBLE a>
MATCH (b:Actor {dataset: a.dataset})
WHERE (b.id = $b OR b.name = $b OR $b IN coalesce(b.aliases, [])) AND b <> a AND <VISIBLE b>
MATCH (a)-[ra]-(broker:Actor)-[rb]-(b)
WHERE broker <> a AND broker <> b AND ra.dataset = a.dataset AND rb.dataset = a.dataset AND <VISIBLE ra, broker, rb>
  AND CASE WHEN $statuses IS NULL THEN ra.status <> 'denied' AND rb.status <> 'denied'
           ELSE ra.status IN $statuses AND rb.status IN $statuses END
RETURN broker.id AS broker, broker.name AS name, broker.kind AS kind,
       collect(DISTINCT type(ra)) AS with_a, collect(DISTINCT type(rb)) AS with_b, a.dataset AS dataset
ORDER BY dataset, broker
