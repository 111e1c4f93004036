// Remove the SAME_AS relationships between actors of $datasets, before the judgements are
// written again (in the same transaction): a pair judged different since goes. Those a load still
// staging wrote are its own, and stay.
<STAGING>
MATCH (a:Actor)-[s:SAME_AS]->(b:Actor)
WHERE a.dataset IN $datasets AND b.dataset IN $datasets AND <VISIBLE a, s, b>
DELETE s
RETURN count(s) AS count
