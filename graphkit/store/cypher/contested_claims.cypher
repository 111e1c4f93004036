// Claims that are alleged, denied or disputed: what the sources do not state as plain fact.
//
// Each with the time its text gives (`when`; never a report date) and every citation: its
// source, its stance (asserts, alleges, denies, confirms) and its quote, or the register record
// and link it cites instead ("" for none), in parallel lists.
//
// Parameters:
//   $statuses  which statuses count as contested (list of text, default: ["alleged", "denied", "disputed"])
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query contested_claims --param 'statuses=["denied"]'
<STAGING>
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.dataset = a.dataset AND r.status IN $statuses
  AND ($dataset IS NULL OR a.dataset = $dataset) AND <VISIBLE a, r, b>
RETURN r.status AS status, a.id AS from, type(r) AS type, b.id AS to,
       CASE WHEN r.date IS NOT NULL THEN r.date
            WHEN r.start IS NOT NULL OR r.end <> '..' THEN coalesce(r.start, '') + '/' + coalesce(r.end, '')
            WHEN r.attested IS NOT NULL THEN 'attested ' + r.attested
            WHEN r.after IS NOT NULL OR r.before IS NOT NULL
              THEN trim(coalesce('after ' + r.after, '') + ' ' + coalesce('before ' + r.before, '')) END AS when,
       r.description AS description, r.source_ids AS sources, r.stances AS stances, r.quotes AS quotes,
       coalesce(r.records, []) AS records, coalesce(r.urls, []) AS urls,
       r.id AS id, r.dataset AS dataset
ORDER BY dataset, status, id
