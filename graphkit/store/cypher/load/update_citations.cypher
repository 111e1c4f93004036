// Set the relationship ids of existing CITES links, by element id.
UNWIND $rows AS row
MATCH ()-[c:CITES]->() WHERE elementId(c) = row.element
SET c.relationships = row.relationships
RETURN count(c) AS count
