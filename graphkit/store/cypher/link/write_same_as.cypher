// Record that two actors of two datasets are one: a SAME_AS relationship per row
// {left_dataset, left_id, right_dataset, right_id, judgement, by, date, note, origin}, where
// origin says whether a judgement or an actor's `same_as` entry says so. Rows whose actors are not
// loaded write nothing; the count says how many were written. The links join the versions of the
// actors readers see (not those of a load still staging).
<STAGING>
UNWIND $rows AS row
MATCH (a:Actor {dataset: row.left_dataset, id: row.left_id})
WHERE <VISIBLE a>
MATCH (b:Actor {dataset: row.right_dataset, id: row.right_id})
WHERE <VISIBLE b>
MERGE (a)-[s:SAME_AS]->(b)
SET s.origin = row.origin, s.by = row.by, s.date = row.date, s.note = row.note
RETURN count(s) AS count
