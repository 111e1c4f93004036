// Actors already in the database: rewrite those whose graphkit properties or kind differ and
// count them. `row.props` holds every graphkit property (null = absent), so a field removed from
// the file is removed here; properties graphkit does not own (e.g. stored centrality) stay.
// A property that is in the database and not in the files compares as null, not false: coalesce
// makes it a difference, so that its removal alone is written.
UNWIND $rows AS row
MATCH (a:Actor) WHERE elementId(a) = row.element
WITH a, row
WHERE NOT (row.kind IN labels(a)
           AND all(key IN keys(row.props)
                   WHERE coalesce(a[key] = row.props[key], a[key] IS NULL AND row.props[key] IS NULL)))
REMOVE a:$($kinds)
SET a:$(row.kind), a += row.props
RETURN count(a) AS count
