// An actor's timeline: every relationship of the actor, in order of when it holds.
//
// Ordered by the first day each relationship may hold on (valid_from, else valid_to); those
// that cannot be placed in time come last. `direction` says whether the actor is the
// relationship's subject (out) or object (in). Every status is listed.
//
// Parameters:
//   $actor    actor id, name or alias (required)
//   $dataset  dataset name (default: null)
//
// Example:
//   graphkit query actor_timeline --param actor=anwar-ibrahim
MATCH (a:Actor)
WHERE (a.id = $actor OR a.name = $actor OR $actor IN coalesce(a.aliases, []))
  AND ($dataset IS NULL OR a.dataset = $dataset)
MATCH (a)-[r]-(other:Actor)
WHERE r.dataset = a.dataset
RETURN coalesce(r.date, CASE WHEN r.start IS NOT NULL OR r.end IS NOT NULL
                             THEN coalesce(r.start, '') + '..' + coalesce(r.end, '') END,
                'reported ' + r.reported) AS when,
       CASE WHEN startNode(r) = a THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type, other.id AS other, other.name AS name, r.status AS status,
       r.source_ids AS sources, r.id AS id, a.dataset AS dataset
ORDER BY dataset, coalesce(r.valid_from, r.valid_to) IS NULL, coalesce(r.valid_from, r.valid_to),
         r.valid_to, r.id
