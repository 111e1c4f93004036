// An actor's profile and ego network: the actor, then everyone within $depth hops, nearest first.
//
// Row 0 is the actor itself; each other row is an actor $depth hops away or nearer, with one
// shortest path that reaches it. Relationships of every status but denied are followed, unless
// $statuses says which. The actor is found by id, name or alias.
//
// Parameters:
//   $actor     actor id, name or alias (text, required)
//   $depth     how many hops out, 1 to 3 (integer, default: 1)
//   $statuses  statuses to follow, e.g. ["confirmed", "reported"] (list of text, default: null)
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query actor_profile --param actor=anwar-ibrahim --param depth=2
<STAGING>
MATCH (a:Actor)
WHERE (a.id = $actor OR a.name = $actor OR $actor IN coalesce(a.aliases, []))
  AND ($dataset IS NULL OR a.dataset = $dataset) AND <VISIBLE a>
CALL (a, staging) {
  RETURN 0 AS hops, a AS actor, null AS path
  UNION
  // Predicates inside the pattern are checked during the search, not on the paths it found.
  WITH a, staging, a.dataset AS dataset
  MATCH path = ANY SHORTEST (a) ((x:Actor WHERE <VISIBLE x>)-[r WHERE r.dataset = dataset AND <VISIBLE r>
      AND CASE WHEN $statuses IS NULL THEN r.status <> 'denied' ELSE r.status IN $statuses END]-(y:Actor WHERE <VISIBLE y>)){1,3}
    (n:Actor)
  WHERE n <> a AND length(path) <= $depth AND <VISIBLE n>
  RETURN length(path) AS hops, n AS actor, path
}
RETURN hops, actor, actor.kind AS kind, actor.country AS country, actor.description AS description, path,
       a.dataset AS dataset
ORDER BY dataset, a.id, hops, actor.id
