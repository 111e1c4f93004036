// The relationships that held on a date: those that certainly or may have held on some day of $as_of.
//
// $as_of may be a year (2023), a month (2023-10) or a day (2023-10-31). Whether a relationship
// held on one of its days follows from its precomputed bounds of valid time (when it may have
// begun, earliest_start..latest_start, and ended, earliest_end..latest_end, clipped to its
// actors' lifetimes), exactly as `graphkit centrality --as-of` decides: `holds` is "certain" when
// it can neither have begun after those days nor ended before them, else "may"; with $certain
// only what certainly held is kept. A relationship whose text gives no time (timing "undated")
// is never placed by when it was reported: it is left out unless $undated is "include". `when`
// is the time its text gives (a date, start/end, attested, after or before), never a report
// date. Every status but denied is kept, unless $statuses says which.
//
// Parameters:
//   $as_of     a year, month or day (text, required)
//   $certain   true: only what certainly held (boolean, default: false)
//   $undated   "include": also the relationships whose text gives no time (text, default: "exclude")
//   $statuses  statuses to keep, e.g. ["confirmed", "reported"] (list of text, default: null)
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query relationships_as_of --param as_of=2023-10-31
<STAGING>
WITH toString($as_of) AS text, staging
WITH date(text) AS first,
     CASE size(text) WHEN 4 THEN date(text) + duration('P1Y') - duration('P1D')
                     WHEN 7 THEN date(text) + duration('P1M') - duration('P1D')
                     ELSE date(text) END AS last, staging
MATCH (a:Actor)-[r:<TYPES>]->(b:Actor)
WHERE r.dataset = a.dataset AND ($dataset IS NULL OR a.dataset = $dataset) AND <VISIBLE a, r, b>
  AND CASE WHEN $statuses IS NULL THEN coalesce(r.status, 'reported') <> 'denied'
           ELSE coalesce(r.status, 'reported') IN $statuses END
  AND ($undated = 'include' OR coalesce(r.timing, 'undated') <> 'undated')
  AND (r.earliest_start IS NULL OR r.earliest_start <= last)
  AND (r.latest_end IS NULL OR r.latest_end >= first)
WITH a, r, b, CASE WHEN r.latest_start <= last AND r.earliest_end >= first THEN 'certain' ELSE 'may' END AS holds
WHERE holds = 'certain' OR NOT $certain
RETURN a.id AS from, type(r) AS type, b.id AS to, r.status AS status, holds,
       CASE WHEN r.date IS NOT NULL THEN r.date
            WHEN r.start IS NOT NULL OR r.end <> '..' THEN coalesce(r.start, '') + '/' + coalesce(r.end, '')
            WHEN r.attested IS NOT NULL THEN 'attested ' + r.attested
            WHEN r.after IS NOT NULL OR r.before IS NOT NULL
              THEN trim(coalesce('after ' + r.after, '') + ' ' + coalesce('before ' + r.before, '')) END AS when,
       r.timing AS timing, r.earliest_start AS earliest_start, r.latest_end AS latest_end, r.id AS id,
       r.dataset AS dataset
ORDER BY dataset, earliest_start, id
