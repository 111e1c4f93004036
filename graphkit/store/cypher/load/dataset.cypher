// Lock the dataset for this load and write its metadata; returns 'created', 'updated' or 'unchanged',
// and the folder it was loaded from before (null if unknown), which `$folder` (if known) replaces.
// The write lock on the (:Dataset) node makes a second load of the same dataset wait for this one,
// so that what the load reads next is what it overwrites.
// A property that is in the database and not in the files compares as null, not false: coalesce
// makes it a difference, so that its removal alone is written.
MERGE (d:Dataset {dataset: $props.dataset})
  ON CREATE SET d._created = true
SET d._lock = true
WITH d, d.folder AS folder, CASE
  WHEN d._created THEN 'created'
  WHEN all(key IN keys($props) WHERE coalesce(d[key] = $props[key], d[key] IS NULL AND $props[key] IS NULL))
    THEN 'unchanged'
  ELSE 'updated'
END AS outcome
SET d += $props, d.folder = coalesce($folder, d.folder)
REMOVE d._lock, d._created
RETURN outcome, folder
