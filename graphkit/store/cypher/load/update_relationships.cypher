// Relationships already in the database with the same type and ends: rewrite those whose
// graphkit properties differ and count them.
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.element
WITH r, row
WHERE NOT all(key IN keys(row.props)
              WHERE r[key] = row.props[key] OR (r[key] IS NULL AND row.props[key] IS NULL))
SET r += row.props
RETURN count(r) AS count
