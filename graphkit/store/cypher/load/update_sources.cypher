// Sources already in the database: rewrite those whose graphkit properties differ and count them.
UNWIND $rows AS row
MATCH (s:Source) WHERE elementId(s) = row.element
WITH s, row
WHERE NOT all(key IN keys(row.props)
              WHERE s[key] = row.props[key] OR (s[key] IS NULL AND row.props[key] IS NULL))
SET s += row.props
RETURN count(s) AS count
