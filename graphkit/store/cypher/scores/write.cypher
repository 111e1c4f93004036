// Set score properties on actors of a dataset: each row is {id, props: {property: value}}. The
// scores are those of the version readers see, and go on it alone (not on a version still staging).
<STAGING>
UNWIND $rows AS row
MATCH (a:Actor {dataset: $dataset, id: row.id})
WHERE <VISIBLE a>
SET a += row.props
RETURN count(a) AS count
