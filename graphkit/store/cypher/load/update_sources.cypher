// Sources already in the database: rewrite those whose graphkit properties differ and count them.
// A property that is in the database and not in the files compares as null, not false: coalesce
// makes it a difference, so that its removal alone is written.
UNWIND $rows AS row
MATCH (s:Source) WHERE elementId(s) = row.element
WITH s, row
WHERE NOT all(key IN keys(row.props)
              WHERE coalesce(s[key] = row.props[key], s[key] IS NULL AND row.props[key] IS NULL))
SET s += row.props
RETURN count(s) AS count
