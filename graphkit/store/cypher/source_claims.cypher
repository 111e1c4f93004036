// Everything one source supports: each relationship that cites it, with the words it says it in.
//
// Found through the (:Source)-[:CITES]->(:Actor) links. `quotes` and `stances` hold this
// source's quotes and how it states the claim (asserts, alleges, denies, confirms) only, and
// `records` and `urls` the register records it cites instead of a quote ("" for none); other
// sources of the same relationship are listed in `sources`. `when` is the time the text gives,
// never a report date.
//
// Parameters:
//   $source   source id (text, required)
//   $dataset  dataset name (text, default: null)
//
// Example:
//   graphkit query source_claims --param source=news-us-demarche-malaysia-hamas
<STAGING>
MATCH (s:Source {id: $source})
WHERE ($dataset IS NULL OR s.dataset = $dataset) AND <VISIBLE s>
MATCH (s)-[c:CITES]->(a:Actor)-[r]->(b:Actor)
WHERE r.dataset = s.dataset AND s.id IN r.source_ids AND <VISIBLE c, a, r, b>
RETURN a.id AS from, type(r) AS type, b.id AS to, r.status AS status,
       CASE WHEN r.date IS NOT NULL THEN r.date
            WHEN r.start IS NOT NULL OR r.end <> '..' THEN coalesce(r.start, '') + '/' + coalesce(r.end, '')
            WHEN r.attested IS NOT NULL THEN 'attested ' + r.attested
            WHEN r.after IS NOT NULL OR r.before IS NOT NULL
              THEN trim(coalesce('after ' + r.after, '') + ' ' + coalesce('before ' + r.before, '')) END AS when,
       [i IN range(0, size(r.source_ids) - 1) WHERE r.source_ids[i] = s.id | r.quotes[i]] AS quotes,
       [i IN range(0, size(r.source_ids) - 1) WHERE r.source_ids[i] = s.id | coalesce(r.records[i], '')] AS records,
       [i IN range(0, size(r.source_ids) - 1) WHERE r.source_ids[i] = s.id | coalesce(r.urls[i], '')] AS urls,
       [i IN range(0, size(r.source_ids) - 1) WHERE r.source_ids[i] = s.id | r.stances[i]] AS stances,
       r.source_ids AS sources, r.id AS id, r.dataset AS dataset
ORDER BY dataset, id
