// The naive loader's statement for one relationship: its ends by key, a MERGE on its id.
MATCH (a:Actor {dataset: $dataset, id: $from})
MATCH (b:Actor {dataset: $dataset, id: $to})
MERGE (a)-[r:$($type) {dataset: $dataset, id: $id}]->(b)
SET r += $props
