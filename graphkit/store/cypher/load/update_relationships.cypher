// Relationships already in the database with the same type and ends: rewrite those whose
// graphkit properties differ and count them.
// A property that is in the database and not in the files compares as null, not false: coalesce
// makes it a difference, so that its removal alone is written.
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.element
WITH r, row
WHERE NOT all(key IN keys(row.props)
              WHERE coalesce(r[key] = row.props[key], r[key] IS NULL AND row.props[key] IS NULL))
SET r += row.props
RETURN count(r) AS count
