// The relationships as the published record stood on a day: those some source had reported (or
// denied) by then, each with its status as the sources known then gave it.
//
// $known_by may be a year, a month or a day: its last day is the day asked about, exactly as
// `graphkit centrality --known-by` reads it. A citation counts once it is certainly known: from
// the last day of its own date, else of its source's publication date (a source of "2024" counts
// from 2024-12-31); a citation with neither never counts. Everything is precomputed when loaded:
// `known_from` (the first day a citation of it counts), and for each citation the day it counts
// from and the relationship's status as known that day, so that `status` is the status by
// $known_by (a claim alleged in 2018 may be disputed by 2024) and `sources` the sources known
// by then. `when` is the time the text gives, never a report date. Every status but denied is
// kept, unless $statuses says which.
//
// Parameters:
//   $known_by  a year, month or day (text, required)
//   $statuses  statuses to keep, e.g. ["alleged", "disputed"] (list of text, default: null)
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query relationships_known_by --param known_by=2020
<STAGING>
WITH toString($known_by) AS text, staging
WITH CASE size(text) WHEN 4 THEN date(text) + duration('P1Y') - duration('P1D')
                     WHEN 7 THEN date(text) + duration('P1M') - duration('P1D')
                     ELSE date(text) END AS day, staging
MATCH (a:Actor)-[r:<TYPES>]->(b:Actor)
WHERE r.known_from <= day AND r.dataset = a.dataset AND ($dataset IS NULL OR a.dataset = $dataset)
  AND <VISIBLE a, r, b>
// The citations known by then (ISO days compare as text), and the status as of the latest of them.
WITH a, r, b, day,
     [i IN range(0, size(r.known_days) - 1) WHERE r.known_days[i] <> '' AND r.known_days[i] <= toString(day)] AS known
WITH a, r, b, day, known,
     r.known_statuses[reduce(latest = known[0], i IN known |
                             CASE WHEN r.known_days[i] > r.known_days[latest] THEN i ELSE latest END)] AS status
WITH a, r, b, day, known, CASE WHEN status = '' THEN 'reported' ELSE status END AS status
WHERE CASE WHEN $statuses IS NULL THEN status <> 'denied' ELSE status IN $statuses END
RETURN a.id AS from, type(r) AS type, b.id AS to, status, r.status AS status_now,
       [i IN known | r.source_ids[i]] AS sources, [i IN known | r.stances[i]] AS stances,
       r.known_from AS known_from,
       CASE WHEN r.date IS NOT NULL THEN r.date
            WHEN r.start IS NOT NULL OR r.end <> '..' THEN coalesce(r.start, '') + '/' + coalesce(r.end, '')
            WHEN r.attested IS NOT NULL THEN 'attested ' + r.attested
            WHEN r.after IS NOT NULL OR r.before IS NOT NULL
              THEN trim(coalesce('after ' + r.after, '') + ' ' + coalesce('before ' + r.before, '')) END AS when,
       r.id AS id, r.dataset AS dataset
ORDER BY dataset, known_from, id
