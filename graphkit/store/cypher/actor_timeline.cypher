// An actor's timeline: every relationship of the actor, in order of when it held.
//
// Ordered by the earliest day each relationship may have begun (its precomputed earliest_start,
// else latest_start), then by when it may have ended. `when` is the time its text gives (a date,
// start/end, attested, after or before); relationships whose text gives none (timing "undated")
// come last, with `when` empty: they are never placed by when they were reported, which
// `first_reported` shows apart. `direction` says whether the actor is the relationship's subject
// (out) or object (in). Every status is listed.
//
// Parameters:
//   $actor    actor id, name or alias (text, required)
//   $dataset  dataset name (text, default: null)
//
// Example:
//   graphkit query actor_timeline --param actor=anwar-ibrahim
<STAGING>
MATCH (a:Actor)
WHERE (a.id = $actor OR a.name = $actor OR $actor IN coalesce(a.aliases, []))
  AND ($dataset IS NULL OR a.dataset = $dataset) AND <VISIBLE a>
MATCH (a)-[r]-(other:Actor)
WHERE r.dataset = a.dataset AND <VISIBLE r, other>
WITH a, r, other, coalesce(r.timing, 'undated') = 'undated' AS undated
RETURN CASE WHEN r.date IS NOT NULL THEN r.date
            WHEN r.start IS NOT NULL OR r.end <> '..' THEN coalesce(r.start, '') + '/' + coalesce(r.end, '')
            WHEN r.attested IS NOT NULL THEN 'attested ' + r.attested
            WHEN r.after IS NOT NULL OR r.before IS NOT NULL
              THEN trim(coalesce('after ' + r.after, '') + ' ' + coalesce('before ' + r.before, '')) END AS when,
       CASE WHEN startNode(r) = a THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type, other.id AS other, other.name AS name, r.status AS status, r.timing AS timing,
       r.first_reported AS first_reported, r.source_ids AS sources, r.id AS id, a.dataset AS dataset
ORDER BY dataset, undated,
         CASE WHEN undated THEN null ELSE coalesce(r.earliest_start, r.latest_start) END IS NULL,
         CASE WHEN undated THEN null ELSE coalesce(r.earliest_start, r.latest_start) END,
         CASE WHEN undated THEN null ELSE r.latest_end END IS NULL,
         CASE WHEN undated THEN null ELSE r.latest_end END, r.id
