// The relationships that held at some time in a window: from $from's first day to $to's last.
//
// Like relationships_as_of, over a window, exactly as `graphkit centrality --between` decides:
// `holds` is "certain" when a relationship can neither have begun after the window nor ended
// before it, else "may"; with $certain only what certainly held is kept. A relationship whose
// text gives no time is left out unless $undated is "include". `when` is the time its text
// gives, never a report date. Every status but denied is kept, unless $statuses says which.
//
// Parameters:
//   $from      first year, month or day of the window (text, required)
//   $to        last year, month or day of the window (text, required)
//   $certain   true: only what certainly held (boolean, default: false)
//   $undated   "include": also the relationships whose text gives no time (text, default: "exclude")
//   $statuses  statuses to keep, e.g. ["alleged"] (list of text, default: null)
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query relationships_between --param from=2023-10 --param to=2024
<STAGING>
WITH toString($from) AS from_text, toString($to) AS to_text, staging
WITH date(from_text) AS first,
     CASE size(to_text) WHEN 4 THEN date(to_text) + duration('P1Y') - duration('P1D')
                        WHEN 7 THEN date(to_text) + duration('P1M') - duration('P1D')
                        ELSE date(to_text) END AS last, staging
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
