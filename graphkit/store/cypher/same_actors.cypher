// Actors that are one across datasets: each SAME_AS link (`graphkit link --write`, or `graphkit
// load` of folders beside a links.yaml), with where it comes from (`origin`: a curator's
// judgement or an actor's `same_as` entry), who judged, when and why. `graphkit path ... --neo4j
// --merge` and the other reading commands merge on these links; this lists them.
//
// Parameters:
//   $dataset  only links with an actor of this dataset (text, default: null)
//
// Example:
//   graphkit query same_actors --param dataset=malaysia-palestine
<STAGING>
MATCH (a:Actor)-[s:SAME_AS]->(b:Actor)
WHERE ($dataset IS NULL OR a.dataset = $dataset OR b.dataset = $dataset) AND <VISIBLE a, s, b>
RETURN a.dataset + ':' + a.id AS left, a.name AS left_name, b.dataset + ':' + b.id AS right,
       b.name AS right_name, s.origin AS origin, s.by AS by, s.date AS date, s.note AS note
ORDER BY left, right
