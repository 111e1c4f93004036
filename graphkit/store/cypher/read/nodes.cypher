// Nodes by element id: the ends of relationships a query returned without their nodes.
<STAGING>
UNWIND $elements AS element
MATCH (n) WHERE elementId(n) = element AND <VISIBLE n>
RETURN n
