// Every actor of a dataset with the relationships that leave it (within the dataset): a row per
// actor, so that a large dataset arrives in as few rows as it has actors.
MATCH (a:Actor) WHERE a.dataset = $dataset AND a.id IS NOT NULL
OPTIONAL MATCH (a)-[r]->(b:Actor)
WHERE r.dataset = $dataset
RETURN a.id AS id, labels(a) AS labels, properties(a) AS props,
       collect(CASE WHEN r IS NOT NULL THEN [b.id, type(r), properties(r)] END) AS out
