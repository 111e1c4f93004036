// Loads of a dataset that were never made current ($loads), once what they wrote is deleted and
// their marks cleared: kept in the load log as 'abandoned' (numbers are never used twice).
MATCH (l:GraphkitLoad {dataset: $dataset})
WHERE l.number IN $loads
SET l.state = 'abandoned', l.finished = coalesce(l.finished, datetime())
RETURN count(l) AS count
