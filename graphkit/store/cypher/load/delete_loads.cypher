// Delete load log entries of a dataset: the abandoned loads $loads, or when $loads is null all of
// them up to load $upto (an unload's: a later load of the same name keeps its own).
MATCH (l:GraphkitLoad {dataset: $dataset})
WHERE ($loads IS NULL AND l.number <= $upto) OR l.number IN coalesce($loads, [])
DELETE l
RETURN count(l) AS count
