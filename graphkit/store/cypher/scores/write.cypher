// Set score properties on actors of a dataset: each row is {id, props: {property: value}}.
UNWIND $rows AS row
MATCH (a:Actor {dataset: $dataset, id: row.id})
SET a += row.props
RETURN count(a) AS count
