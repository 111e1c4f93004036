// New actors: (:Actor:<Kind>). `row.kind` is checked against the vocabulary before it is sent.
UNWIND $rows AS row
CREATE (a:Actor:$(row.kind))
SET a = row.props
RETURN count(a) AS count
