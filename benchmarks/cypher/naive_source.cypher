// The naive loader's statement for one source.
MERGE (s:Source {dataset: $dataset, id: $id})
SET s += $props
