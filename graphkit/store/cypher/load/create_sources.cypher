// New sources.
UNWIND $rows AS row
CREATE (s:Source)
SET s = row.props
RETURN count(s) AS count
