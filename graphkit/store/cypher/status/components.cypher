// The server's product version and edition ("community" or "enterprise"), for `graphkit status`.
CALL dbms.components() YIELD name, versions, edition
WHERE name = "Neo4j Kernel"
RETURN versions[0] AS version, edition
