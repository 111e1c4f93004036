// The naive loader's statement for one actor: a MERGE on its key, its properties and kind label.
MERGE (a:Actor {dataset: $dataset, id: $id})
SET a += $props, a:$($kind)
