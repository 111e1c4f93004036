// The shortest chains of relationships between two actors, hop by hop, with each hop's sources.
//
// Every shortest path (up to 10 hops, either direction of travel) gets a number; each row is one
// hop with its relationship, dates, status, the ids of the sources that support it and their
// quotes, or the register records and links a citation cites instead ("" for none), in parallel
// lists. Relationships of every status but denied are followed, unless $statuses says which.
//
// Parameters:
//   $from      actor id, name or alias at one end (text, required)
//   $to        actor id, name or alias at the other end (text, required)
//   $statuses  statuses to follow, e.g. ["confirmed"] (list of text, default: null)
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query shortest_paths --param from=anwar-ibrahim --param to=united-states
<STAGING>
MATCH (a:Actor)
WHERE (a.id = $from OR a.name = $from OR $from IN coalesce(a.aliases, []))
  AND ($dataset IS NULL OR a.dataset = $dataset) AND <VISIBLE a>
MATCH (b:Actor {dataset: a.dataset})
WHERE (b.id = $to OR b.name = $to OR $to IN coalesce(b.aliases, [])) AND b <> a AND <VISIBLE b>
WITH a, b, staging, a.dataset AS dataset
// Predicates inside the pattern are checked during the search, not on the paths it found.
MATCH p = ALL SHORTEST (a) ((x:Actor WHERE <VISIBLE x>)-[r WHERE r.dataset = dataset AND <VISIBLE r>
    AND CASE WHEN $statuses IS NULL THEN r.status <> 'denied' ELSE r.status IN $statuses END]-(y:Actor WHERE <VISIBLE y>)){1,10}
  (b)
WITH dataset, a, b, collect(p) AS paths
UNWIND range(0, size(paths) - 1) AS number
WITH dataset, number + 1 AS path, paths[number] AS p
UNWIND range(0, length(p) - 1) AS step
WITH dataset, path, step + 1 AS hop, nodes(p)[step] AS x, relationships(p)[step] AS r, nodes(p)[step + 1] AS y
RETURN path, hop, x.id AS from,
       CASE WHEN r.directed = false THEN type(r) WHEN startNode(r) = x THEN type(r) + ' ->'
            ELSE '<- ' + type(r) END AS relationship,
       y.id AS to,
       CASE WHEN r.date IS NOT NULL THEN r.date
            WHEN r.start IS NOT NULL OR r.end <> '..' THEN coalesce(r.start, '') + '/' + coalesce(r.end, '')
            WHEN r.attested IS NOT NULL THEN 'attested ' + r.attested
            WHEN r.after IS NOT NULL OR r.before IS NOT NULL
              THEN trim(coalesce('after ' + r.after, '') + ' ' + coalesce('before ' + r.before, '')) END AS when,
       r.status AS status, r.source_ids AS sources, r.quotes AS quotes,
       coalesce(r.records, []) AS records, coalesce(r.urls, []) AS urls, r.id AS id, dataset
ORDER BY dataset, path, hop
