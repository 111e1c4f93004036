// New relationships between the dataset's actors. `row.type` is checked against the vocabulary
// before it is sent.
UNWIND $rows AS row
MATCH (a:Actor {dataset: $dataset, id: row.from})
MATCH (b:Actor {dataset: $dataset, id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS count
