// The names of the indexes in the database (those backing constraints too), so that the schema
// sends only what is missing.
SHOW INDEXES YIELD name
RETURN name
