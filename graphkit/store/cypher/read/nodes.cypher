// Nodes by element id: the ends of relationships a query returned without their nodes.
UNWIND $elements AS element
MATCH (n) WHERE elementId(n) = element
RETURN n
