// Actors already in the database: rewrite those whose graphkit properties or kind differ and
// count them. `row.props` holds every graphkit property (null = absent), so a field removed from
// the file is removed here; properties graphkit does not own (e.g. stored centrality) stay.
UNWIND $rows AS row
MATCH (a:Actor) WHERE elementId(a) = row.element
WITH a, row
WHERE NOT (row.kind IN labels(a)
           AND all(key IN keys(row.props)
                   WHERE a[key] = row.props[key] OR (a[key] IS NULL AND row.props[key] IS NULL)))
REMOVE a:$($kinds)
SET a:$(row.kind), a += row.props
RETURN count(a) AS count
