// Delete relationships by element id (read earlier in the same transaction).
UNWIND $elements AS element
MATCH ()-[r]->() WHERE elementId(r) = element
DELETE r
RETURN count(*) AS count
